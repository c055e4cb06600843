package ch.iiz.axon;

import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.integrity.EventChain;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies an aggregate's chain at its source: recomputes every hash from the events as the store holds them now and
 * compares with {@code event_hash}; names the first sequence where they part.
 */
public class ChainVerifier {

    private final String service;
    private final EventStorageEngine storage;
    private final EventHashes hashes;

    public ChainVerifier(String service, EventStorageEngine storage, EventHashes hashes) {
        this.service = service;
        this.storage = storage;
        this.hashes = hashes;
    }

    /**
     * The verdict on one chain.
     *
     * @param events              integration events of the aggregate checked
     * @param firstBrokenSequence the first aggregate sequence whose stored form or hash does not fit the chain
     * @param headHash            the last hash of the chain (hex), when intact
     */
    public record Report(String service, String aggregateId, int events, boolean intact, Long firstBrokenSequence,
                         String problem, String headHash) {
    }

    /** Null when the store has no integration event of that aggregate. */
    public Report verify(String aggregateId) {
        Map<Long, EventHashes.Link> links = new TreeMap<>();
        hashes.ofAggregate(aggregateId).forEach(l -> links.put(l.sequence(), l));
        byte[] previous = EventChain.GENESIS;
        int events = 0;
        long next = 0;
        DomainEventStream stream = storage.readEvents(aggregateId, 0);
        while (true) {
            DomainEventMessage<?> message;
            try {
                if (!stream.hasNext()) {
                    break;
                }
                message = stream.next();
            } catch (RuntimeException e) {
                return broken(aggregateId, events, next, "the stored event cannot be read any more");
            }
            next = message.getSequenceNumber() + 1;
            if (!(message.getPayload() instanceof IntegrationEvent event)) {
                continue;
            }
            events++;
            long sequence = message.getSequenceNumber();
            EventHashes.Link link = links.remove(sequence);
            if (link == null) {
                return broken(aggregateId, events, sequence, "no stored hash for this event");
            }
            if (!Arrays.equals(link.prevHash(), previous)) {
                return broken(aggregateId, events, sequence, "its previous hash is not the hash of the event before");
            }
            if (!Arrays.equals(link.hash(), EventChain.link(previous, EventHashes.canonical(event, message)))) {
                return broken(aggregateId, events, sequence, "the stored event no longer matches its hash");
            }
            previous = link.hash();
        }
        if (!links.isEmpty()) {
            return broken(aggregateId, events, links.keySet().iterator().next(),
                    "a hash whose event is no longer in the store");
        }
        return events == 0 ? null : new Report(service, aggregateId, events, true, null, null, EventChain.hex(previous));
    }

    private Report broken(String aggregateId, int events, long sequence, String problem) {
        return new Report(service, aggregateId, events, false, sequence, problem, null);
    }
}
