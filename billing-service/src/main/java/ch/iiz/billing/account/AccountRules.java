package ch.iiz.billing.account;

import ch.iiz.billing.tariff.AmiplusTariff;
import ch.iiz.billing.tariff.ChargeLine;
import ch.iiz.billing.tariff.CourseTariff;
import ch.iiz.billing.tariff.OptimaTariff;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.cases.*;
import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverEnded;
import ch.iiz.events.referral.LeadHandoverExtended;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns case, referral and placement events, and month closings, into charges (tariffs in {@code ch.iiz.billing.tariff}).
 * Pure: the same events in the same order give the same charges with the same ids.
 *
 * <p>Daily AMIplus charges reconcile the days that should be charged (the running phases up to the latest known day)
 * with the days charged so far: new days are charged by calendar month, days that turn out not to be due (a phase that
 * ended sooner than a month close assumed) are reversed by a correction referencing the charge.
 */
public final class AccountRules {

    private AccountRules() {
    }

    /** AMIplus phase 2 is billed for at most 18 months from its start (DOMAIN.md, "AMIplus, after the plan"). */
    public static final int PHASE_2_MAX_MONTHS = 18;

    /** {@link #apply(CaseAccount, IntegrationEvent, UUID, LocalDate)} for an event whose dates are all in the past. */
    public static List<Charge> apply(CaseAccount a, IntegrationEvent event, UUID eventId) {
        return apply(a, event, eventId, LocalDate.MAX);
    }

    /**
     * The cases an event is charged on: its own case, or for a confirmed course the case of each seat (in a fixed
     * order, so concurrent inputs lock accounts in the same order).
     */
    public static List<String> casesOf(IntegrationEvent event, String envelopeCaseId) {
        if (event instanceof CourseConfirmed e) {
            return e.seats().stream().map(ConfirmedSeat::caseId).filter(Objects::nonNull).distinct().sorted().toList();
        }
        return envelopeCaseId == null ? List.of() : List.of(envelopeCaseId);
    }

    /**
     * Applies one case, referral or placement event. {@code recordedOn} is the day the event was recorded (its accrual date): an
     * end dated later than that is charged only up to it now, the rest by the month closes that reach those days.
     */
    public static List<Charge> apply(CaseAccount a, IntegrationEvent event, UUID eventId, LocalDate recordedOn) {
        List<Charge> charges = new ArrayList<>();
        if (event instanceof CaseOpened e) {
            e.participants().forEach(p -> a.cantons.put(p.institutionId(), p.canton()));
        } else if (event instanceof ParticipantAdded e) {
            a.cantons.put(e.participant().institutionId(), e.participant().canton());
        } else if (event instanceof AmiplusMandateIssued e) {
            a.amiplusCreditor = e.ravInstitutionId();
            a.amiplusDebtor = e.municipalityInstitutionId();
            a.mandateEnded = false;
        } else if (event instanceof AmiplusPhaseStarted e) {
            a.phases.put(e.phase(), new CaseAccount.Phase(e.phase(), e.startedOn(), null, eventId, null,
                    limitOf(e.phase(), e.startedOn(), e.plannedEndOn())));
            a.continuing = false;
            a.endPending = false;
            if (e.phase() == 1 && !a.phaseOneCharged && a.amiplusCreditor != null && !selfBilled(a)) {
                a.phaseOneCharged = true;
                Charge flat = Charge.of(a.caseId, a.amiplusCreditor, a.amiplusDebtor,
                        AmiplusTariff.phaseOneFlat(e.startedOn()), List.of(eventId), "p1");
                a.phaseOneCharge = flat;
                charges.add(flat);
            }
            reconcileDaily(a, recordedOn, eventId, charges);
        } else if (event instanceof AmiplusPhaseExtended e) {
            CaseAccount.Phase p = a.phases.get(e.phase());
            if (p != null && e.phase() == 3 && e.newPlannedEndOn() != null) {
                // the extension allows the days up to its new end, back to the old limit: charged in their own months
                a.phases.put(e.phase(), new CaseAccount.Phase(p.phase(), p.firstDay(), p.lastDay(), p.startedBy(),
                        p.endedBy(), e.newPlannedEndOn()));
                reconcileDaily(a, recordedOn, eventId, charges);
            }
        } else if (event instanceof AmiplusContinuationDecided e) {
            a.continuing = e.continueProgram();
            a.mandateEnded = !e.continueProgram();
        } else if (event instanceof AmiplusPhaseEnded e) {
            CaseAccount.Phase p = a.phases.get(e.phase());
            if (p != null) {
                a.phases.put(e.phase(), new CaseAccount.Phase(p.phase(), p.firstDay(), e.endedOn(), p.startedBy(),
                        eventId, p.limit()));
            }
            if (!a.continuing) {
                if (!a.mandateEnded && p != null && !e.endedOn().isAfter(p.firstDay())) {
                    // an abort or close dated before the phase started ends it on its first day: the abort or close
                    // that follows tells whether that day ran
                    a.endPending = true;
                } else {
                    reconcileDaily(a, recordedOn, eventId, charges);
                }
            }
        } else if (event instanceof CaseAborted || event instanceof CaseClosed) {
            LocalDate endedOn = event instanceof CaseAborted ab ? ab.abortedOn() : ((CaseClosed) event).closedOn();
            a.mandateEnded = true;
            a.continuing = false;
            if (a.endPending && endedOn != null) {
                a.phases.values().stream().max(java.util.Comparator.comparingInt(CaseAccount.Phase::phase))
                        .filter(p -> endedOn.isBefore(p.firstDay()))
                        .ifPresent(p -> neverRan(a, p, eventId, charges));
            }
            a.endPending = false;
            reconcileDaily(a, recordedOn, eventId, charges);
        } else if (event instanceof MeasureProposed e) {
            a.measures.put(e.measureId(), new CaseAccount.Measure(e.measureId(), e.proposedBy(), null, null, null, null));
        } else if (event instanceof MeasureCostApproved e) {
            CaseAccount.Measure m = a.measures.get(e.measureId());
            String proposedBy = m == null ? null : m.proposedBy();
            a.measures.put(e.measureId(), new CaseAccount.Measure(e.measureId(), proposedBy, e.approvedBy(),
                    e.approvedAmountChf(), null, eventId));
        } else if (event instanceof MeasureStarted e) {
            CaseAccount.Measure m = a.measures.get(e.measureId());
            if (m != null) {
                a.measures.put(e.measureId(), new CaseAccount.Measure(m.measureId(), m.proposedBy(), m.approvedBy(),
                        m.approvedChf(), e.startedOn(), m.approvedEvent()));
            }
        } else if (event instanceof MeasureCompleted e) {
            CaseAccount.Measure m = a.measures.get(e.measureId());
            if (m != null && m.approvedChf() != null) {
                String creditor = a.amiplusCreditor != null ? a.amiplusCreditor : m.proposedBy();
                // a measure proposed and financed by the same institution is never invoiced to itself
                if (creditor != null && !creditor.equals(m.approvedBy())) {
                    LocalDate from = m.startedOn() == null ? e.completedOn() : m.startedOn();
                    charges.add(Charge.of(a.caseId, creditor, m.approvedBy(),
                            AmiplusTariff.measure(from, e.completedOn(), e.costChf(), m.approvedChf()),
                            List.of(m.approvedEvent(), eventId), e.measureId()));
                }
            }
        } else if (event instanceof LeadHandoverAccepted e && e.leadUntil() != null) {
            a.handoverUntil.put(e.handoverId(), e.leadUntil());
        } else if (event instanceof LeadHandoverExtended e && e.newLeadUntil() != null) {
            a.handoverUntil.put(e.handoverId(), e.newLeadUntil());
            if (a.leads.containsKey(e.handoverId())) {
                reconcileLead(a, e.handoverId(), recordedOn, eventId, charges);
            }
        } else if (event instanceof LeadDecided e && e.handoverId() != null && e.commissioningInstitutionId() != null
                && e.basis() == LeadBasis.OPTIMA_HANDOVER
                && !e.leadInstitutionId().equals(e.commissioningInstitutionId())) {
            a.leads.putIfAbsent(e.handoverId(), new CaseAccount.Lead(e.handoverId(), e.leadInstitutionId(),
                    e.commissioningInstitutionId(), e.effectiveOn(), null, eventId, null, List.of()));
            reconcileLead(a, e.handoverId(), min(e.effectiveOn(), recordedOn), eventId, charges);
        } else if (event instanceof CourseConfirmed e) {
            // each case's account takes the seats of its own client; the organiser never bills itself nor a free seat,
            // and a seat is charged once whatever becomes of it after the confirmation (it was booked)
            for (ConfirmedSeat seat : e.seats()) {
                if (a.caseId.equals(seat.caseId()) && !e.organiserInstitutionId().equals(seat.reservingInstitutionId())
                        && seat.pricePerSeat().signum() > 0 && a.courseSeatsCharged.add(seat.reservationId())) {
                    charges.add(Charge.of(a.caseId, e.organiserInstitutionId(), seat.reservingInstitutionId(),
                            CourseTariff.seat(e.decisionDate(), seat.pricePerSeat()), List.of(eventId),
                            e.courseId() + "-" + seat.reservationId()));
                }
            }
        } else if (event instanceof LeadHandoverEnded e && a.leads.containsKey(e.handoverId())) {
            CaseAccount.Lead l = a.leads.get(e.handoverId());
            a.leads.put(l.handoverId(), new CaseAccount.Lead(l.handoverId(), l.leadInstitution(), l.commissioning(),
                    l.firstDay(), e.lastLeadDay(), l.decidedBy(), eventId, l.charges()));
            reconcileLead(a, e.handoverId(), recordedOn, eventId, charges);
        }
        return charges;
    }

    /**
     * A month close of {@code creditor}: charge what ran up to {@code until} (daily days, started lead months), within
     * each phase's and handover's limits.
     */
    public static List<Charge> accrue(CaseAccount a, String creditor, LocalDate until) {
        List<Charge> charges = new ArrayList<>();
        if (creditor.equals(a.amiplusCreditor) && (a.accruedUntil == null || until.isAfter(a.accruedUntil))) {
            a.accruedUntil = until;
            reconcileDaily(a, null, null, charges);
        }
        for (CaseAccount.Lead l : List.copyOf(a.leads.values())) {
            if (creditor.equals(l.leadInstitution())) {
                reconcileLead(a, l.handoverId(), until, null, charges);
            }
        }
        return charges;
    }

    /**
     * The creditors that still have something to bill on this account: a phase not charged to its end or limit, a
     * lead month not yet charged. The automatic close closes their months even when nothing else is pending.
     */
    public static Set<String> runningCreditors(CaseAccount a) {
        Set<String> running = new TreeSet<>();
        if (a.amiplusCreditor != null && !selfBilled(a)) {
            NavigableSet<LocalDate> charged = chargedDays(a);
            for (CaseAccount.Phase p : a.phases.values()) {
                if (p.phase() < 2 || (p.lastDay() == null && a.mandateEnded)) {
                    continue;
                }
                LocalDate end = billableUntil(p);
                if (!end.isBefore(p.firstDay()) && !charged.contains(end)) {
                    running.add(a.amiplusCreditor);
                }
            }
        }
        for (CaseAccount.Lead l : a.leads.values()) {
            LocalDate end = leadBillableUntil(a, l);
            if (end == null) {
                running.add(l.leadInstitution());
            } else if (!end.isBefore(l.firstDay())) {
                long due = OptimaTariff.leadMonths(l.firstDay(), end).size();
                long done = l.charges().stream().filter(c -> c.amountChf().signum() > 0 && !reversed(l.charges(), c))
                        .count();
                if (done < due) {
                    running.add(l.leadInstitution());
                }
            }
        }
        return running;
    }

    /** The last day a phase may be billed: its last day, never past its limit. */
    public static LocalDate billableUntil(CaseAccount.Phase p) {
        LocalDate limit = p.limit() != null ? p.limit() : limitOf(p.phase(), p.firstDay(), null);
        return p.lastDay() != null && p.lastDay().isBefore(limit) ? p.lastDay() : limit;
    }

    private static LocalDate limitOf(int phase, LocalDate firstDay, LocalDate plannedEnd) {
        LocalDate maxPhase2 = firstDay.plusMonths(PHASE_2_MAX_MONTHS).minusDays(1);
        if (phase == 3 && plannedEnd != null) {
            return plannedEnd;
        }
        return maxPhase2; // phase 2 (phase 1 is flat); a phase 3 without a plan: 12 months and the 6 of an extension
    }

    private static boolean selfBilled(CaseAccount a) {
        return a.amiplusCreditor != null && a.amiplusCreditor.equals(a.amiplusDebtor);
    }

    /** The phase ended by an abort or close dated before its first day: none of its days ran, nor its flat. */
    private static void neverRan(CaseAccount a, CaseAccount.Phase p, UUID cause, List<Charge> out) {
        a.phases.put(p.phase(), new CaseAccount.Phase(p.phase(), p.firstDay(), p.firstDay().minusDays(1), p.startedBy(),
                p.endedBy() == null ? cause : p.endedBy(), p.limit()));
        Charge flat = a.phaseOneCharge;
        if (p.phase() == 1 && flat != null && flat.amountChf().signum() > 0) {
            Charge correction = Charge.correction(flat, new ChargeLine(flat.kind(), flat.periodFrom(), flat.periodTo(),
                    flat.quantity(), flat.unitPriceChf(), flat.amountChf(), flat.billingMonth()), List.of(cause));
            a.phaseOneCharge = correction;
            out.add(correction);
        }
    }

    private static LocalDate min(LocalDate x, LocalDate y) {
        return x.isBefore(y) ? x : y;
    }

    private static LocalDate max(LocalDate x, LocalDate y) {
        return x == null ? y : y == null ? x : x.isAfter(y) ? x : y;
    }

    // ------------------------------------------------------------------ AMIplus daily

    /**
     * Reconciles the daily charges with the days due: each phase from its first day to its end (never past its limit),
     * a running phase up to the latest month close, an ended one up to the later of that close and {@code recordedOn}
     * (the accrual date of the event; null at a close). Days charged that no phase covers are reversed.
     */
    private static void reconcileDaily(CaseAccount a, LocalDate recordedOn, UUID cause, List<Charge> out) {
        if (a.amiplusCreditor == null || selfBilled(a)) {
            return;
        }
        NavigableSet<LocalDate> due = new TreeSet<>();
        List<LocalDate[]> valid = new ArrayList<>();
        List<UUID> sources = new ArrayList<>();
        for (CaseAccount.Phase p : a.phases.values()) {
            if (p.phase() < 2) {
                continue;
            }
            LocalDate billEnd = billableUntil(p);
            valid.add(new LocalDate[]{p.firstDay(), billEnd});
            LocalDate last;
            if (p.lastDay() != null) {
                LocalDate horizon = max(a.accruedUntil, recordedOn);
                last = horizon == null ? null : min(billEnd, horizon);
            } else {
                // still running: charged up to the latest month close (nothing more once the mandate ended)
                last = a.accruedUntil == null || a.mandateEnded ? null : min(billEnd, a.accruedUntil);
            }
            if (last == null) {
                continue;
            }
            for (LocalDate d = p.firstDay(); !d.isAfter(last); d = d.plusDays(1)) {
                due.add(d);
            }
            sources.add(p.startedBy());
            if (p.endedBy() != null) {
                sources.add(p.endedBy());
            }
        }
        if (cause != null && !sources.contains(cause)) {
            sources.add(cause);
        }
        NavigableSet<LocalDate> charged = chargedDays(a);
        NavigableSet<LocalDate> toCharge = new TreeSet<>(due);
        toCharge.removeAll(charged);
        NavigableSet<LocalDate> toReverse = new TreeSet<>();
        for (LocalDate d : charged) {
            if (valid.stream().noneMatch(r -> !d.isBefore(r[0]) && !d.isAfter(r[1]))) {
                toReverse.add(d);
            }
        }
        for (LocalDate[] range : ranges(toCharge)) {
            for (ChargeLine line : AmiplusTariff.daily(List.of(new AmiplusTariff.PhasePeriod(2, range[0], range[1])),
                    range[1])) {
                Charge c = Charge.of(a.caseId, a.amiplusCreditor, a.amiplusDebtor, line, sources,
                        "d" + a.dailyCharges.size());
                a.dailyCharges.add(c);
                out.add(c);
            }
        }
        for (LocalDate[] range : ranges(toReverse)) {
            for (ChargeLine line : AmiplusTariff.daily(List.of(new AmiplusTariff.PhasePeriod(2, range[0], range[1])),
                    range[1])) {
                Charge original = a.dailyCharges.stream()
                        .filter(c -> c.amountChf().signum() > 0 && !c.periodFrom().isAfter(line.periodFrom())
                                && !c.periodTo().isBefore(line.periodFrom()))
                        .reduce((x, y) -> y).orElseThrow();
                Charge correction = Charge.correction(original, line, sources);
                a.dailyCharges.add(correction);
                out.add(correction);
            }
        }
    }

    private static NavigableSet<LocalDate> chargedDays(CaseAccount a) {
        NavigableSet<LocalDate> charged = new TreeSet<>();
        for (Charge c : a.dailyCharges) {
            for (LocalDate d = c.periodFrom(); !d.isAfter(c.periodTo()); d = d.plusDays(1)) {
                if (c.amountChf().signum() >= 0) {
                    charged.add(d);
                } else {
                    charged.remove(d);
                }
            }
        }
        return charged;
    }

    // ------------------------------------------------------------------ OPTIMA lead months

    private static void reconcileLead(CaseAccount a, String handoverId, LocalDate horizon, UUID cause, List<Charge> out) {
        CaseAccount.Lead l = a.leads.get(handoverId);
        LocalDate billEnd = leadBillableUntil(a, l);
        LocalDate last = billEnd == null || horizon.isBefore(billEnd) ? horizon : billEnd;
        List<Charge> charges = new ArrayList<>(l.charges());
        boolean self = l.leadInstitution().equals(l.commissioning());
        List<ChargeLine> due = self || last.isBefore(l.firstDay()) ? List.of() : OptimaTariff.leadMonths(l.firstDay(), last);
        List<UUID> sources = new ArrayList<>();
        sources.add(l.decidedBy());
        if (l.endedBy() != null) {
            sources.add(l.endedBy());
        }
        if (cause != null && !sources.contains(cause)) {
            sources.add(cause);
        }
        for (ChargeLine month : due) {
            boolean done = charges.stream().anyMatch(c -> c.amountChf().signum() > 0
                    && c.periodFrom().equals(month.periodFrom()) && !reversed(charges, c));
            if (!done) {
                Charge c = Charge.of(a.caseId, l.leadInstitution(), l.commissioning(), month, sources,
                        handoverId + "-m" + charges.size());
                charges.add(c);
                out.add(c);
            }
        }
        if (billEnd != null) {
            for (Charge c : List.copyOf(charges)) {
                if (c.amountChf().signum() > 0 && c.periodFrom().isAfter(billEnd) && !reversed(charges, c)) {
                    Charge correction = Charge.correction(c, new ChargeLine(c.kind(), c.periodFrom(), c.periodTo(),
                            c.quantity(), c.unitPriceChf(), c.amountChf(), c.billingMonth()), sources);
                    charges.add(correction);
                    out.add(correction);
                }
            }
        }
        a.leads.put(handoverId, new CaseAccount.Lead(l.handoverId(), l.leadInstitution(), l.commissioning(),
                l.firstDay(), l.lastDay(), l.decidedBy(), l.endedBy(), List.copyOf(charges)));
    }

    /** The lead's last day, never past the handover's accepted or extended end; null while open-ended. */
    private static LocalDate leadBillableUntil(CaseAccount a, CaseAccount.Lead l) {
        LocalDate until = a.handoverUntil.get(l.handoverId());
        if (l.lastDay() == null) {
            return until;
        }
        return until == null || l.lastDay().isBefore(until) ? l.lastDay() : until;
    }

    private static boolean reversed(List<Charge> charges, Charge c) {
        return charges.stream().anyMatch(x -> Objects.equals(x.correctsChargeId(), c.chargeId()));
    }

    private static List<LocalDate[]> ranges(NavigableSet<LocalDate> days) {
        List<LocalDate[]> ranges = new ArrayList<>();
        LocalDate start = null;
        LocalDate prev = null;
        for (LocalDate d : days) {
            if (start == null) {
                start = d;
            } else if (!d.equals(prev.plusDays(1))) {
                ranges.add(new LocalDate[]{start, prev});
                start = d;
            }
            prev = d;
        }
        if (start != null) {
            ranges.add(new LocalDate[]{start, prev});
        }
        return ranges;
    }
}
