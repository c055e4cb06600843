package ch.iiz.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The event store's storage with its tracking reads (what the store's reader thread runs for the outbox relay, after
 * every commit) done by a second engine over the same table that runs each query on its own, without a JTA
 * transaction. They read committed rows and write nothing, and a JTA transaction around each one (begin, enlisting
 * the connection, commit) cost the reader thread more than the query itself (JFR: 28 of its 53 samples in Narayana).
 * Everything a command does (appends, loading an aggregate, snapshots) stays on the JTA engine.
 */
final class TrackingReadsWithoutJta implements EventStorageEngine {

    private final EventStorageEngine transactional;
    private final EventStorageEngine trackingReads;

    TrackingReadsWithoutJta(EventStorageEngine transactional, EventStorageEngine trackingReads) {
        this.transactional = transactional;
        this.trackingReads = trackingReads;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        transactional.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        transactional.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return trackingReads.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return transactional.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return transactional.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return transactional.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return trackingReads.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return trackingReads.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return trackingReads.createTokenAt(dateTime);
    }
}
