package ch.iiz.placement.axon;

import ch.iiz.placement.domain.VacancyCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Carries a vacancy command to its vacancy, like {@link CourseTarget}. */
public record VacancyTarget(@TargetAggregateIdentifier String vacancyId, @TargetAggregateVersion Long expectedVersion,
                            VacancyCommand command) {
}
