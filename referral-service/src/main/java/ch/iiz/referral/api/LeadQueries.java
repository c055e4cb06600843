package ch.iiz.referral.api;

import ch.iiz.referral.domain.LeadState;
import ch.iiz.service.access.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads: the lead itself from its stream, and handover lists from their view. */
@ApplicationScoped
public class LeadQueries {

    /** One handover as listed. */
    public record HandoverSummary(String handoverId, String caseId, String proposedBy, String commissioningInstitutionId,
                                  String proposedInstitutionId, String reason, String status, LocalDate proposedOn,
                                  LocalDate answerDueOn, LocalDate plannedEndOn, LocalDate leadUntil,
                                  LocalDate answeredOn, boolean deadlineExpired) {
        public HandoverSummary withReason(String opened) {
            return new HandoverSummary(handoverId, caseId, proposedBy, commissioningInstitutionId, proposedInstitutionId,
                    opened, status, proposedOn, answerDueOn, plannedEndOn, leadUntil, answeredOn, deadlineExpired);
        }
    }

    @Inject
    DataSource dataSource;
    @Inject
    EventStore eventStore;

    public LeadState state(String caseId) {
        return LeadState.of(caseId, eventStore.readEvents(caseId).asStream().map(DomainEventMessage::getPayload).toList());
    }

    /** Proposals waiting for the caller ({@code incoming}) or sent by it ({@code outgoing}). */
    public List<HandoverSummary> list(Access.CaseFilter filter, String institutionId, boolean incoming, String status) {
        String column = incoming ? "proposed" : "proposed_by";
        String sql = "select handover_id, case_id, proposed_by, commissioning, proposed, reason, status, proposed_on,"
                + " answer_due_on, planned_end_on, lead_until, answered_on, deadline_expired from handover_view where "
                + filter.sql() + " and " + column + " = ?" + (status == null ? "" : " and status = ?")
                + " order by proposed_on desc, handover_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (filter.scoped()) {
                ps.setString(i++, filter.institutionId());
            }
            ps.setString(i++, institutionId);
            if (status != null) {
                ps.setString(i, status);
            }
            List<HandoverSummary> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new HandoverSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, LocalDate.class),
                            rs.getObject(9, LocalDate.class), rs.getObject(10, LocalDate.class),
                            rs.getObject(11, LocalDate.class), rs.getObject(12, LocalDate.class), rs.getBoolean(13)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cases with an unanswered proposal past its deadline or a handover past its end, as of {@code today}. */
    public List<String> casesDue(LocalDate today, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select distinct case_id from handover_view
                where (status = 'PROPOSED' and answer_due_on < ?) or (status = 'ACCEPTED' and lead_until < ?)
                limit ?""")) {
            ps.setObject(1, today);
            ps.setObject(2, today);
            ps.setInt(3, limit);
            List<String> cases = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cases.add(rs.getString(1));
                }
            }
            return cases;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
