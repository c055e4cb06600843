package ch.iiz.referral.axon;

import ch.iiz.events.referral.*;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Keeps {@code handover_view} in step with the lead, inside the transaction that appends
 * its events: access checks and lists never lag behind a command.
 */
@ProcessingGroup(LeadProjection.PROCESSOR)
public class LeadProjection {

    public static final String PROCESSOR = "lead-views";

    private final DataSource dataSource;

    public LeadProjection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventHandler
    public void on(Object event, DomainEventMessage<?> message) throws SQLException {
        String caseId = message.getAggregateIdentifier();
        try (Connection c = dataSource.getConnection()) {
            if (event instanceof LeadHandoverProposed e) {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into handover_view (handover_id, case_id, proposed_by, commissioning, proposed, reason,
                          status, proposed_on, answer_due_on, planned_end_on) values (?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?, ?)
                        on conflict (handover_id) do nothing""")) {
                    ps.setString(1, e.handoverId());
                    ps.setString(2, caseId);
                    ps.setString(3, e.proposedBy());
                    ps.setString(4, e.commissioningInstitutionId());
                    ps.setString(5, e.proposedInstitutionId());
                    ps.setString(6, e.reason());
                    ps.setObject(7, e.proposedOn());
                    ps.setObject(8, e.answerDueOn());
                    ps.setObject(9, e.plannedEndOn());
                    ps.executeUpdate();
                }
            } else if (event instanceof LeadHandoverAccepted e) {
                update(c, e.handoverId(), "ACCEPTED", e.acceptedOn(), e.leadUntil(), false);
            } else if (event instanceof LeadHandoverDeclined e) {
                update(c, e.handoverId(), "DECLINED", e.declinedOn(), null, e.deadlineExpired());
            } else if (event instanceof LeadHandoverWithdrawn e) {
                update(c, e.handoverId(), "WITHDRAWN", e.withdrawnOn(), null, false);
            } else if (event instanceof LeadHandoverExtended e) {
                try (PreparedStatement ps = c.prepareStatement(
                        "update handover_view set lead_until = ? where handover_id = ?")) {
                    ps.setObject(1, e.newLeadUntil());
                    ps.setString(2, e.handoverId());
                    ps.executeUpdate();
                }
            } else if (event instanceof LeadHandoverEnded e) {
                update(c, e.handoverId(), "ENDED", null, e.lastLeadDay(), false);
            } else if (event instanceof LeadHandoverCancelled e) {
                update(c, e.handoverId(), "CANCELLED", e.cancelledOn(), null, false);
            }
        }
    }

    private static void update(Connection c, String handoverId, String status, LocalDate answeredOn, LocalDate leadUntil,
                               boolean expired) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update handover_view set status = ?, answered_on = coalesce(?, answered_on),
                  lead_until = coalesce(?, lead_until), deadline_expired = ? where handover_id = ?""")) {
            ps.setString(1, status);
            ps.setObject(2, answeredOn);
            ps.setObject(3, leadUntil);
            ps.setBoolean(4, expired);
            ps.setString(5, handoverId);
            ps.executeUpdate();
        }
    }
}
