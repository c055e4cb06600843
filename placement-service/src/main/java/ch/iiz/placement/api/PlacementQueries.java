package ch.iiz.placement.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the views {@code PlacementProjection} keeps in the commands' transactions. */
@ApplicationScoped
public class PlacementQueries {

    /** A course as listed; {@code reservations} holds only those the caller may see. */
    public record Course(String courseId, String organiserInstitutionId, String measureKind, String provider, int seats,
                         int minimumParticipants, int reservedSeats, int freeSeats, LocalDate startDate,
                         BigDecimal pricePerSeat, LocalDate decisionDate, LocalDate announcedOn, String status,
                         LocalDate decidedOn, long version, List<Reservation> reservations) {
        Course with(List<Reservation> visible) {
            return new Course(courseId, organiserInstitutionId, measureKind, provider, seats, minimumParticipants,
                    reservedSeats, freeSeats, startDate, pricePerSeat, decisionDate, announcedOn, status, decidedOn,
                    version, visible);
        }
    }

    /** A reservation; status HELD (before the decision), CONFIRMED or RELEASED. */
    public record Reservation(String reservationId, String courseId, String caseId, String reservingInstitutionId,
                              String entitledInstitutionId, String costApprovalRef, BigDecimal pricePerSeat,
                              LocalDate reservedOn, String status, LocalDate releasedOn, String releaseReason) {
    }

    public record Vacancy(String vacancyId, String agencyInstitutionId, String occupation, int workloadPercent,
                          String region, LocalDate validUntil, LocalDate recordedOn, long version) {
    }

    /** A vacancy proposed to a case, with the latest outcome (null until one is recorded). */
    public record Proposal(String vacancyId, String caseId, String proposedBy, LocalDate proposedOn, String outcome,
                           LocalDate outcomeDate, String recordedBy) {
    }

    private static final String COURSE = """
            select c.course_id, c.organiser, c.measure_kind, c.provider, c.seats, c.minimum_participants,
              (select count(*) from reservation_view r where r.course_id = c.course_id and r.status <> 'RELEASED'),
              c.start_date, c.price_per_seat, c.decision_date, c.announced_on, c.status, c.decided_on, c.version
            from course_view c""";
    private static final String RESERVATION = """
            select reservation_id, course_id, case_id, reserving, entitled, cost_approval, price_per_seat, reserved_on,
              status, released_on, release_reason from reservation_view""";
    private static final String VACANCY = """
            select vacancy_id, agency, occupation, workload_percent, region, valid_until, recorded_on, version
            from vacancy_view""";

    @Inject
    DataSource dataSource;

    public List<Course> courses(String status) {
        return list(COURSE + (status == null ? "" : " where c.status = ?") + " order by c.decision_date, c.course_id",
                PlacementQueries::course, status == null ? new Object[0] : new Object[]{status});
    }

    public Optional<Course> course(String courseId) {
        return list(COURSE + " where c.course_id = ?", PlacementQueries::course, courseId).stream().findFirst();
    }

    public List<Reservation> reservationsOfCourse(String courseId) {
        return list(RESERVATION + " where course_id = ? order by reserved_on, reservation_id",
                PlacementQueries::reservation, courseId);
    }

    public List<Reservation> reservationsOfCase(String caseId) {
        return list(RESERVATION + " where case_id = ? order by reserved_on, reservation_id",
                PlacementQueries::reservation, caseId);
    }

    public List<Vacancy> vacancies() {
        return list(VACANCY + " order by recorded_on desc, vacancy_id", PlacementQueries::vacancy);
    }

    public Optional<Vacancy> vacancy(String vacancyId) {
        return list(VACANCY + " where vacancy_id = ?", PlacementQueries::vacancy, vacancyId).stream().findFirst();
    }

    public List<Proposal> proposalsOfCase(String caseId) {
        return list("select vacancy_id, case_id, proposed_by, proposed_on, outcome, outcome_date, recorded_by "
                + "from vacancy_proposal_view where case_id = ? order by proposed_on, vacancy_id", rs -> new Proposal(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getString(7)), caseId);
    }

    /** Open courses whose decision date has come, as of {@code today}. */
    public List<String> coursesDue(LocalDate today, int limit) {
        return list("select course_id from course_view where status = 'OPEN' and decision_date < ? "
                + "order by decision_date, course_id limit ?", rs -> rs.getString(1), today, limit);
    }

    private static Course course(ResultSet rs) throws SQLException {
        int seats = rs.getInt(5);
        int reserved = rs.getInt(7);
        return new Course(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), seats, rs.getInt(6),
                reserved, Math.max(0, seats - reserved), rs.getObject(8, LocalDate.class), rs.getBigDecimal(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class), rs.getString(12),
                rs.getObject(13, LocalDate.class), rs.getLong(14), List.of());
    }

    private static Reservation reservation(ResultSet rs) throws SQLException {
        return new Reservation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBigDecimal(7), rs.getObject(8, LocalDate.class), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getString(11));
    }

    private static Vacancy vacancy(ResultSet rs) throws SQLException {
        return new Vacancy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class), rs.getLong(8));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> list(String sql, Row<T> row, Object... values) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
