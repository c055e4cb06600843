package ch.iiz.axon;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Carries a domain command to one aggregate, with the version the caller saw ({@code If-Match}) or null. Axon loads
 * the aggregate and refuses a stale version under the aggregate's lock, and the event store's unique
 * (aggregate, sequence) refuses a concurrent append from another instance: the check is atomic with the write.
 * Keeps Axon's annotations out of the domain's commands.
 */
public record TargetedCommand(@TargetAggregateIdentifier String aggregateId,
                              @TargetAggregateVersion Long expectedVersion,
                              Object command) {
}
