package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

/**
 * The case's AMIplus mandate was aborted for one of the eight reasons. The mandate ends and the lead returns to the
 * municipality; the case itself stays open with its social services (the name is historical). For
 * {@code EXCLUSION_CRITERION}, a health-related criterion is sealed in {@code sealedCriterion} and {@code criterion}
 * is null (see {@link ExclusionCriterionReported}). Version 2.
 */
@EventType(name = "CaseAborted", version = 2,
        summary = "The AMIplus mandate was aborted for one of the eight reasons; the case stays open.")
public record CaseAborted(AbortReason reason, @Nullable ExclusionCriterion criterion, LocalDate abortedOn,
                          String abortedBy, @Nullable String sealedCriterion) implements CaseEvent {

    /** An abort with nothing sealed (every reason but a health-related exclusion criterion). */
    public CaseAborted(AbortReason reason, ExclusionCriterion criterion, LocalDate abortedOn, String abortedBy) {
        this(reason, criterion, abortedOn, abortedBy, null);
    }
}
