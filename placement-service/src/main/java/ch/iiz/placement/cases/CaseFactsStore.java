package ch.iiz.placement.cases;

import ch.iiz.events.cases.CaseEvent;
import ch.iiz.placement.domain.CaseFacts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.util.Set;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.HashMap;
import ch.iiz.service.access.Access;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@link CaseFacts} of each case this service has seen, in {@code case_facts}: folded from the case events in the
 * consumer's transaction, read when a reservation or a proposal is decided.
 */
@ApplicationScoped
public class CaseFactsStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String UPSERT = """
            insert into case_facts (case_id, facts, version) values (?, ?::jsonb, ?)
            on conflict (case_id) do update set facts = excluded.facts, version = excluded.version""";

    @Inject
    DataSource dataSource;

    /** The case's facts, or none when the case is unknown here (the access rule has refused such callers before). */
    public CaseFacts of(String caseId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select facts from case_facts where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs.getString(1)) : CaseFacts.none();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read case facts", e);
        }
    }

    /** Folds one case event in; idempotent: an event at or below the stored sequence changes nothing. */
    public void apply(String caseId, long sequence, CaseEvent event) {
        try (Connection c = dataSource.getConnection()) {
            CaseFacts facts = CaseFacts.none();
            long stored = -1;
            try (PreparedStatement ps = c.prepareStatement(
                    "select facts, version from case_facts where case_id = ? for update")) {
                ps.setString(1, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        facts = read(rs.getString(1));
                        stored = rs.getLong(2);
                    }
                }
            }
            if (sequence <= stored) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, caseId);
                ps.setString(2, JSON.writeValueAsString(facts.evolve(event)));
                ps.setLong(3, sequence);
                ps.executeUpdate();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot update case facts", e);
        }
    }

    /**
     * {@link #apply} for a batch of case events in their order: one read and one write per batch instead of two round
     * trips per event; the result is the same as applying them one by one.
     */
    public void applyAll(List<Access.Fact> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Map<String, CaseFacts> facts = new HashMap<>();
            Map<String, Long> stored = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select case_id, facts, version from case_facts where case_id = any(?) order by case_id for update")) {
                ps.setArray(1, c.createArrayOf("text", events.stream().map(Access.Fact::caseId).distinct().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        facts.put(rs.getString(1), read(rs.getString(2)));
                        stored.put(rs.getString(1), rs.getLong(3));
                    }
                }
            }
            Set<String> changed = new LinkedHashSet<>();
            for (Access.Fact f : events) {
                if (f.sequence() <= stored.getOrDefault(f.caseId(), -1L)) {
                    continue;
                }
                facts.put(f.caseId(), facts.getOrDefault(f.caseId(), CaseFacts.none()).evolve(f.event()));
                stored.put(f.caseId(), f.sequence());
                changed.add(f.caseId());
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (String caseId : changed) {
                    ps.setString(1, caseId);
                    ps.setString(2, JSON.writeValueAsString(facts.get(caseId)));
                    ps.setLong(3, stored.get(caseId));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot update case facts", e);
        }
    }

    private static CaseFacts read(String json) {
        try {
            return JSON.readValue(json, CaseFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable case facts", e);
        }
    }
}
