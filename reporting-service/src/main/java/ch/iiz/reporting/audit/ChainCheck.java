package ch.iiz.reporting.audit;

import ch.iiz.events.Topics;
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
 * Verifies a case's chains as they arrived on the topics: for each source stream, in the order of the aggregate's
 * sequence, every record's hash is recomputed from its value as received and the hash header it carried, and each
 * record's previous hash must be the hash of the record before. Names the first broken link.
 *
 * <p>A stream is one emitting aggregate. On the case and referral topics that is the case itself; on the placement
 * topic it is a course or a vacancy, whose chain also holds other cases' events: there the case sees only its own
 * links, so each record is checked against its own previous hash, and continuity only between neighbouring sequences.
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
    public record Stream(String topic, String aggregateId, int events, int chained, boolean intact,
                         Long firstBrokenSequence,
                         String firstBrokenEventId, String problem, String headHash) {
    }

    public record Report(String caseId, boolean intact, List<Stream> streams) {
    }

    private record Row(String topic, String aggregateId, long sequence, String eventId, String wire, String hash,
                       String prevHash) {
    }

    private record StreamKey(String topic, String aggregateId) {
    }

    public Report verify(String caseId) {
        Map<StreamKey, List<Row>> byStream = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select topic, case when topic = ? then stream_id else ? end, event_sequence, event_id, wire, hash,
                       prev_hash
                from event_log where case_id = ? order by topic, 2, 3, seq""")) {
            ps.setString(1, Topics.PLACEMENT_EVENTS);
            ps.setString(2, caseId);
            ps.setString(3, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7));
                    byStream.computeIfAbsent(new StreamKey(row.topic(), row.aggregateId()), k -> new ArrayList<>())
                            .add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (byStream.isEmpty()) {
            throw ProblemException.notFound("no case " + caseId);
        }
        List<Stream> streams = new ArrayList<>();
        byStream.forEach((key, rows) -> streams.add(verify(key, !Topics.PLACEMENT_EVENTS.equals(key.topic()), rows)));
        return new Report(caseId, streams.stream().allMatch(Stream::intact), streams);
    }

    /** @param whole whether the case sees every record of the stream (else only its own, with gaps between) */
    private static Stream verify(StreamKey key, boolean whole, List<Row> rows) {
        int chained = 0;
        byte[] before = null;
        long beforeSequence = -1;
        for (Row row : rows) {
            if (!whole && row.sequence() != beforeSequence + 1) {
                before = null; // another case's records lie between: this link cannot be seen from here
            }
            beforeSequence = row.sequence();
            if (row.hash() == null && row.prevHash() == null) {
                if (before != null) {
                    return broken(key, rows, chained, row, "no hash after hashed records: the chain was cut");
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
                return broken(key, rows, chained, row, "its hash headers are not 64 hex digits");
            }
            if (hash.length != 32 || previous.length != 32) {
                return broken(key, rows, chained, row, "its hash headers are not 64 hex digits");
            }
            if (before != null && !Arrays.equals(previous, before)) {
                return broken(key, rows, chained, row,
                        "its previous hash is not the hash of the record before (a record is missing or was replaced)");
            }
            if (before == null && row.sequence() == 0 && !Arrays.equals(previous, EventChain.GENESIS)) {
                return broken(key, rows, chained, row, "the first event's previous hash is not the zero hash");
            }
            byte[] recomputed;
            try {
                recomputed = EventChain.link(previous, EventChain.canonical(row.wire()));
            } catch (RuntimeException e) {
                return broken(key, rows, chained, row, "the record cannot be read");
            }
            if (!Arrays.equals(recomputed, hash)) {
                return broken(key, rows, chained, row, "the record does not match its hash");
            }
            before = hash;
        }
        return new Stream(key.topic(), key.aggregateId(), rows.size(), chained, true, null, null, null,
                before == null ? null : EventChain.hex(before));
    }

    private static Stream broken(StreamKey key, List<Row> rows, int chained, Row row, String problem) {
        return new Stream(key.topic(), key.aggregateId(), rows.size(), chained, false, row.sequence(), row.eventId(),
                problem, null);
    }
}
