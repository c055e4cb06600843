package ch.iiz.events.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An anchor of a service's event store: SHA-256 over the head hash of every aggregate (case) chain, in the order of
 * the aggregate ids (ch.iiz.events.integrity.EventChain#anchor). Once published, a later change to any stored event
 * of those cases no longer matches it.
 *
 * @param anchorId   unique id of the anchor
 * @param service    the service whose store it anchors
 * @param anchoredAt the instant the heads were read
 * @param anchoredOn the business day of {@code anchoredAt} (Europe/Zurich)
 * @param aggregates how many aggregate chains it covers
 * @param events     how many chained events it covers
 * @param digest     the anchor, hex
 * @param trigger    SCHEDULED or ON_DEMAND
 */
@EventType(name = "ChainAnchored", summary = "A service anchored its event store: a digest over the head hashes of all case chains.")
public record ChainAnchored(String anchorId, String service, Instant anchoredAt, LocalDate anchoredOn, long aggregates,
                            long events, String digest, String trigger) implements AuditEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return service;
    }
}
