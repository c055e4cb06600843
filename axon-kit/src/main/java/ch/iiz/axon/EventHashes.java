package ch.iiz.axon;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.integrity.EventChain;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chain hashes of a service's event store (ARCHITECTURE.md "Tamper evidence"), in the side table
 * {@code event_hash(aggregate_id, sequence, hash, prev_hash)}: a subscribing handler writes each integration event's
 * hash in the command's own transaction, one batched insert for the command's events ({@link CommandWrites}), chained to the previous integration event of the same
 * aggregate ({@link EventChain}; the canonical envelope is {@link KafkaOutboxRelay#toEnvelope}). Internal events of an
 * aggregate never leave the service and are not chained. An aggregate whose earlier events were stored before hashes
 * existed is chained from its first event when it next changes.
 */
@ProcessingGroup(EventHashes.PROCESSOR)
public class EventHashes {

    public static final String PROCESSOR = "event-hash";

    /** Past this many links not yet taken by the relay (their commands rolled back), the memory starts afresh. */
    static final int MAX_REMEMBERED = 10_000;
    private static final String HEADS = EventHashes.class.getName() + ".heads";
    private static final String LINKS = EventHashes.class.getName() + ".links";

    private final DataSource dataSource;
    private final EventStorageEngine storage;
    /**
     * What was hashed here, by event id, until the relay takes it: the link, the envelope and its canonical bytes,
     * which are what the relay sends, so an event relayed by the process that stored it is neither read back from the
     * store's payload nor encoded a second time, and its link not queried. A rolled-back command's entries are removed.
     */
    private final Map<String, Hashed> written = new ConcurrentHashMap<>();

    public EventHashes(DataSource dataSource, EventStorageEngine storage) {
        this.dataSource = dataSource;
        this.storage = storage;
    }

    /** One stored hash. */
    public record Link(String aggregateId, long sequence, byte[] hash, byte[] prevHash) {
    }

    /** An event as hashed in its command's transaction: its link, its envelope and the envelope's canonical bytes. */
    public record Hashed(Link link, EventEnvelope<IntegrationEvent> envelope, byte[] canonical) {
    }

    @EventHandler
    public void on(IntegrationEvent event, DomainEventMessage<?> message, UnitOfWork<?> unitOfWork) throws SQLException {
        String aggregateId = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        // the head this transaction already wrote for the aggregate (a command's second event): no query needed
        Map<String, byte[]> heads = unitOfWork.root().getOrComputeResource(HEADS, k -> new HashMap<>());
        try (Connection c = dataSource.getConnection()) {
            byte[] previous = heads.get(aggregateId);
            if (previous == null && sequence > 0) {
                previous = head(c, aggregateId).map(Link::hash).orElse(null);
            }
            if (previous == null) {
                previous = chainEarlier(c, aggregateId, sequence);
            }
            EventEnvelope<IntegrationEvent> envelope = storedEnvelope(event, message);
            byte[] canonical = EventChain.canonical(envelope);
            byte[] hash = EventChain.link(previous, canonical);
            Link link = new Link(aggregateId, sequence, hash, previous);
            // one batched insert for all of the command's events (before its transaction commits)
            CommandWrites.<Link>of(unitOfWork, LINKS, this::insertAll).add(link);
            heads.put(aggregateId, hash);
            if (written.size() >= MAX_REMEMBERED) {
                written.clear();
            }
            String eventId = message.getIdentifier();
            written.put(eventId, new Hashed(link, envelope, canonical));
            unitOfWork.onRollback(u -> written.remove(eventId));
        }
    }

    /** The event as hashed by this process, if it was and the relay has not taken it yet (the relay's fast path). */
    public Optional<Hashed> take(String eventId) {
        return Optional.ofNullable(written.remove(eventId));
    }

    /** The stored hash of one stored event, from the table. */
    public Optional<Link> of(DomainEventMessage<?> message) {
        return of(message.getAggregateIdentifier(), message.getSequenceNumber());
    }

    /** The canonical envelope of a stored event, as the relay sends it (see {@link #storedEnvelope}). */
    public static byte[] canonical(IntegrationEvent event, DomainEventMessage<?> message) {
        return EventChain.canonical(storedEnvelope(event, message));
    }

    /**
     * The envelope of a stored event: the store keeps timestamps to the millisecond, so the instant of a message not
     * yet read back is cut to the millisecond as well, and the envelope is the same before and after the store.
     */
    public static EventEnvelope<IntegrationEvent> storedEnvelope(IntegrationEvent event, DomainEventMessage<?> message) {
        EventEnvelope<IntegrationEvent> e = KafkaOutboxRelay.toEnvelope(event, message);
        return new EventEnvelope<>(e.eventId(), e.type(), e.schemaVersion(), e.caseId(),
                e.sequence(), e.occurredAt().truncatedTo(ChronoUnit.MILLIS), e.actor(), e.correlationId(),
                e.causationId(), e.payload());
    }

    /** Hashes the aggregate's integration events stored before {@code sequence} without one; the last hash. */
    private byte[] chainEarlier(Connection c, String aggregateId, long sequence) throws SQLException {
        byte[] previous = EventChain.GENESIS;
        if (sequence == 0) {
            return previous;
        }
        DomainEventStream stream = storage.readEvents(aggregateId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> earlier = stream.next();
            if (earlier.getSequenceNumber() >= sequence) {
                break;
            }
            if (earlier.getPayload() instanceof IntegrationEvent e) {
                byte[] hash = EventChain.link(previous, canonical(e, earlier));
                insert(c, aggregateId, earlier.getSequenceNumber(), hash, previous);
                previous = hash;
            }
        }
        return previous;
    }

    private static void insert(Connection c, String aggregateId, long sequence, byte[] hash, byte[] previous)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into event_hash (aggregate_id, sequence, hash, prev_hash) values (?, ?, ?, ?)")) {
            ps.setString(1, aggregateId);
            ps.setLong(2, sequence);
            ps.setBytes(3, hash);
            ps.setBytes(4, previous);
            ps.executeUpdate();
        }
    }

    private void insertAll(List<Link> links) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into event_hash (aggregate_id, sequence, hash, prev_hash) values (?, ?, ?, ?)")) {
            for (Link l : links) {
                ps.setString(1, l.aggregateId());
                ps.setLong(2, l.sequence());
                ps.setBytes(3, l.hash());
                ps.setBytes(4, l.prevHash());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Optional<Link> head(Connection c, String aggregateId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select sequence, hash, prev_hash from event_hash "
                + "where aggregate_id = ? order by sequence desc limit 1")) {
            ps.setString(1, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Link(aggregateId, rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        }
    }

    /** The stored hash of one event, if it has one. */
    public Optional<Link> of(String aggregateId, long sequence) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select hash, prev_hash from event_hash where aggregate_id = ? and sequence = ?")) {
            ps.setString(1, aggregateId);
            ps.setLong(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Link(aggregateId, sequence, rs.getBytes(1), rs.getBytes(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All stored hashes of an aggregate, in sequence order. */
    public List<Link> ofAggregate(String aggregateId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select sequence, hash, prev_hash from event_hash where aggregate_id = ? order by sequence")) {
            ps.setString(1, aggregateId);
            List<Link> links = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    links.add(new Link(aggregateId, rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
            return links;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The head of every aggregate's chain (for an anchor), with the number of chained events. */
    public Heads heads() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select h.aggregate_id, h.hash, n.events from event_hash h
                join (select aggregate_id, max(sequence) as head, count(*) as events from event_hash group by aggregate_id) n
                  on n.aggregate_id = h.aggregate_id and n.head = h.sequence""")) {
            List<EventChain.Head> heads = new ArrayList<>();
            long events = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(new EventChain.Head(rs.getString(1), rs.getBytes(2)));
                    events += rs.getLong(3);
                }
            }
            return new Heads(heads, events);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Heads(List<EventChain.Head> heads, long events) {
    }
}
