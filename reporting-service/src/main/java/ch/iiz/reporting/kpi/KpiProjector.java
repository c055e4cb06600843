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
import ch.iiz.events.placement.PlacementEvent;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.events.referral.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * Applies events to the KPI facts: the facts of the batch's cases are read once, every case, referral and billing
 * event is folded into them in memory in order ({@link #fold}, the one place that says what each of those types
 * changes), and the changed rows are written back with one statement per table; placement events go to their own
 * tables through {@link #applyPlacement}. The table names take a suffix, so a rebuild fills fresh copies
 * ({@code _rebuild}) with the very same code the live ingest uses.
 */
public final class KpiProjector {

    /** Advisory lock key: KPI reads hold it shared, a rebuild's table swap exclusively. */
    public static final long SWAP_LOCK = 7_300_001L;

    public static final List<String> TABLES = List.of("case_fact", "phase_fact", "report_fact", "handover_fact",
            "cost_fact", "course_fact", "seat_fact", "vacancy_fact", "proposal_fact");

    private KpiProjector() {
    }

    /** Applies the events, in their order, to the tables with {@code suffix}, on the caller's transaction. */
    public static void apply(Connection c, List<EventEnvelope<IntegrationEvent>> events, String suffix)
            throws SQLException {
        apply(c, events, suffix, false);
    }

    /**
     * The same for tables that only the caller writes (a rebuild's fresh copies): rows new to them go in by
     * {@code COPY} instead of upserts ({@link KpiFacts#write}). The facts come out the same.
     */
    public static void applyAsSoleWriter(Connection c, List<EventEnvelope<IntegrationEvent>> events, String suffix)
            throws SQLException {
        apply(c, events, suffix, true);
    }

    private static void apply(Connection c, List<EventEnvelope<IntegrationEvent>> events, String suffix,
                              boolean soleWriter) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        KpiFacts facts = KpiFacts.load(c, suffix, events.stream().filter(e -> !(e.payload() instanceof PlacementEvent))
                .map(EventEnvelope::caseId).toList());
        for (EventEnvelope<IntegrationEvent> e : events) {
            if (!(e.payload() instanceof PlacementEvent)) {
                fold(facts, e);
            }
        }
        facts.write(c, suffix, soleWriter);
        // Placement facts are few (courses, seats, vacancies) and written by upserts that come out the same in any
        // order, so they go straight to their tables instead of through the batch's in-memory facts.
        for (EventEnvelope<IntegrationEvent> e : events) {
            if (e.payload() instanceof PlacementEvent p) {
                applyPlacement(c, p, suffix);
            }
        }
    }

    /**
     * What each event type changes in the KPI facts. A fact that does not exist yet is created by its first event
     * only (a repeat changes nothing); a change to a fact that does not exist changes nothing.
     */
    static void fold(KpiFacts f, EventEnvelope<IntegrationEvent> e) {
        IntegrationEvent p = e.payload();
        String caseId = e.caseId();
        if (p instanceof CaseOpened o) {
            String municipality = o.participants().stream()
                    .filter(x -> x.institutionType() == InstitutionType.SOCIAL_SERVICES && x.municipality() != null)
                    .map(Participant::municipality).findFirst().orElse(null);
            f.openCase(caseId, o.canton(), municipality, o.program().name(), o.cooperationModel().name(), o.openedBy(),
                    o.participants().stream().map(Participant::institutionId).toList(), o.openedOn());
        } else if (p instanceof ParticipantAdded a) {
            f.caseRow(caseId).ifPresent(r -> {
                r.participants.removeIf(id -> id.equals(a.participant().institutionId()));
                r.participants.add(a.participant().institutionId());
            });
        } else if (p instanceof ParticipantRemoved r) {
            f.caseRow(caseId).ifPresent(row -> row.participants.removeIf(id -> id.equals(r.institutionId())));
        } else if (p instanceof CaseLeadChanged l) {
            f.caseRow(caseId).ifPresent(r -> r.leadInstitution = l.leadInstitutionId());
        } else if (p instanceof AmiplusPhaseStarted s) {
            f.caseRow(caseId).ifPresent(r -> r.phase = (short) s.phase());
            f.startPhase(caseId, (short) s.phase(), s.startedOn(), s.plannedEndOn());
        } else if (p instanceof AmiplusPhaseExtended x) {
            f.phaseRow(caseId, (short) x.phase()).ifPresent(r -> r.plannedEndOn = x.newPlannedEndOn());
        } else if (p instanceof AmiplusPhaseEnded x) {
            f.phaseRow(caseId, (short) x.phase()).ifPresent(r -> r.endedOn = x.endedOn());
        } else if (p instanceof ReportSubmitted r) {
            f.submitReport(caseId + "/" + r.reportId(), caseId, r.kind().name(),
                    r.phase() == null ? null : r.phase().shortValue(), r.submittedOn());
        } else if (p instanceof CaseAborted a) {
            f.caseRow(caseId).ifPresent(r -> {
                r.status = "ABORTED";
                r.endedOn = a.abortedOn();
                r.abortReason = a.reason().name();
            });
        } else if (p instanceof CaseClosed x) {
            // A case stays open after its AMIplus mandate was aborted; closing it later keeps the abort counted.
            f.caseRow(caseId).ifPresent(r -> {
                r.status = "ABORTED".equals(r.status) ? r.status : "CLOSED";
                r.endedOn = r.endedOn != null ? r.endedOn : x.closedOn();
                r.outcome = x.outcome().name();
                r.detached = x.detachedFromSocialAssistance();
            });
        } else if (p instanceof LeadHandoverProposed h) {
            f.proposeHandover(h.handoverId(), caseId, h.proposedBy(), h.proposedInstitutionId(), h.proposedOn());
        } else if (p instanceof LeadHandoverAccepted h) {
            answer(f, h.handoverId(), "ACCEPTED", h.acceptedOn(), false);
        } else if (p instanceof LeadHandoverDeclined h) {
            answer(f, h.handoverId(), h.deadlineExpired() ? "EXPIRED" : "DECLINED", h.declinedOn(), h.deadlineExpired());
        } else if (p instanceof LeadHandoverWithdrawn h) {
            answer(f, h.handoverId(), "WITHDRAWN", h.withdrawnOn(), false);
        } else if (p instanceof LeadHandoverCancelled h) {
            answer(f, h.handoverId(), "CANCELLED", h.cancelledOn(), false);
        } else if (p instanceof ChargeRecorded ch) {
            f.recordCost(ch.chargeId(), ch.caseId(), ch.kind().name(), ch.creditorId(), ch.debtorId(), ch.amountChf(),
                    ch.billingMonth().toString());
        }
    }

    /** The first answer to a proposal counts; later ones change nothing. */
    private static void answer(KpiFacts f, String handoverId, String status, LocalDate on, boolean expired) {
        f.handoverRow(handoverId).filter(h -> "PROPOSED".equals(h.status)).ifPresent(h -> {
            h.status = status;
            h.answeredOn = on;
            h.deadlineExpired = expired;
        });
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
                               LocalDate on) throws SQLException {
        update(c, "insert into " + courses + " (course_id, organiser, status, decided_on) values (?, ?, ?, ?) "
                + "on conflict (course_id) do update set status = excluded.status, decided_on = excluded.decided_on",
                courseId, organiser, status, on);
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
