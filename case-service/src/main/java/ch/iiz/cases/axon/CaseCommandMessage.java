package ch.iiz.cases.axon;

import ch.iiz.cases.domain.CaseCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Carries any command on an existing case to its aggregate, with the version the caller saw ({@code If-Match});
 * keeps Axon's annotations out of the domain's commands.
 */
public record CaseCommandMessage(@TargetAggregateIdentifier String caseId,
                                 @TargetAggregateVersion Long expectedVersion,
                                 CaseCommand command) {
}
