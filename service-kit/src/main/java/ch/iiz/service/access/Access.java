package ch.iiz.service.access;

import ch.iiz.events.cases.CaseEvent;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Applies {@link AccessRule} to requests, from the service's own {@code case_access} table, which each service feeds
 * from the case events it consumes ({@link #apply}) in the same transaction as its other effects. Every read and
 * write of every service asks here; the refusal and its message live only here.
 */
@ApplicationScoped
public class Access {

    /** A list filter: {@code case_id in (...)} over the caller's readable cases, or nothing for auditors. */
    public record CaseFilter(String sql, String institutionId) {
        public boolean scoped() {
            return institutionId != null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    public static AccessRule.Principal principal(Caller caller) {
        return new AccessRule.Principal(caller.institutionId(), caller.roles());
    }

    /** 404 unless the caller may read the case (403 for operations, who never read case content). */
    public void requireRead(Caller caller, String caseId) {
        enforce(AccessRule.readCase(principal(caller), readers(caseId).orElse(null)), caseId);
    }

    /** 403 for callers that never write, 404 unless the caller may read the case. */
    public void requireWrite(Caller caller, String caseId) {
        enforce(AccessRule.writeCase(principal(caller), readers(caseId).orElse(null)), caseId);
    }

    /** 403 unless the caller may act for an institution (auditors and operations never write). */
    public void requireWriter(Caller caller) {
        enforce(AccessRule.create(principal(caller)), null);
    }

    /** 403 for callers that may not see case lists or KPIs; the filter that limits them to their readable cases. */
    public CaseFilter caseFilter(Caller caller, String caseIdColumn) {
        AccessRule.Principal p = principal(caller);
        enforce(AccessRule.listCases(p), null);
        if (!AccessRule.scopedToReadableCases(p)) {
            return new CaseFilter("true", null);
        }
        return new CaseFilter(caseIdColumn + " in (select case_id from case_access where ? = any(readers))",
                p.institutionId());
    }

    public void requireInvoice(Caller caller, String invoiceId, String creditorId, String debtorId) {
        AccessRule.Decision d = AccessRule.readInvoice(principal(caller), creditorId, debtorId);
        if (d == AccessRule.Decision.NOT_FOUND) {
            throw ProblemException.notFound("no invoice " + invoiceId + " that you issued or received");
        }
        enforce(d, null);
    }

    /** 403 for callers that never see invoices; whether the list is limited to the caller's own. */
    public boolean requireInvoiceList(Caller caller) {
        AccessRule.Principal p = principal(caller);
        enforce(AccessRule.listInvoices(p), null);
        return !p.auditor();
    }

    public void requireCloseMonth(Caller caller, boolean callerIsCreditor) {
        requireCreditor(caller, callerIsCreditor, "month", "only the creditor institution closes its own billing months");
    }

    /** 403 unless the caller writes for an institution that bills something (closing months, importing payments). */
    public void requireCreditor(Caller caller, boolean callerIsCreditor, String field, String detail) {
        if (AccessRule.closeMonth(principal(caller), callerIsCreditor) != AccessRule.Decision.ALLOW) {
            throw ProblemException.forbidden(field, "creditor-only", detail);
        }
    }

    /** 403 unless the caller is an auditor; then 404 unless this service knows the case. */
    public void requireAudit(Caller caller, String caseId) {
        enforce(AccessRule.audit(principal(caller)), caseId);
        requireRead(caller, caseId);
    }

    public void requireAdministrator(Caller caller) {
        enforce(AccessRule.administer(principal(caller)), null);
    }

    public void requireAnchors(Caller caller) {
        enforce(AccessRule.anchors(principal(caller)), null);
    }

    /** 403 for callers that never see courses of joint measure planning (operations, administrators). */
    public void requireCourses(Caller caller) {
        enforce(AccessRule.readCourses(principal(caller)), null);
    }

    /** 403 unless the caller writes for an employment agency ({@code callerType} from the registry). */
    public void requireRecordVacancy(Caller caller, ch.iiz.events.InstitutionType callerType) {
        if (AccessRule.recordVacancy(principal(caller), callerType) != AccessRule.Decision.ALLOW) {
            throw ProblemException.forbidden("institution", "employment-agency-only",
                    "only an employment agency records shared vacancies");
        }
    }

    /**
     * Whether the caller sees a vacancy of {@code vacancyRegion} ({@code callerType}, {@code callerRegion} from the
     * registry; null when unregistered); 403 for operations and administrators.
     */
    public boolean seesVacancy(Caller caller, ch.iiz.events.InstitutionType callerType, String callerRegion,
                               String vacancyRegion) {
        AccessRule.Decision d = AccessRule.readVacancy(principal(caller), callerType, callerRegion, vacancyRegion);
        enforce(d == AccessRule.Decision.NOT_FOUND ? AccessRule.Decision.ALLOW : d, null);
        return d == AccessRule.Decision.ALLOW;
    }

    public void requireReadOperations(Caller caller) {
        enforce(AccessRule.readOperations(principal(caller)), null);
    }

    public void requireRunOperations(Caller caller) {
        enforce(AccessRule.runOperations(principal(caller)), null);
    }

    private static void enforce(AccessRule.Decision decision, String caseId) {
        switch (decision) {
            case ALLOW -> {
            }
            case NOT_FOUND -> throw ProblemException.notFound("no case " + caseId + " that you take part in");
            case FORBIDDEN -> throw ProblemException.forbidden("role", "role-not-permitted",
                    "your institution's role may not do this");
        }
    }

    /** Who may read the case now, or empty when this service has not seen the case. */
    public Optional<Set<String>> readers(String caseId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select readers from case_access where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new LinkedHashSet<>(Arrays.asList((String[]) rs.getArray(1).getArray())))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read case access", e);
        }
    }

    /** The access rule's facts of each case, folded from the case events this service consumes. */
    private static final CaseFactsTable<CaseAccessFacts> TABLE = new CaseFactsTable<>("case_access",
            CaseFactsTable.form(CaseAccessFacts.none(), CaseAccessFacts::evolve, Access::write, Access::read),
            "readers", CaseAccessFacts::readers);

    /** One case event for {@link #applyAll} or another {@link CaseFactsTable}. */
    public record Fact(String caseId, long sequence, CaseEvent event) {
    }

    /**
     * Folds one case event into the case's access facts, on the caller's connection so it commits with the caller's
     * other effects. Idempotent: an event at or below the stored sequence changes nothing.
     */
    public static void apply(Connection c, String caseId, long sequence, CaseEvent event) throws SQLException {
        TABLE.apply(c, caseId, sequence, event);
    }

    /**
     * {@link #apply} for a batch of case events in their order, with one read and one write for the whole batch
     * instead of two round trips per event (the batch consumers' path); the result is the same as applying them one
     * by one.
     */
    public static void applyAll(Connection c, List<Fact> events) throws SQLException {
        TABLE.applyAll(c, events);
    }

    /** {@link #apply} on a connection of this service's datasource (joins the active JTA transaction). */
    public void apply(String caseId, long sequence, CaseEvent event) {
        try (Connection c = dataSource.getConnection()) {
            apply(c, caseId, sequence, event);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update case access", e);
        }
    }

    /** {@link #applyAll(Connection, List)} on a connection of this service's datasource (joins the transaction). */
    public void applyAll(List<Fact> events) {
        try (Connection c = dataSource.getConnection()) {
            applyAll(c, events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update case access", e);
        }
    }

    private static CaseAccessFacts read(String json) {
        try {
            return JSON.readValue(json, Stored.class).facts();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable case access facts", e);
        }
    }

    private static String write(CaseAccessFacts facts) {
        try {
            return JSON.writeValueAsString(Stored.of(facts));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored form: plain collections, independent of the record's Java shape. */
    record Stored(String openedBy, Set<String> participants, java.util.Map<String, Set<String>> consents) {
        static Stored of(CaseAccessFacts f) {
            return new Stored(f.openedBy(), f.participants(), f.consents());
        }

        CaseAccessFacts facts() {
            return new CaseAccessFacts(openedBy, participants == null ? Set.of() : participants,
                    consents == null ? java.util.Map.of() : consents);
        }
    }
}
