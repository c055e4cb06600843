package ch.iiz.placement.domain;

import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A course as its events tell it: terms, status and the reservations that hold a seat now. */
public final class CourseState {

    public enum Status { OPEN, CONFIRMED, CANCELLED }

    /** A reservation holding a seat. */
    public record Reservation(String reservationId, String caseId, String reservingInstitutionId,
                              String entitledInstitutionId, String costApprovalRef, BigDecimal pricePerSeat) {
    }

    private CourseAnnounced terms;
    private Status status;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();

    public static CourseState of(List<?> events) {
        CourseState state = new CourseState();
        events.forEach(state::apply);
        return state;
    }

    public void apply(Object event) {
        if (event instanceof CourseAnnounced e) {
            terms = e;
            status = Status.OPEN;
        } else if (event instanceof SeatReserved e) {
            reservations.put(e.reservationId(), new Reservation(e.reservationId(), e.caseId(),
                    e.reservingInstitutionId(), e.entitledInstitutionId(), e.costApprovalRef(), e.pricePerSeat()));
        } else if (event instanceof SeatReleased e) {
            reservations.remove(e.reservationId());
        } else if (event instanceof CourseConfirmed) {
            status = Status.CONFIRMED;
        } else if (event instanceof CourseCancelled) {
            status = Status.CANCELLED;
        }
    }

    public boolean announced() {
        return terms != null;
    }

    public CourseAnnounced terms() {
        return terms;
    }

    public String courseId() {
        return terms.courseId();
    }

    public String organiser() {
        return terms.organiserInstitutionId();
    }

    public MeasureKind measureKind() {
        return terms.measureKind();
    }

    public LocalDate decisionDate() {
        return terms.decisionDate();
    }

    public Status status() {
        return status;
    }

    public Map<String, Reservation> reservations() {
        return Map.copyOf(reservations);
    }

    public List<Reservation> reservationsInOrder() {
        return List.copyOf(reservations.values());
    }

    public int freeSeats() {
        return terms.seats() - reservations.size();
    }
}
