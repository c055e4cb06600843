package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverProposed;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A case as it stood at an instant, rebuilt by replaying its events (all topics) up to that instant: never read from a
 * snapshot, so it shows what the history says, not what a table happens to hold.
 */
public record CaseAsOf(String caseId, Instant asOf, int eventsApplied, String status, String program,
                       String cooperationModel, String leadInstitutionId, Set<String> participants,
                       Map<String, List<String>> consentsInForce, String mandate, Integer phase,
                       Map<Integer, LocalDate> phaseStarts, int openHandovers, List<LeadPeriod> leadHistory,
                       BigDecimal chargedChf, String outcome, String abortReason) {

    public record LeadPeriod(String institutionId, LocalDate from, String basis, Instant recordedAt) {
    }

    public static CaseAsOf replay(String caseId, Instant asOf, List<EventEnvelope<IntegrationEvent>> events) {
        String status = null, program = null, model = null, lead = null, mandate = null, outcome = null, abort = null;
        Integer phase = null;
        Set<String> participants = new LinkedHashSet<>();
        Map<String, List<String>> consents = new LinkedHashMap<>();
        Map<Integer, LocalDate> starts = new LinkedHashMap<>();
        Set<String> openHandovers = new LinkedHashSet<>();
        List<LeadPeriod> leads = new ArrayList<>();
        BigDecimal charged = new BigDecimal("0.00");
        int applied = 0;
        for (EventEnvelope<IntegrationEvent> e : events) {
            if (e.occurredAt().isAfter(asOf)) {
                break;
            }
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
            }
        }
        return new CaseAsOf(caseId, asOf, applied, status, program, model, lead, participants, consents, mandate, phase,
                starts, openHandovers.size(), leads, charged, outcome, abort);
    }
}
