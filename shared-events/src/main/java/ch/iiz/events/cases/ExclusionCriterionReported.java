package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

/**
 * An exclusion criterion occurred. A health-related criterion ({@link ExclusionCriterion#healthRelated()}) is personal
 * data: {@code criterion} is then null and {@code sealedCriterion} carries its name sealed with the client's key
 * ({@code enc:v1:...}, readable only in case-service, unreadable once the client's key was erased). Version 2.
 */
@EventType(name = "ExclusionCriterionReported", version = 2,
        summary = "An exclusion criterion occurred during a running mandate; the mandate ends. Health-related criteria are sealed.")
public record ExclusionCriterionReported(String mandateId, @Nullable ExclusionCriterion criterion, LocalDate reportedOn,
                                         @Nullable String sealedCriterion) implements CaseEvent {
}
