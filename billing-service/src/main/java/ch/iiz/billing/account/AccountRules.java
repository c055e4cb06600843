package ch.iiz.billing.account;

import ch.iiz.billing.tariff.AmiplusTariff;
import ch.iiz.billing.tariff.ChargeLine;
import ch.iiz.billing.tariff.OptimaTariff;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverEnded;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns case and referral events, and month closings, into charges (tariffs in {@code ch.iiz.billing.tariff}).
 * Pure: the same events in the same order give the same charges with the same ids.
 *
 * <p>Daily AMIplus charges reconcile the days that should be charged (the running phases up to the latest known day)
 * with the days charged so far: new days are charged by calendar month, days that turn out not to be due (a phase that
 * ended sooner than a month close assumed) are reversed by a correction referencing the charge.
 */
public final class AccountRules {

    private AccountRules() {
    }

    public static List<Charge> apply(CaseAccount a, IntegrationEvent event, UUID eventId) {
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
            a.phases.put(e.phase(), new CaseAccount.Phase(e.phase(), e.startedOn(), null, eventId, null));
            a.continuing = false;
            if (e.phase() == 1 && !a.phaseOneCharged && a.amiplusCreditor != null) {
                a.phaseOneCharged = true;
                charges.add(Charge.of(a.caseId, a.amiplusCreditor, a.amiplusDebtor,
                        AmiplusTariff.phaseOneFlat(e.startedOn()), List.of(eventId), "p1"));
            }
            reconcileDaily(a, null, eventId, charges);
        } else if (event instanceof AmiplusContinuationDecided e) {
            a.continuing = e.continueProgram();
            a.mandateEnded = !e.continueProgram();
        } else if (event instanceof AmiplusPhaseEnded e) {
            CaseAccount.Phase p = a.phases.get(e.phase());
            if (p != null) {
                a.phases.put(e.phase(), new CaseAccount.Phase(p.phase(), p.firstDay(), e.endedOn(), p.startedBy(), eventId));
            }
            if (!a.continuing) {
                reconcileDaily(a, null, eventId, charges);
            }
        } else if (event instanceof CaseAborted || event instanceof CaseClosed) {
            a.mandateEnded = true;
            a.continuing = false;
            reconcileDaily(a, null, eventId, charges);
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
                LocalDate from = m.startedOn() == null ? e.completedOn() : m.startedOn();
                charges.add(Charge.of(a.caseId, creditor, m.approvedBy(),
                        AmiplusTariff.measure(from, e.completedOn(), e.costChf(), m.approvedChf()),
                        List.of(m.approvedEvent(), eventId), e.measureId()));
            }
        } else if (event instanceof LeadDecided e && e.handoverId() != null && e.commissioningInstitutionId() != null
                && e.basis() == LeadBasis.OPTIMA_HANDOVER) {
            a.leads.putIfAbsent(e.handoverId(), new CaseAccount.Lead(e.handoverId(), e.leadInstitutionId(),
                    e.commissioningInstitutionId(), e.effectiveOn(), null, eventId, null, List.of()));
            reconcileLead(a, e.handoverId(), e.effectiveOn(), eventId, charges);
        } else if (event instanceof LeadHandoverEnded e && a.leads.containsKey(e.handoverId())) {
            CaseAccount.Lead l = a.leads.get(e.handoverId());
            a.leads.put(l.handoverId(), new CaseAccount.Lead(l.handoverId(), l.leadInstitution(), l.commissioning(),
                    l.firstDay(), e.lastLeadDay(), l.decidedBy(), eventId, l.charges()));
            reconcileLead(a, e.handoverId(), e.lastLeadDay(), eventId, charges);
        }
        return charges;
    }

    /** A month close of {@code creditor}: charge what ran up to {@code until} (daily days, started lead months). */
    public static List<Charge> accrue(CaseAccount a, String creditor, LocalDate until) {
        List<Charge> charges = new ArrayList<>();
        if (creditor.equals(a.amiplusCreditor) && !a.mandateEnded && !a.continuing
                && (a.accruedUntil == null || until.isAfter(a.accruedUntil))) {
            reconcileDaily(a, until, null, charges);
        }
        for (CaseAccount.Lead l : List.copyOf(a.leads.values())) {
            if (creditor.equals(l.leadInstitution()) && l.lastDay() == null) {
                reconcileLead(a, l.handoverId(), until, null, charges);
            }
        }
        return charges;
    }

    // ------------------------------------------------------------------ AMIplus daily

    private static void reconcileDaily(CaseAccount a, LocalDate accrueTo, UUID cause, List<Charge> out) {
        if (a.amiplusCreditor == null) {
            return;
        }
        if (accrueTo != null) {
            a.accruedUntil = accrueTo;
        }
        NavigableSet<LocalDate> due = new TreeSet<>();
        List<UUID> sources = new ArrayList<>();
        for (CaseAccount.Phase p : a.phases.values()) {
            if (p.phase() < 2) {
                continue;
            }
            LocalDate last = p.lastDay();
            if (last == null) {
                last = a.accruedUntil; // still running: charged up to the latest month close
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
        NavigableSet<LocalDate> toCharge = new TreeSet<>(due);
        toCharge.removeAll(charged);
        NavigableSet<LocalDate> toReverse = new TreeSet<>(charged);
        toReverse.removeAll(due);
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

    // ------------------------------------------------------------------ OPTIMA lead months

    private static void reconcileLead(CaseAccount a, String handoverId, LocalDate horizon, UUID cause, List<Charge> out) {
        CaseAccount.Lead l = a.leads.get(handoverId);
        LocalDate last = l.lastDay() != null ? l.lastDay() : horizon;
        List<Charge> charges = new ArrayList<>(l.charges());
        List<ChargeLine> due = last.isBefore(l.firstDay()) ? List.of() : OptimaTariff.leadMonths(l.firstDay(), last);
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
        if (l.lastDay() != null) {
            for (Charge c : List.copyOf(charges)) {
                if (c.amountChf().signum() > 0 && c.periodFrom().isAfter(l.lastDay()) && !reversed(charges, c)) {
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
