package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "ExclusionCriterionReported",
        summary = "An exclusion criterion occurred during a running mandate; the mandate ends.")
public record ExclusionCriterionReported(String mandateId, ExclusionCriterion criterion, LocalDate reportedOn)
        implements CaseEvent {
}
