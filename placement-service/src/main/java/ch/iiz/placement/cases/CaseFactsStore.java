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
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into case_facts (case_id, facts, version) values (?, ?::jsonb, ?)
                    on conflict (case_id) do update set facts = excluded.facts, version = excluded.version""")) {
                ps.setString(1, caseId);
                ps.setString(2, JSON.writeValueAsString(facts.evolve(event)));
                ps.setLong(3, sequence);
                ps.executeUpdate();
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
