package ch.iiz.cases.query;

import ch.iiz.events.cases.AmiplusPhaseStarted;
import ch.iiz.service.access.Access;
import ch.iiz.events.cases.AmiplusPhaseEnded;
import ch.iiz.events.cases.CaseClosed;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseLeadChanged;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ParticipantAdded;
import ch.iiz.events.cases.ParticipantRemoved;
import ch.iiz.events.cases.Participant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import ch.iiz.axon.CommandWrites;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Keeps {@code case_summary} and the access rule's {@code case_access} in step with each case, inside the transaction
 * that appends the events (written once per command, {@link CommandWrites}), so the list and the access check never lag
 * behind a command. Each row remembers the version it reflects; an event at or below it is
 * skipped, so applying the stream again changes nothing.
 */
@ProcessingGroup(CaseSummaryProjection.PROCESSOR)
public class CaseSummaryProjection {

    public static final String PROCESSOR = "case-summary";

    private final DataSource dataSource;

    public CaseSummaryProjection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static final String BATCH = CaseSummaryProjection.class.getName() + ".batch";

    /** One event of a command, as the read models need it. */
    record Change(String caseId, long version, Timestamp at, CaseEvent event) {
    }

    @EventHandler
    public void on(CaseEvent event, DomainEventMessage<?> message, UnitOfWork<?> unitOfWork) {
        // written once per command, still inside its transaction: the access facts in one read and one write
        CommandWrites.<Change>of(unitOfWork, BATCH, this::write).add(new Change(message.getAggregateIdentifier(),
                message.getSequenceNumber(), Timestamp.from(message.getTimestamp()), event));
    }

    private void write(List<Change> changes) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Access.applyAll(c, changes.stream().map(ch -> new Access.Fact(ch.caseId(), ch.version(), ch.event()))
                    .toList());
            for (int i = 0; i < changes.size(); i++) {
                Change ch = changes.get(i);
                boolean later = i + 1 < changes.size() && changes.get(i + 1).caseId().equals(ch.caseId());
                summary(c, ch.caseId(), ch.version(), ch.at(), ch.event(), later);
            }
        }
    }

    /** @param later whether a later event of the command moves the row on (a version-only update is then skipped) */
    private static void summary(Connection c, String caseId, long version, Timestamp at, CaseEvent event,
                                boolean later) throws SQLException {
        if (event instanceof CaseOpened e) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into case_summary (case_id, client_id, program, cooperation_model, canton, opened_by,
                      opened_on, lead_institution, participants, status, phase, version, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', null, ?, ?) on conflict (case_id) do nothing""")) {
                ps.setString(1, caseId);
                ps.setString(2, e.clientId());
                ps.setString(3, e.program().name());
                ps.setString(4, e.cooperationModel().name());
                ps.setString(5, e.canton());
                ps.setString(6, e.openedBy());
                ps.setObject(7, e.openedOn());
                ps.setString(8, e.openedBy());
                ps.setArray(9, c.createArrayOf("text",
                        e.participants().stream().map(Participant::institutionId).toArray()));
                ps.setLong(10, version);
                ps.setTimestamp(11, at);
                ps.executeUpdate();
            }
            return;
        }
        String change;
        Object value = null;
        if (event instanceof ParticipantAdded e) {
            change = "participants = array_append(array_remove(participants, ?), ?)";
            value = e.participant().institutionId();
        } else if (event instanceof ParticipantRemoved e) {
            change = "participants = array_remove(participants, ?)";
            value = e.institutionId();
        } else if (event instanceof CaseLeadChanged e) {
            change = "lead_institution = ?";
            value = e.leadInstitutionId();
        } else if (event instanceof AmiplusPhaseStarted e) {
            change = "phase = ?";
            value = (short) e.phase();
        } else if (event instanceof AmiplusPhaseEnded) {
            change = "phase = null"; // continuing starts the next phase right after; an end leaves none
        } else if (event instanceof CaseClosed) {
            change = "status = 'CLOSED'";
        } else {
            change = null; // the row only moves to the new version
        }
        if (change == null && later) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update case_summary set "
                + (change == null ? "" : change + ", ")
                + "version = ?, updated_at = ? where case_id = ? and version < ?")) {
            int i = 1;
            if (value != null) {
                ps.setObject(i++, value);
                if (event instanceof ParticipantAdded) {
                    ps.setObject(i++, value);
                }
            }
            ps.setLong(i++, version);
            ps.setTimestamp(i++, at);
            ps.setString(i++, caseId);
            ps.setLong(i, version);
            ps.executeUpdate();
        }
    }
}
