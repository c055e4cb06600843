package ch.iiz.reporting.kpi;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.events.referral.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies one event to the KPI facts. The table names take a suffix, so a rebuild fills fresh copies
 * ({@code _rebuild}) with the very same code the live ingest uses.
 */
public final class KpiProjector {

    /** Advisory lock key: KPI reads hold it shared, a rebuild's table swap exclusively. */
    public static final long SWAP_LOCK = 7_300_001L;

    public static final List<String> TABLES = List.of("case_fact", "phase_fact", "report_fact", "handover_fact",
            "cost_fact", "course_fact", "seat_fact", "vacancy_fact", "proposal_fact");

    private KpiProjector() {
    }

    public static void apply(Connection c, EventEnvelope<IntegrationEvent> e, String suffix) throws SQLException {
        IntegrationEvent p = e.payload();
        String caseId = e.caseId();
        String cases = "case_fact" + suffix;
        if (p instanceof CaseOpened o) {
            String municipality = o.participants().stream()
                    .filter(x -> x.institutionType() == InstitutionType.SOCIAL_SERVICES && x.municipality() != null)
                    .map(Participant::municipality).findFirst().orElse(null);
            update(c, "insert into " + cases + " (case_id, canton, municipality, program, cooperation_model, "
                    + "lead_institution, participants, status, opened_on) values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) "
                    + "on conflict (case_id) do nothing", caseId, o.canton(), municipality, o.program().name(),
                    o.cooperationModel().name(), o.openedBy(),
                    c.createArrayOf("text", o.participants().stream().map(Participant::institutionId).toArray()),
                    o.openedOn());
        } else if (p instanceof ParticipantAdded a) {
            update(c, "update " + cases + " set participants = array_append(array_remove(participants, ?), ?) "
                    + "where case_id = ?", a.participant().institutionId(), a.participant().institutionId(), caseId);
        } else if (p instanceof ParticipantRemoved r) {
            update(c, "update " + cases + " set participants = array_remove(participants, ?) where case_id = ?",
                    r.institutionId(), caseId);
        } else if (p instanceof CaseLeadChanged l) {
            update(c, "update " + cases + " set lead_institution = ? where case_id = ?", l.leadInstitutionId(), caseId);
        } else if (p instanceof AmiplusPhaseStarted s) {
            update(c, "update " + cases + " set phase = ? where case_id = ?", (short) s.phase(), caseId);
            update(c, "insert into phase_fact" + suffix + " (case_id, phase, started_on, planned_end_on) values "
                    + "(?, ?, ?, ?) on conflict (case_id, phase) do nothing", caseId, (short) s.phase(), s.startedOn(),
                    s.plannedEndOn());
        } else if (p instanceof AmiplusPhaseExtended x) {
            update(c, "update phase_fact" + suffix + " set planned_end_on = ? where case_id = ? and phase = ?",
                    x.newPlannedEndOn(), caseId, (short) x.phase());
        } else if (p instanceof AmiplusPhaseEnded x) {
            update(c, "update phase_fact" + suffix + " set ended_on = ? where case_id = ? and phase = ?",
                    x.endedOn(), caseId, (short) x.phase());
        } else if (p instanceof ReportSubmitted r) {
            update(c, "insert into report_fact" + suffix + " (report_id, case_id, kind, phase, submitted_on) values "
                    + "(?, ?, ?, ?, ?) on conflict do nothing", caseId + "/" + r.reportId(), caseId, r.kind().name(),
                    r.phase() == null ? null : r.phase().shortValue(), r.submittedOn());
        } else if (p instanceof CaseAborted a) {
            update(c, "update " + cases + " set status = 'ABORTED', ended_on = ?, abort_reason = ? where case_id = ?",
                    a.abortedOn(), a.reason().name(), caseId);
        } else if (p instanceof CaseClosed x) {
            // A case stays open after its AMIplus mandate was aborted; closing it later keeps the abort counted.
            update(c, "update " + cases + " set status = case when status = 'ABORTED' then status else 'CLOSED' end, "
                    + "ended_on = coalesce(ended_on, ?), outcome = ?, detached = ? where case_id = ?", x.closedOn(),
                    x.outcome().name(), x.detachedFromSocialAssistance(), caseId);
        } else if (p instanceof LeadHandoverProposed h) {
            update(c, "insert into handover_fact" + suffix + " (handover_id, case_id, proposed_by, proposed_to, "
                    + "proposed_on, status) values (?, ?, ?, ?, ?, 'PROPOSED') on conflict do nothing", h.handoverId(),
                    caseId, h.proposedBy(), h.proposedInstitutionId(), h.proposedOn());
        } else if (p instanceof LeadHandoverAccepted h) {
            answer(c, suffix, h.handoverId(), "ACCEPTED", h.acceptedOn(), false);
        } else if (p instanceof LeadHandoverDeclined h) {
            answer(c, suffix, h.handoverId(), h.deadlineExpired() ? "EXPIRED" : "DECLINED", h.declinedOn(),
                    h.deadlineExpired());
        } else if (p instanceof LeadHandoverWithdrawn h) {
            answer(c, suffix, h.handoverId(), "WITHDRAWN", h.withdrawnOn(), false);
        } else if (p instanceof LeadHandoverCancelled h) {
            answer(c, suffix, h.handoverId(), "CANCELLED", h.cancelledOn(), false);
        } else if (p instanceof ChargeRecorded ch) {
            update(c, "insert into cost_fact" + suffix + " (charge_id, case_id, kind, creditor_id, debtor_id, amount_chf, "
                    + "billing_month) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", ch.chargeId(), ch.caseId(),
                    ch.kind().name(), ch.creditorId(), ch.debtorId(), ch.amountChf(), ch.billingMonth().toString());
        } else {
            applyPlacement(c, p, suffix);
        }
    }

    /**
     * Courses, seats and vacancies (Hessen). A course's events and its cases' events travel on different partitions,
     * so each event sets only its own columns of a seat: the facts come out the same in any order.
     */
    private static void applyPlacement(Connection c, IntegrationEvent p, String suffix) throws SQLException {
        String courses = "course_fact" + suffix;
        String seats = "seat_fact" + suffix;
        String proposals = "proposal_fact" + suffix;
        if (p instanceof CourseAnnounced a) {
            update(c, "insert into " + courses + " (course_id, organiser, measure_kind, seats, minimum, start_date, "
                    + "price_per_seat, decision_date, announced_on, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ANNOUNCED') "
                    + "on conflict (course_id) do update set measure_kind = excluded.measure_kind, seats = excluded.seats, "
                    + "minimum = excluded.minimum, start_date = excluded.start_date, price_per_seat = "
                    + "excluded.price_per_seat, decision_date = excluded.decision_date, announced_on = excluded.announced_on",
                    a.courseId(), a.organiserInstitutionId(), a.measureKind().name(), a.seats(),
                    a.minimumParticipants(), a.startDate(), a.pricePerSeat(), a.decisionDate(), a.announcedOn());
        } else if (p instanceof CourseConfirmed x) {
            decide(c, courses, x.courseId(), x.organiserInstitutionId(), "CONFIRMED", x.decisionDate());
            for (ConfirmedSeat seat : x.seats()) {
                update(c, "insert into " + seats + " (reservation_id, course_id, case_id, reserving_institution, "
                        + "price_per_seat, confirmed_on) values (?, ?, ?, ?, ?, ?) on conflict (reservation_id) do update "
                        + "set confirmed_on = excluded.confirmed_on", seat.reservationId(), x.courseId(), seat.caseId(),
                        seat.reservingInstitutionId(), seat.pricePerSeat(), x.decisionDate());
            }
        } else if (p instanceof CourseCancelled x) {
            decide(c, courses, x.courseId(), x.organiserInstitutionId(), "CANCELLED", x.decisionDate());
        } else if (p instanceof SeatReserved r) {
            update(c, "insert into " + seats + " (reservation_id, course_id, case_id, reserving_institution, "
                    + "price_per_seat, reserved_on) values (?, ?, ?, ?, ?, ?) on conflict (reservation_id) do update "
                    + "set reserved_on = excluded.reserved_on", r.reservationId(), r.courseId(), r.caseId(),
                    r.reservingInstitutionId(), r.pricePerSeat(), r.reservedOn());
        } else if (p instanceof SeatReleased r) {
            update(c, "insert into " + seats + " (reservation_id, course_id, case_id, reserving_institution, "
                    + "released_on, release_reason) values (?, ?, ?, ?, ?, ?) on conflict (reservation_id) do update "
                    + "set released_on = excluded.released_on, release_reason = excluded.release_reason",
                    r.reservationId(), r.courseId(), r.caseId(), r.reservingInstitutionId(), r.releasedOn(),
                    r.reason().name());
        } else if (p instanceof VacancyRecorded v) {
            update(c, "insert into vacancy_fact" + suffix + " (vacancy_id, agency, region, recorded_on, valid_until) "
                    + "values (?, ?, ?, ?, ?) on conflict do nothing", v.vacancyId(), v.agencyInstitutionId(), v.region(),
                    v.recordedOn(), v.validUntil());
        } else if (p instanceof VacancyProposed v) {
            update(c, "insert into " + proposals + " (vacancy_id, case_id, proposed_by, proposed_on) values (?, ?, ?, ?) "
                    + "on conflict (vacancy_id, case_id) do update set proposed_by = excluded.proposed_by, "
                    + "proposed_on = excluded.proposed_on", v.vacancyId(), v.caseId(), v.proposingInstitutionId(),
                    v.proposedOn());
        } else if (p instanceof VacancyOutcomeRecorded v) {
            // a final outcome (hired, rejected) is not undone by a later "applied"
            update(c, "insert into " + proposals + " (vacancy_id, case_id, outcome, outcome_on) values (?, ?, ?, ?) "
                    + "on conflict (vacancy_id, case_id) do update set outcome = excluded.outcome, "
                    + "outcome_on = excluded.outcome_on where " + proposals + ".outcome is null or "
                    + proposals + ".outcome = 'APPLIED'", v.vacancyId(), v.caseId(), v.outcome().name(), v.outcomeDate());
        }
    }

    private static void decide(Connection c, String courses, String courseId, String organiser, String status,
                               java.time.LocalDate on) throws SQLException {
        update(c, "insert into " + courses + " (course_id, organiser, status, decided_on) values (?, ?, ?, ?) "
                + "on conflict (course_id) do update set status = excluded.status, decided_on = excluded.decided_on",
                courseId, organiser, status, on);
    }

    private static void answer(Connection c, String suffix, String handoverId, String status, java.time.LocalDate on,
                               boolean expired) throws SQLException {
        update(c, "update handover_fact" + suffix + " set status = ?, answered_on = ?, deadline_expired = ? "
                + "where handover_id = ? and status = 'PROPOSED'", status, on, expired, handoverId);
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
