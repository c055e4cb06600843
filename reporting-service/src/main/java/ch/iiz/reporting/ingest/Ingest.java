package ch.iiz.reporting.ingest;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.service.access.Access;
import ch.iiz.service.kafka.TransientFailures;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.reporting.kpi.KpiProjector;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Every record of the three topics, applied once: in one transaction the event goes into the log, the KPI facts
 * change and the partition's position moves. A record below the position (a replay, a redelivery) or an event id seen
 * before (a duplicate on another offset) changes nothing; a record that cannot be read goes to
 * {@code iiz.dlq.reporting-service}.
 */
@ApplicationScoped
public class Ingest {

    public static final String PROJECTION = "reporting";

    private final EventCodec codec = new EventCodec();

    @Inject
    DataSource dataSource;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onCase(ConsumerRecord<String, byte[]> record) throws Exception {
        applyRetrying(record);
    }

    @Incoming("referral-events")
    @Blocking(ordered = true)
    public void onReferral(ConsumerRecord<String, byte[]> record) throws Exception {
        applyRetrying(record);
    }

    @Incoming("billing-events")
    @Blocking(ordered = true)
    public void onBilling(ConsumerRecord<String, byte[]> record) throws Exception {
        applyRetrying(record);
    }

    /** While the database restarts, the record waits and is applied again; only poison goes to the dead letters. */
    private void applyRetrying(ConsumerRecord<String, byte[]> record) throws Exception {
        TransientFailures.retrying("applying " + record.topic() + "-" + record.partition() + "@" + record.offset(), () -> {
            apply(record);
            return null;
        });
    }

    void apply(ConsumerRecord<String, byte[]> record) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (claimPosition(c, record.topic(), record.partition(), record.offset())) {
                    EventEnvelope<IntegrationEvent> envelope = decode(record);
                    if (envelope != null && log(c, record, envelope)) {
                        if (envelope.payload() instanceof CaseEvent event && envelope.caseId() != null) {
                            Access.apply(c, envelope.caseId(), envelope.sequence(), event);
                        }
                        KpiProjector.apply(c, envelope, "");
                    }
                }
                c.commit();
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                if (!TransientFailures.isTransient(e)) {
                    passOver(c, record);
                }
                throw e;
            }
        }
    }

    private EventEnvelope<IntegrationEvent> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decode(new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8));
        } catch (UnknownEventTypeException e) {
            return null;
        }
    }

    /** Locks the partition's position; false when the record is below it (applied before). */
    static boolean claimPosition(Connection c, String topic, int partition, long offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into projection_position (projection, topic, partition, "
                + "next_offset) values (?, ?, ?, 0) on conflict do nothing")) {
            ps.setString(1, PROJECTION);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select next_offset from projection_position where projection = ? "
                + "and topic = ? and partition = ? for update")) {
            ps.setString(1, PROJECTION);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (offset < rs.getLong(1)) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update projection_position set next_offset = ? where "
                + "projection = ? and topic = ? and partition = ?")) {
            ps.setLong(1, offset + 1);
            ps.setString(2, PROJECTION);
            ps.setString(3, topic);
            ps.setInt(4, partition);
            ps.executeUpdate();
        }
        return true;
    }

    /** Appends to the event log; false when the event id is there already. */
    private boolean log(Connection c, ConsumerRecord<String, byte[]> record, EventEnvelope<IntegrationEvent> e)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into event_log (topic, partition, record_offset, event_id, case_id, type, occurred_at,
                  actor_institution, envelope, wire, hash, prev_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
                on conflict (event_id) do nothing""")) {
            ps.setString(1, record.topic());
            ps.setInt(2, record.partition());
            ps.setLong(3, record.offset());
            ps.setObject(4, e.eventId());
            ps.setString(5, e.caseId());
            ps.setString(6, e.type());
            ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
            ps.setString(8, e.actor().institutionId());
            ps.setString(9, codec.encode(e));
            ps.setString(10, new String(record.value(), StandardCharsets.UTF_8));
            ps.setString(11, hexHeader(record, Topics.HEADER_HASH));
            ps.setString(12, hexHeader(record, Topics.HEADER_PREV_HASH));
            return ps.executeUpdate() == 1;
        }
    }

    /** A chain hash header as it came, or {@code invalid} when it is no hex (the chain view reports either). */
    private static String hexHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return null;
        }
        String hex = new String(h.value(), StandardCharsets.UTF_8);
        return hex.matches("[0-9a-f]{64}") ? hex : "invalid";
    }

    /** A record that failed still counts as passed: it goes to the dead-letter topic, not back into the queue. */
    private static void passOver(Connection c, ConsumerRecord<String, byte[]> record) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement("""
                insert into projection_position (projection, topic, partition, next_offset) values (?, ?, ?, ?)
                on conflict (projection, topic, partition) do update set next_offset = excluded.next_offset
                where projection_position.next_offset < excluded.next_offset""")) {
            ps.setString(1, PROJECTION);
            ps.setString(2, record.topic());
            ps.setInt(3, record.partition());
            ps.setLong(4, record.offset() + 1);
            ps.executeUpdate();
        }
    }
}
