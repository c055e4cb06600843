package ch.iiz.referral.axon;

import ch.iiz.referral.domain.LeadCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Carries a lead command to the case's lead aggregate; keeps Axon's annotations out of the domain. */
public record LeadCommandMessage(@TargetAggregateIdentifier String caseId, LeadCommand command) {
}
