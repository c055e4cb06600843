package ch.iiz.placement.domain;

import ch.iiz.events.cases.MeasureKind;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What can be asked of a course. {@code by} is the acting institution from the caller's token. */
public sealed interface CourseCommand {

    record AnnounceCourse(String by, String courseId, MeasureKind measureKind, String provider, int seats,
                          int minimumParticipants, LocalDate startDate, BigDecimal pricePerSeat,
                          LocalDate decisionDate, LocalDate announcedOn) implements CourseCommand {
    }

    /**
     * Reserve one seat for the client of {@code caseId}, financed under the case's measure {@code measureId} whose cost
     * the entitled institution approved. {@code facts} is what placement-service knows of the case at that moment.
     */
    record ReserveSeat(String by, String reservationId, String caseId, String measureId, CaseFacts facts,
                       LocalDate reservedOn) implements CourseCommand {
    }

    record WithdrawReservation(String by, String reservationId, LocalDate withdrawnOn) implements CourseCommand {
    }

    /**
     * Decide the course on or after its decision date: the decision job ({@code by} null) or the organiser.
     * {@code today} comes from the injected clock.
     */
    record DecideCourse(String by, LocalDate today) implements CourseCommand {
    }
}
