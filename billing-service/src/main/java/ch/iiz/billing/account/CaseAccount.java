package ch.iiz.billing.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What billing knows of one case, folded from case, referral and placement events, and what it has charged so far. Loaded from
 * JSON for each event, changed by {@link AccountRules}, stored again in the same transaction.
 */
public class CaseAccount {

    public String caseId;
    /** Canton of each participating institution. */
    public Map<String, String> cantons = new LinkedHashMap<>();
    /** Who bills AMIplus: the commissioned RAV, on behalf of its canton. */
    public String amiplusCreditor;
    /** The commissioning municipality, which pays AMIplus. */
    public String amiplusDebtor;
    public boolean mandateEnded;
    /** A continuation was decided and the next phase has not started yet: its end is not a real end. */
    public boolean continuing;
    public Map<Integer, Phase> phases = new LinkedHashMap<>();
    public boolean phaseOneCharged;
    /** The last day daily charges were accrued to at a month close (phases still running). */
    public LocalDate accruedUntil;
    /** Daily charges and their corrections, in order. */
    public List<Charge> dailyCharges = new ArrayList<>();
    public Map<String, Measure> measures = new LinkedHashMap<>();
    public Map<String, Lead> leads = new LinkedHashMap<>();
    /** The phase 1 flat charge, kept so it can be reversed if phase 1 turns out never to have run. */
    public Charge phaseOneCharge;
    /** A phase end that may be the clamped end of a phase that never ran: settled by the abort or close after it. */
    public boolean endPending;
    /** The accepted (or extended) last lead day of each handover: lead months are not billed beyond it. */
    public Map<String, LocalDate> handoverUntil = new LinkedHashMap<>();
    /** Reservations of confirmed course seats charged on this case (Hessen): each is charged once. */
    public Set<String> courseSeatsCharged = new TreeSet<>();

    /**
     * A phase as it ran. {@code limit} is the last day it may be billed (phase 2: 18 months from its start; phase 3:
     * its planned or extended end); null in accounts stored before limits were kept (then derived from the start).
     */
    public record Phase(int phase, LocalDate firstDay, LocalDate lastDay, UUID startedBy, UUID endedBy,
                        LocalDate limit) {
    }

    public record Measure(String measureId, String proposedBy, String approvedBy, BigDecimal approvedChf,
                          LocalDate startedOn, UUID approvedEvent) {
    }

    /** An OPTIMA lead period: {@code leadInstitution} bills {@code commissioning} per started lead month. */
    public record Lead(String handoverId, String leadInstitution, String commissioning, LocalDate firstDay,
                       LocalDate lastDay, UUID decidedBy, UUID endedBy, List<Charge> charges) {
    }

    public static CaseAccount open(String caseId) {
        CaseAccount account = new CaseAccount();
        account.caseId = caseId;
        return account;
    }
}
