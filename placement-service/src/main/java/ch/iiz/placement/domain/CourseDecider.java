package ch.iiz.placement.domain;

import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleaseReason;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.placement.domain.CourseCommand.AnnounceCourse;
import ch.iiz.placement.domain.CourseCommand.DecideCourse;
import ch.iiz.placement.domain.CourseCommand.ReserveSeat;
import ch.iiz.placement.domain.CourseCommand.WithdrawReservation;
import ch.iiz.service.rules.RuleViolation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of joint measure planning (DOMAIN.md "Hessen, joint measure planning", seed 004), pure: a command and the
 * course's state in, the events out, or a {@link RuleViolation}.
 * <ul>
 *   <li>Announce: the caller organises; at least one seat, 1 ≤ minimum ≤ seats, decision date on or after the
 *       announcement and before the start, price ≥ 0 CHF with at most 2 decimals.</li>
 *   <li>Reserve, before the decision date of an open course: the caller takes part in the case and a consent in
 *       force names it; the case holds a measure of the course's kind whose cost an institution the client is
 *       entitled to benefits from approved for at least the price of a seat (that approval is the reservation's
 *       cost approval); one seat per case; no overbooking.</li>
 *   <li>Withdraw, before the decision date: the reserving institution frees its seat.</li>
 *   <li>Decide, on or after the decision date (the job, or the organiser): confirmed when the reservations reach the
 *       minimum, else cancelled and every reservation released, each case told.</li>
 * </ul>
 */
public final class CourseDecider {

    private CourseDecider() {
    }

    public static List<Object> decide(CourseState state, CourseCommand command) {
        if (command instanceof AnnounceCourse c) {
            return announce(state, c);
        }
        if (state == null || !state.announced()) {
            throw RuleViolation.conflict("courseId", "unknown-course", "no such course");
        }
        if (command instanceof ReserveSeat c) {
            return reserve(state, c);
        } else if (command instanceof WithdrawReservation c) {
            return withdraw(state, c);
        } else if (command instanceof DecideCourse c) {
            return decideOn(state, c);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static List<Object> announce(CourseState state, AnnounceCourse c) {
        if (state != null && state.announced()) {
            throw RuleViolation.conflict("courseId", "course-exists", "the course " + c.courseId() + " exists already");
        }
        if (c.seats() < 1) {
            throw RuleViolation.invalid("seats", "at-least-one-seat", "a course has at least one seat");
        }
        if (c.minimumParticipants() < 1 || c.minimumParticipants() > c.seats()) {
            throw RuleViolation.invalid("minimumParticipants", "minimum-within-seats",
                    "the minimum of participants lies between 1 and the number of seats");
        }
        if (c.decisionDate().isBefore(c.announcedOn())) {
            throw RuleViolation.invalid("decisionDate", "decision-not-past",
                    "the decision date cannot lie before the announcement");
        }
        if (!c.decisionDate().isBefore(c.startDate())) {
            throw RuleViolation.invalid("decisionDate", "decision-before-start",
                    "the decision date lies before the course's start");
        }
        BigDecimal price = c.pricePerSeat();
        if (price.signum() < 0 || price.stripTrailingZeros().scale() > 2) {
            throw RuleViolation.invalid("pricePerSeat", "chf-amount",
                    "the price per seat is an amount in CHF, at least 0, with at most 2 decimals");
        }
        return List.of(new CourseAnnounced(c.courseId(), c.by(), c.measureKind(), c.provider(), c.seats(),
                c.minimumParticipants(), c.startDate(), price.setScale(2), c.decisionDate(), c.announcedOn()));
    }

    private static List<Object> reserve(CourseState s, ReserveSeat c) {
        requireOpenBeforeDecision(s, c.reservedOn(), "reservedOn");
        CaseFacts facts = c.facts();
        if (facts.closed()) {
            throw RuleViolation.conflict("caseId", "case-closed", "the case is closed");
        }
        if (!facts.participants().contains(c.by())) {
            throw RuleViolation.conflict("caseId", "participant-only",
                    "only an institution taking part in the case reserves a seat for its client");
        }
        if (!facts.consentNames(c.by())) {
            throw RuleViolation.conflict("caseId", "consent-required",
                    "no consent in force names " + c.by() + ": the client's data cannot go to the course's organiser");
        }
        if (s.reservations().values().stream().anyMatch(r -> r.caseId().equals(c.caseId()))) {
            throw RuleViolation.conflict("caseId", "one-seat-per-case", "the case already holds a seat in this course");
        }
        CaseFacts.Measure measure = facts.measures().get(c.measureId());
        if (measure == null) {
            throw RuleViolation.conflict("measureId", "unknown-measure", "the case has no measure " + c.measureId());
        }
        if (measure.kind() != s.measureKind()) {
            throw RuleViolation.conflict("measureId", "measure-kind-matches",
                    "the measure is a " + measure.kind() + ", the course a " + s.measureKind());
        }
        if (measure.costApprovalId() == null || measure.status() == CaseFacts.MeasureStatus.CANCELLED) {
            throw RuleViolation.conflict("measureId", "cost-approval-required",
                    "the measure's cost was not approved (it is " + measure.status().name().toLowerCase() + ")");
        }
        if (!facts.entitled().contains(measure.approvedBy())) {
            throw RuleViolation.conflict("measureId", "approved-by-entitled-institution",
                    "the cost was approved by " + measure.approvedBy()
                            + ", not by an institution the client is entitled to benefits from");
        }
        BigDecimal price = s.terms().pricePerSeat();
        if (measure.approvedAmountChf().compareTo(price) < 0) {
            throw RuleViolation.conflict("measureId", "approval-covers-price", "the approved CHF "
                    + measure.approvedAmountChf().toPlainString() + " do not cover the seat's CHF " + price.toPlainString());
        }
        if (s.freeSeats() <= 0) {
            throw RuleViolation.conflict("courseId", "no-overbooking", "every seat of the course is reserved");
        }
        return List.of(new SeatReserved(s.courseId(), c.reservationId(), c.caseId(), c.by(), measure.approvedBy(),
                measure.costApprovalId(), price, c.reservedOn()));
    }

    private static List<Object> withdraw(CourseState s, WithdrawReservation c) {
        CourseState.Reservation r = s.reservations().get(c.reservationId());
        if (r == null || !r.reservingInstitutionId().equals(c.by())) {
            throw RuleViolation.conflict("reservationId", "own-reservation",
                    "no reservation " + c.reservationId() + " of yours holds a seat in this course");
        }
        requireOpenBeforeDecision(s, c.withdrawnOn(), "withdrawnOn");
        return List.of(new SeatReleased(s.courseId(), r.reservationId(), r.caseId(), r.reservingInstitutionId(),
                SeatReleaseReason.WITHDRAWN, c.withdrawnOn()));
    }

    private static List<Object> decideOn(CourseState s, DecideCourse c) {
        if (c.by() != null && !c.by().equals(s.organiser())) {
            throw RuleViolation.conflict("courseId", "organiser-only", "only the course's organiser decides it");
        }
        if (s.status() != CourseState.Status.OPEN) {
            throw RuleViolation.conflict("courseId", "decided-once", "the course was " + s.status().name().toLowerCase());
        }
        if (c.today().isBefore(s.decisionDate())) {
            throw RuleViolation.conflict("courseId", "decision-date-reached",
                    "the course is decided on or after its decision date " + s.decisionDate());
        }
        List<CourseState.Reservation> held = s.reservationsInOrder();
        if (held.size() >= s.terms().minimumParticipants()) {
            return List.of(new CourseConfirmed(s.courseId(), s.organiser(), s.decisionDate(), held.stream()
                    .map(r -> new ConfirmedSeat(r.reservationId(), r.caseId(), r.reservingInstitutionId(),
                            r.pricePerSeat())).toList()));
        }
        List<Object> events = new ArrayList<>();
        events.add(new CourseCancelled(s.courseId(), s.organiser(), s.decisionDate(), held.size(),
                s.terms().minimumParticipants()));
        held.forEach(r -> events.add(new SeatReleased(s.courseId(), r.reservationId(), r.caseId(),
                r.reservingInstitutionId(), SeatReleaseReason.COURSE_CANCELLED, s.decisionDate())));
        return events;
    }

    private static void requireOpenBeforeDecision(CourseState s, java.time.LocalDate on, String field) {
        if (s.status() != CourseState.Status.OPEN) {
            throw RuleViolation.conflict("courseId", "course-open",
                    "the course was " + s.status().name().toLowerCase() + " already");
        }
        if (!on.isBefore(s.decisionDate())) {
            throw RuleViolation.conflict(field, "before-decision-date",
                    "seats are reserved and withdrawn before the decision date " + s.decisionDate());
        }
    }
}
