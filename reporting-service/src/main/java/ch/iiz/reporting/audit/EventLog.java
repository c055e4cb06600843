package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A case's events across all topics in the order they happened, and the record of who read them. */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);
    private final EventCodec codec = new EventCodec();

    @Inject
    DataSource dataSource;

    public List<EventEnvelope<IntegrationEvent>> ofCase(String caseId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select wire from event_log where case_id = ? order by occurred_at, seq")) {
            ps.setString(1, caseId);
            List<EventEnvelope<IntegrationEvent>> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(codec.decode(rs.getString(1)));
                }
            }
            if (events.isEmpty()) {
                throw ProblemException.notFound("no case " + caseId);
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts an auditor's read on record (table and log) before it is answered. */
    public void recordRead(Caller caller, String caseId, String view, Instant asOf) {
        recordRead(caller, caseId, view, asOf, null);
    }

    /** Puts an auditor's read of a business day as known at an instant on record (table and log). */
    public void recordRead(Caller caller, String caseId, String view, Instant asOf, LocalDate on) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into audit_read (institution, subject, case_id, view, as_of, on_day) values (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, caller.institutionId());
            ps.setString(2, caller.subject());
            ps.setString(3, caseId);
            ps.setString(4, view);
            ps.setTimestamp(5, asOf == null ? null : Timestamp.from(asOf));
            ps.setObject(6, on);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        LOG.infof("auditor-read institution=%s subject=%s case=%s view=%s asOf=%s on=%s", caller.institutionId(),
                caller.subject(), caseId, view, asOf, on);
    }
}
