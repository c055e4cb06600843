package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.referral.LeadHandoverProposed;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A case as it stood on a business day, as known at an instant (DOMAIN.md "Dates", both questions at once), rebuilt by
 * replaying its events of all topics: of the events recorded at or before {@code asOf}, those whose business date
 * ({@link BusinessDate}) is on or before {@code on} are applied in business-date order, ties in record order. Never
 * read from a snapshot, so it shows what the history says, not what a table happens to hold.
 *
 * @param on            the business day asked about; null: every fact known, whatever its date
 * @param asOf          the instant the knowledge is taken at
 * @param eventsKnown   events of the case recorded at or before {@code asOf}
 * @param eventsApplied of those, the ones dated on or before {@code on}
 * @param courseSeats   the case's course reservations (Hessen): RESERVED, or RELEASED and why
 * @param vacancies     shared vacancies proposed to the client: PROPOSED, or what came of them (APPLIED, HIRED, REJECTED)
 */
public record CaseAsOf(String caseId, LocalDate on, Instant asOf, int eventsKnown, int eventsApplied, String status,
                       String program,
                       String cooperationModel, String leadInstitutionId, Set<String> participants,
                       Map<String, List<String>> consentsInForce, String mandate, Integer phase,
                       Map<Integer, LocalDate> phaseStarts, int openHandovers, List<LeadPeriod> leadHistory,
                       BigDecimal chargedChf, String outcome, String abortReason, Map<String, String> courseSeats,
                       Map<String, String> vacancies) {

    /** Who led from which business day ({@code from}), and when the system recorded it ({@code recordedAt}). */
    public record LeadPeriod(String institutionId, LocalDate from, String basis, Instant recordedAt) {
    }

    /** Everything known at {@code asOf}, whatever its business date. */
    public static CaseAsOf replay(String caseId, Instant asOf, List<EventEnvelope<IntegrationEvent>> events) {
        return replay(caseId, null, asOf, events);
    }

    /**
     * The case on business day {@code on} (null: all known facts) as known at {@code asOf}; {@code events} in record
     * order (as {@link EventLog#ofCase} reads them).
     */
    public static CaseAsOf replay(String caseId, LocalDate on, Instant asOf, List<EventEnvelope<IntegrationEvent>> events) {
        List<Dated> known = new ArrayList<>();
        for (EventEnvelope<IntegrationEvent> e : events) {
            if (!e.occurredAt().isAfter(asOf)) {
                known.add(new Dated(BusinessDate.of(e), known.size(), e));
            }
        }
        List<Dated> applicable = known.stream().filter(d -> on == null || !d.businessDate().isAfter(on))
                .sorted(Comparator.comparing(Dated::businessDate).thenComparingInt(Dated::recordOrder)).toList();
        return apply(caseId, on, asOf, known.size(), applicable);
    }

    private record Dated(LocalDate businessDate, int recordOrder, EventEnvelope<IntegrationEvent> envelope) {
    }

    private static CaseAsOf apply(String caseId, LocalDate on, Instant asOf, int eventsKnown, List<Dated> events) {
        String status = null, program = null, model = null, lead = null, mandate = null, outcome = null, abort = null;
        Integer phase = null;
        Set<String> participants = new LinkedHashSet<>();
        Map<String, List<String>> consents = new LinkedHashMap<>();
        Map<Integer, LocalDate> starts = new LinkedHashMap<>();
        Set<String> openHandovers = new LinkedHashSet<>();
        List<LeadPeriod> leads = new ArrayList<>();
        BigDecimal charged = new BigDecimal("0.00");
        Map<String, String> seats = new LinkedHashMap<>();
        Map<String, String> vacancies = new LinkedHashMap<>();
        int applied = 0;
        for (Dated dated : events) {
            EventEnvelope<IntegrationEvent> e = dated.envelope();
            applied++;
            IntegrationEvent p = e.payload();
            if (p instanceof CaseOpened o) {
                status = "OPEN";
                program = o.program().name();
                model = o.cooperationModel().name();
                lead = o.openedBy();
                o.participants().forEach(x -> participants.add(x.institutionId()));
                leads.add(new LeadPeriod(lead, o.openedOn(), LeadBasis.OPENING.name(), e.occurredAt()));
            } else if (p instanceof ParticipantAdded a) {
                participants.add(a.participant().institutionId());
            } else if (p instanceof ParticipantRemoved r) {
                participants.remove(r.institutionId());
            } else if (p instanceof ConsentRecorded c) {
                consents.put(c.consentId(), List.copyOf(c.institutionIds()));
            } else if (p instanceof ConsentRevoked c) {
                consents.remove(c.consentId());
            } else if (p instanceof AmiplusMandateIssued) {
                mandate = "ACTIVE";
            } else if (p instanceof AmiplusMandateRefused) {
                mandate = "REFUSED";
            } else if (p instanceof AmiplusContinuationDecided d && !d.continueProgram()) {
                mandate = "ENDED";
            } else if (p instanceof AmiplusPhaseStarted s) {
                phase = s.phase();
                starts.put(s.phase(), s.startedOn());
            } else if (p instanceof CaseLeadChanged l) {
                lead = l.leadInstitutionId();
                leads.add(new LeadPeriod(lead, l.effectiveOn(), l.basis().name(), e.occurredAt()));
            } else if (p instanceof CaseAborted a) {
                status = "ABORTED";
                abort = a.reason().name();
                mandate = mandate == null ? null : "ENDED";
            } else if (p instanceof CaseClosed c) {
                status = "CLOSED";
                outcome = c.outcome().name();
                mandate = mandate == null ? null : "ENDED";
            } else if (p instanceof LeadHandoverProposed h) {
                openHandovers.add(h.handoverId());
            } else if (p instanceof LeadHandoverAccepted h) {
                openHandovers.remove(h.handoverId());
            } else if (p instanceof ch.iiz.events.referral.LeadHandoverDeclined h) {
                openHandovers.remove(h.handoverId());
            } else if (p instanceof ch.iiz.events.referral.LeadHandoverWithdrawn h) {
                openHandovers.remove(h.handoverId());
            } else if (p instanceof ch.iiz.events.referral.LeadHandoverCancelled h) {
                openHandovers.remove(h.handoverId());
            } else if (p instanceof ChargeRecorded c) {
                charged = charged.add(c.amountChf());
            } else if (p instanceof SeatReserved r) {
                seats.put(r.courseId() + "/" + r.reservationId(), "RESERVED");
            } else if (p instanceof SeatReleased r) {
                seats.put(r.courseId() + "/" + r.reservationId(), "RELEASED_" + r.reason().name());
            } else if (p instanceof VacancyProposed v) {
                vacancies.putIfAbsent(v.vacancyId(), "PROPOSED");
            } else if (p instanceof VacancyOutcomeRecorded v) {
                vacancies.put(v.vacancyId(), v.outcome().name());
            }
        }
        return new CaseAsOf(caseId, on, asOf, eventsKnown, applied, status, program, model, lead, participants, consents, mandate, phase,
                starts, openHandovers.size(), leads, charged, outcome, abort, seats, vacancies);
    }
}
