package ch.iiz.reporting.audit;

import ch.iiz.events.integrity.EventChain;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies a case's chains as they arrived on the topics: for each source stream (topic), in the order of the
 * aggregate's sequence, every record's hash is recomputed from its value as received and the hash header it carried,
 * and each record's previous hash must be the hash of the record before. Names the first broken link.
 */
@ApplicationScoped
public class ChainCheck {

    @Inject
    DataSource dataSource;

    /**
     * One source stream of the case.
     *
     * @param events              records of the stream received
     * @param chained             of those, records that carried a hash (events of a service without a chained store
     *                            carry none)
     * @param firstBrokenSequence the aggregate sequence of the first record that does not fit the chain
     */
    public record Stream(String topic, int events, int chained, boolean intact, Long firstBrokenSequence,
                         String firstBrokenEventId, String problem, String headHash) {
    }

    public record Report(String caseId, boolean intact, List<Stream> streams) {
    }

    private record Row(String topic, long sequence, String eventId, String wire, String hash, String prevHash) {
    }

    public Report verify(String caseId) {
        Map<String, List<Row>> byTopic = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select topic, (envelope->>'sequence')::bigint, event_id, coalesce(wire, envelope::text), hash, prev_hash
                from event_log where case_id = ? order by topic, 2, seq""")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                    byTopic.computeIfAbsent(row.topic(), t -> new ArrayList<>()).add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (byTopic.isEmpty()) {
            throw ProblemException.notFound("no case " + caseId);
        }
        List<Stream> streams = new ArrayList<>();
        byTopic.forEach((topic, rows) -> streams.add(verify(topic, rows)));
        return new Report(caseId, streams.stream().allMatch(Stream::intact), streams);
    }

    private static Stream verify(String topic, List<Row> rows) {
        int chained = 0;
        byte[] before = null;
        for (Row row : rows) {
            if (row.hash() == null && row.prevHash() == null) {
                if (before != null) {
                    return broken(topic, rows, chained, row, "no hash after hashed records: the chain was cut");
                }
                continue;
            }
            chained++;
            byte[] hash;
            byte[] previous;
            try {
                hash = EventChain.unhex(row.hash());
                previous = EventChain.unhex(row.prevHash());
            } catch (RuntimeException e) {
                return broken(topic, rows, chained, row, "its hash headers are not 64 hex digits");
            }
            if (hash.length != 32 || previous.length != 32) {
                return broken(topic, rows, chained, row, "its hash headers are not 64 hex digits");
            }
            if (before != null && !Arrays.equals(previous, before)) {
                return broken(topic, rows, chained, row,
                        "its previous hash is not the hash of the record before (a record is missing or was replaced)");
            }
            if (before == null && row.sequence() == 0 && !Arrays.equals(previous, EventChain.GENESIS)) {
                return broken(topic, rows, chained, row, "the first event's previous hash is not the zero hash");
            }
            byte[] recomputed;
            try {
                recomputed = EventChain.link(previous, EventChain.canonical(row.wire()));
            } catch (RuntimeException e) {
                return broken(topic, rows, chained, row, "the record cannot be read");
            }
            if (!Arrays.equals(recomputed, hash)) {
                return broken(topic, rows, chained, row, "the record does not match its hash");
            }
            before = hash;
        }
        return new Stream(topic, rows.size(), chained, true, null, null, null,
                before == null ? null : EventChain.hex(before));
    }

    private static Stream broken(String topic, List<Row> rows, int chained, Row row, String problem) {
        return new Stream(topic, rows.size(), chained, false, row.sequence(), row.eventId(), problem, null);
    }
}
