package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

/** The case's AMIplus mandate was aborted for one of the eight reasons; the case ends with it. */
@EventType(name = "CaseAborted", summary = "The case (its AMIplus mandate) was aborted for one of the eight reasons.")
public record CaseAborted(AbortReason reason, @Nullable ExclusionCriterion criterion, LocalDate abortedOn,
                          String abortedBy) implements CaseEvent {
}
