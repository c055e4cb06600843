package ch.iiz.reporting.ingest;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.reporting.kpi.KpiProjector;
import ch.iiz.service.access.Access;
import ch.iiz.service.kafka.BatchApplier;
import ch.iiz.service.kafka.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every record of the event topics (case, referral, billing, placement: channel {@code events}, the topics listed in
 * its configuration), applied once, a poll's batch at a time: in one transaction the events go into the log, the access and KPI facts change and the
 * partitions' positions move. A record below its partition's position (a replay, a redelivery) or an event id seen
 * before (a duplicate on another offset) changes nothing. A record that cannot be read goes to
 * {@code iiz.dlq.reporting-service} with the reason while the rest of its batch is applied; when the database refuses
 * the batch, its records are applied one by one so only the one at fault is dead-lettered.
 */
@ApplicationScoped
public class Ingest {

    public static final String PROJECTION = "reporting";
    /** Where the ingest notes each record it dead-lettered (db/migration V10); the projection rebuild leaves these out. */
    public static final String REFUSALS = "ingest_refusal";

    private final EventCodec codec = new EventCodec();
    private DeadLetters deadLetters;
    private BatchApplier<Read> applier;

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Incoming("events")
    @Blocking(ordered = true)
    public void onEvents(ConsumerRecords<String, byte[]> records) throws Exception {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        apply(batch);
    }

    /** One record as read: its event, or none (a type this service does not know), or why it cannot be read. */
    private record Read(ConsumerRecord<String, byte[]> record, EventEnvelope<IntegrationEvent> envelope,
                        String wire, RuntimeException unreadable) {
    }

    /**
     * While the database restarts, the batch waits and is applied again; only a failure of the records themselves
     * splits it, so that only the one at fault is dead-lettered ({@link BatchApplier}).
     */
    void apply(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        applier.apply(records.stream().map(this::read).toList());
    }

    private Read read(ConsumerRecord<String, byte[]> record) {
        try {
            String wire = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8);
            EventEnvelope<IntegrationEvent> envelope = codec.decode(wire);
            String unfit = WireText.unfit(wire, envelope);
            if (unfit != null) {
                throw new IllegalArgumentException(unfit);
            }
            return new Read(record, envelope, wire, null);
        } catch (UnknownEventTypeException e) {
            return new Read(record, null, null, null); // written by a newer producer: passed over
        } catch (RuntimeException e) {
            return new Read(record, null, null, e);
        }
    }

    private void applyBatch(List<Read> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Read> claimed = claimPositions(c, batch);
                List<EventEnvelope<IntegrationEvent>> logged = log(c, claimed);
                List<Access.Fact> access = new ArrayList<>();
                for (EventEnvelope<IntegrationEvent> e : logged) {
                    if (e.payload() instanceof CaseEvent event && e.caseId() != null) {
                        access.add(new Access.Fact(e.caseId(), e.sequence(), event));
                    }
                }
                Access.applyAll(c, access);
                KpiProjector.apply(c, logged, "");
                List<DeadLetters.Letter> letters = claimed.stream().filter(r -> r.unreadable() != null)
                        .map(r -> new DeadLetters.Letter(r.record(), r.unreadable())).toList();
                if (!letters.isEmpty()) {
                    deadLetters.sendAll(letters); // acknowledged before the positions move past them
                    noteRefusals(c, letters.stream().map(DeadLetters.Letter::record).toList());
                }
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Locks the batch's partition positions and moves them past the batch; returns the records at or above them (not
     * applied before), in order.
     */
    private static List<Read> claimPositions(Connection c, List<Read> batch) throws SQLException {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        batch.forEach(r -> next.put(new TopicPartition(r.record().topic(), r.record().partition()), 0L));
        List<TopicPartition> partitions = next.keySet().stream()
                .sorted(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
        Object[] topics = partitions.stream().map(TopicPartition::topic).toArray();
        Object[] numbers = partitions.stream().map(TopicPartition::partition).toArray();
        try (PreparedStatement ps = c.prepareStatement("insert into projection_position (projection, topic, partition, "
                + "next_offset) select ?, t, p, 0 from unnest(?::text[], ?::int[]) as x(t, p) on conflict do nothing")) {
            ps.setString(1, PROJECTION);
            ps.setArray(2, c.createArrayOf("text", topics));
            ps.setArray(3, c.createArrayOf("int4", numbers));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select topic, partition, next_offset from projection_position "
                + "where projection = ? and (topic, partition) in (select * from unnest(?::text[], ?::int[])) "
                + "order by topic, partition for update")) {
            ps.setString(1, PROJECTION);
            ps.setArray(2, c.createArrayOf("text", topics));
            ps.setArray(3, c.createArrayOf("int4", numbers));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        List<Read> claimed = new ArrayList<>();
        Map<TopicPartition, Long> moved = new HashMap<>();
        for (Read r : batch) {
            TopicPartition tp = new TopicPartition(r.record().topic(), r.record().partition());
            long position = moved.getOrDefault(tp, next.get(tp));
            if (r.record().offset() >= position) {
                claimed.add(r);
                moved.put(tp, r.record().offset() + 1);
            }
        }
        if (!moved.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("update projection_position set next_offset = ? where "
                    + "projection = ? and topic = ? and partition = ?")) {
                for (Map.Entry<TopicPartition, Long> m : moved.entrySet()) {
                    ps.setLong(1, m.getValue());
                    ps.setString(2, PROJECTION);
                    ps.setString(3, m.getKey().topic());
                    ps.setInt(4, m.getKey().partition());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return claimed;
    }

    /** Appends the events to the log in one statement; returns those whose event id was not there yet, in order. */
    private List<EventEnvelope<IntegrationEvent>> log(Connection c, List<Read> claimed) throws SQLException {
        List<Read> events = claimed.stream().filter(r -> r.envelope() != null).toList();
        if (events.isEmpty()) {
            return List.of();
        }
        String[][] columns = new String[13][events.size()];
        for (int i = 0; i < events.size(); i++) {
            ConsumerRecord<String, byte[]> record = events.get(i).record();
            EventEnvelope<IntegrationEvent> e = events.get(i).envelope();
            columns[0][i] = record.topic();
            columns[1][i] = Integer.toString(record.partition());
            columns[2][i] = Long.toString(record.offset());
            columns[3][i] = e.eventId().toString();
            columns[4][i] = e.caseId();
            columns[5][i] = e.type();
            columns[6][i] = e.occurredAt().toString();
            columns[7][i] = e.actor().institutionId();
            columns[8][i] = Long.toString(e.sequence());
            columns[9][i] = WireText.streamOf(e.payload());
            columns[10][i] = events.get(i).wire();
            columns[11][i] = hexHeader(record, Topics.HEADER_HASH);
            columns[12][i] = hexHeader(record, Topics.HEADER_PREV_HASH);
        }
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into event_log (topic, partition, record_offset, event_id, case_id, type, occurred_at,
                  actor_institution, event_sequence, stream_id, wire, hash, prev_hash)
                select c0, c1::int, c2::bigint, c3::uuid, c4, c5, c6::timestamptz, c7, c8::bigint, c9, c10, c11, c12
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                  ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality
                  as t(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, n)
                order by n
                on conflict (event_id) do nothing
                returning event_id""")) {
            for (int col = 0; col < columns.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", columns[col]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<EventEnvelope<IntegrationEvent>> fresh = new ArrayList<>();
        for (Read r : events) {
            if (inserted.remove(r.envelope().eventId())) { // a second copy in the same batch is a duplicate, too
                fresh.add(r.envelope());
            }
        }
        return fresh;
    }

    /** A chain hash header as it came, or {@code invalid} when it is no hex (the chain view reports either). */
    private static String hexHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return null;
        }
        byte[] v = h.value();
        boolean hex = v.length == 64;
        for (int i = 0; hex && i < v.length; i++) {
            hex = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f');
        }
        return hex ? new String(v, StandardCharsets.US_ASCII) : "invalid";
    }

    /**
     * A record that failed on its own still counts as passed: it went to the dead-letter topic, not back to the queue.
     * Its refusal is noted in the same transaction.
     */
    private void passed(Read read) throws SQLException {
        ConsumerRecord<String, byte[]> record = read.record();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into projection_position (projection, topic, partition, next_offset) values (?, ?, ?, ?)
                    on conflict (projection, topic, partition) do update set next_offset = excluded.next_offset
                    where projection_position.next_offset < excluded.next_offset""")) {
                ps.setString(1, PROJECTION);
                ps.setString(2, record.topic());
                ps.setInt(3, record.partition());
                ps.setLong(4, record.offset() + 1);
                ps.executeUpdate();
                noteRefusals(c, List.of(record));
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Notes dead-lettered records (once: passing one again changes nothing). */
    private static void noteRefusals(Connection c, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + REFUSALS
                + " (topic, partition, record_offset) values (?, ?, ?) on conflict do nothing")) {
            for (ConsumerRecord<String, byte[]> r : records) {
                ps.setString(1, r.topic());
                ps.setInt(2, r.partition());
                ps.setLong(3, r.offset());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @PostConstruct
    void open() {
        deadLetters = new DeadLetters(bootstrapServers, "reporting-service");
        applier = new BatchApplier<>(Read::record, this::applyBatch, this::applyBatch,
                letter -> deadLetters.sendAll(List.of(letter)), this::passed);
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}
