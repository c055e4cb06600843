package ch.iiz.reporting.console;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.reporting.audit.BusinessDate;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.service.access.Access;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The console's reads over reporting's own tables: the event log, the KPI facts and the operations actions. */
@ApplicationScoped
public class ConsoleQueries {

    public record CaseHit(String caseId, String clientId, String municipality, String canton, String program,
                          String status, String leadInstitutionId) {
    }

    /** One event of the case's timeline, with where it was recorded. */
    public record TimelineRow(long seq, String topic, int partition, long offset, Instant recordedAt,
                              LocalDate businessDate, String type, String actorInstitution, String actorType,
                              String actorRole, String eventId, EventEnvelope<IntegrationEvent> envelope) {
        public String recordedLocal() {
            return ConsoleView.time(recordedAt);
        }

        public String source() {
            return topic + "/" + partition + "@" + offset;
        }

        public String service() {
            return topic.replace("iiz.", "").replace(".events", "");
        }
    }

    public record Charge(String chargeId, String kind, String creditorId, String debtorId, BigDecimal amountChf,
                         String billingMonth, String recordedOn, String sources) {
    }

    public record Redrive(Instant at, String institution, String sourceTopic, Integer targetPartition,
                          Long targetOffset) {
    }

    private final EventCodec codec = new EventCodec();

    @Inject
    DataSource dataSource;

    /** Cases by id, client pseudonym or municipality (each a prefix, case-insensitive), within the caller's scope
     * (a filter on the column {@code f.case_id}). */
    public List<CaseHit> search(Access.CaseFilter scope, String q) {
        String like = q == null ? "%" : q.trim().toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        String sql = """
                select f.case_id, o.client_id, f.municipality, f.canton, f.program, f.status, f.lead_institution
                from case_fact f
                left join lateral (select l.wire::jsonb->'payload'->>'clientId' as client_id from event_log l
                                   where l.case_id = f.case_id and l.type = 'CaseOpened' limit 1) o on true
                where (lower(f.case_id) like ? or lower(coalesce(o.client_id, '')) like ?
                       or lower(coalesce(f.municipality, '')) like ?) and\s""" + scope.sql()
                + " order by f.opened_on desc, f.case_id limit 100";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            ps.setString(2, like);
            ps.setString(3, like);
            if (scope.scoped()) {
                ps.setString(4, scope.institutionId());
            }
            List<CaseHit> hits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(new CaseHit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
            return hits;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's events across all topics in the order they were recorded (as the auditor's replay reads them). */
    public List<TimelineRow> timeline(String caseId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select seq, topic, partition, record_offset, wire from event_log where case_id = ?
                order by occurred_at, seq""")) {
            ps.setString(1, caseId);
            List<TimelineRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EventEnvelope<IntegrationEvent> e = codec.decode(rs.getString(5));
                    rows.add(new TimelineRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                            e.occurredAt(), businessDate(e), e.type(), e.actor().institutionId(),
                            e.actor().institutionType().name(), e.actor().role(), e.eventId().toString(), e));
                }
            }
            if (rows.isEmpty()) {
                throw ProblemException.notFound("no case " + caseId);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The day the event says something happened ({@link BusinessDate}). */
    static LocalDate businessDate(EventEnvelope<IntegrationEvent> e) {
        return BusinessDate.of(e);
    }

    /** The case's charges (cost_fact) with the ledger record they came from and the events that caused them. */
    public List<Charge> charges(String caseId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select f.charge_id, f.kind, f.creditor_id, f.debtor_id, f.amount_chf, f.billing_month,
                       l.topic || '/' || l.partition || '@' || l.record_offset,
                       (select string_agg(s.type || ' (' || s.actor_institution || ')', ', ' order by s.occurred_at, s.seq)
                        from event_log s where s.event_id::text in
                          (select jsonb_array_elements_text(l.wire::jsonb->'payload'->'sourceEventIds')))
                from cost_fact f
                left join event_log l on l.case_id = f.case_id and l.type = 'ChargeRecorded'
                     and l.wire::jsonb->'payload'->>'chargeId' = f.charge_id
                where f.case_id = ? order by f.billing_month, f.charge_id""")) {
            ps.setString(1, caseId);
            List<Charge> charges = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    charges.add(new Charge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return charges;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
