package ch.iiz.placement.cases;

import ch.iiz.placement.domain.CaseFacts;
import ch.iiz.service.access.Access;
import ch.iiz.service.access.CaseFactsTable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@link CaseFacts} of each case this service has seen, in {@code case_facts}: folded from the case events in the
 * consumer's transaction, read when a reservation or a proposal is decided.
 */
@ApplicationScoped
public class CaseFactsStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final CaseFactsTable<CaseFacts> TABLE = new CaseFactsTable<>("case_facts",
            CaseFactsTable.form(CaseFacts.none(), CaseFacts::evolve, CaseFactsStore::write, CaseFactsStore::read));

    @Inject
    DataSource dataSource;

    /** The case's facts, or none when the case is unknown here (the access rule has refused such callers before). */
    public CaseFacts of(String caseId) {
        try (Connection c = dataSource.getConnection()) {
            return TABLE.of(c, caseId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read case facts", e);
        }
    }

    /** Folds a batch of case events in, in their order (joins the consumer's transaction); idempotent. */
    public void applyAll(List<Access.Fact> events) {
        try (Connection c = dataSource.getConnection()) {
            TABLE.applyAll(c, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update case facts", e);
        }
    }

    private static String write(CaseFacts facts) {
        try {
            return JSON.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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
