package ch.iiz.placement.axon;

import ch.iiz.events.placement.*;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps the course, reservation, vacancy and proposal views in step with the aggregates, inside the transaction that
 * appends their events: lists, seat counts and the decision job never lag behind a command.
 */
@ProcessingGroup(PlacementProjection.PROCESSOR)
public class PlacementProjection {

    public static final String PROCESSOR = "placement-views";

    private final DataSource dataSource;

    public PlacementProjection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventHandler
    public void on(PlacementEvent event, DomainEventMessage<?> message) throws SQLException {
        long version = message.getSequenceNumber();
        try (Connection c = dataSource.getConnection()) {
            if (event instanceof CourseAnnounced e) {
                update(c, """
                        insert into course_view (course_id, organiser, measure_kind, provider, seats, minimum_participants,
                          start_date, price_per_seat, decision_date, announced_on, status, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) on conflict (course_id) do nothing""",
                        e.courseId(), e.organiserInstitutionId(), e.measureKind().name(), e.provider(), e.seats(),
                        e.minimumParticipants(), e.startDate(), e.pricePerSeat(), e.decisionDate(), e.announcedOn(),
                        version);
            } else if (event instanceof SeatReserved e) {
                update(c, """
                        insert into reservation_view (reservation_id, course_id, case_id, reserving, entitled,
                          cost_approval, price_per_seat, reserved_on, status) values (?, ?, ?, ?, ?, ?, ?, ?, 'HELD')
                        on conflict (reservation_id) do nothing""", e.reservationId(), e.courseId(), e.caseId(),
                        e.reservingInstitutionId(), e.entitledInstitutionId(), e.costApprovalRef(), e.pricePerSeat(),
                        e.reservedOn());
                version(c, e.courseId(), version);
            } else if (event instanceof SeatReleased e) {
                update(c, "update reservation_view set status = 'RELEASED', released_on = ?, release_reason = ? "
                        + "where reservation_id = ?", e.releasedOn(), e.reason().name(), e.reservationId());
                version(c, e.courseId(), version);
            } else if (event instanceof CourseConfirmed e) {
                update(c, "update course_view set status = 'CONFIRMED', decided_on = ?, version = ? where course_id = ?",
                        e.decisionDate(), version, e.courseId());
                update(c, "update reservation_view set status = 'CONFIRMED' where course_id = ? and status = 'HELD'",
                        e.courseId());
            } else if (event instanceof CourseCancelled e) {
                update(c, "update course_view set status = 'CANCELLED', decided_on = ?, version = ? where course_id = ?",
                        e.decisionDate(), version, e.courseId());
            } else if (event instanceof VacancyRecorded e) {
                update(c, """
                        insert into vacancy_view (vacancy_id, agency, occupation, workload_percent, region, valid_until,
                          recorded_on, version) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (vacancy_id) do nothing""",
                        e.vacancyId(), e.agencyInstitutionId(), e.occupation(), e.workloadPercent(), e.region(),
                        e.validUntil(), e.recordedOn(), version);
            } else if (event instanceof VacancyProposed e) {
                update(c, """
                        insert into vacancy_proposal_view (vacancy_id, case_id, proposed_by, proposed_on)
                        values (?, ?, ?, ?) on conflict (vacancy_id, case_id) do nothing""",
                        e.vacancyId(), e.caseId(), e.proposingInstitutionId(), e.proposedOn());
                update(c, "update vacancy_view set version = ? where vacancy_id = ?", version, e.vacancyId());
            } else if (event instanceof VacancyOutcomeRecorded e) {
                update(c, "update vacancy_proposal_view set outcome = ?, outcome_date = ?, recorded_by = ? "
                                + "where vacancy_id = ? and case_id = ?", e.outcome().name(), e.outcomeDate(),
                        e.recordedBy(), e.vacancyId(), e.caseId());
                update(c, "update vacancy_view set version = ? where vacancy_id = ?", version, e.vacancyId());
            }
        }
    }

    private static void version(Connection c, String courseId, long version) throws SQLException {
        update(c, "update course_view set version = ? where course_id = ?", version, courseId);
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
