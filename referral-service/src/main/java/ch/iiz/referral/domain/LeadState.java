package ch.iiz.referral.domain;

import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.referral.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Who leads one case and every handover of it, folded from the lead's own events. */
public final class LeadState {

    public enum HandoverStatus { PROPOSED, ACCEPTED, DECLINED, WITHDRAWN, ENDED, CANCELLED }

    public record Handover(String handoverId, String proposedBy, String commissioningInstitutionId,
                           String proposedInstitutionId, String reason, LocalDate proposedOn, LocalDate answerDueOn,
                           LocalDate plannedEndOn, HandoverStatus status, LocalDate answeredOn, String answerReason,
                           boolean deadlineExpired, LocalDate leadFrom, LocalDate leadUntil, LocalDate lastLeadDay,
                           HandoverEndReason endReason) {
        Handover with(HandoverStatus s, LocalDate answered, String why, boolean expired, LocalDate from,
                      LocalDate until, LocalDate last, HandoverEndReason end) {
            return new Handover(handoverId, proposedBy, commissioningInstitutionId, proposedInstitutionId, reason,
                    proposedOn, answerDueOn, plannedEndOn, s, answered, why, expired, from, until, last, end);
        }
    }

    public record LeadPeriod(String institutionId, List<String> coLeadInstitutionIds, LocalDate from, LeadBasis basis,
                             String handoverId, String commissioningInstitutionId) {
    }

    private String caseId;
    private CaseFacts facts = CaseFacts.unknown();
    private boolean caseKnown;
    private String lead;
    private List<String> coLeads = List.of();
    private final Map<String, Handover> handovers = new LinkedHashMap<>();
    private final List<LeadPeriod> history = new ArrayList<>();
    private final Set<UUID> observed = new HashSet<>();
    private long version = -1;

    public static LeadState of(String caseId, List<?> events) {
        LeadState state = new LeadState();
        state.caseId = caseId;
        events.forEach(state::apply);
        return state;
    }

    /** An independent copy, to evolve without changing this state (a fold over several commands). */
    public LeadState copy() {
        LeadState copy = new LeadState();
        copy.caseId = caseId;
        copy.facts = facts;
        copy.caseKnown = caseKnown;
        copy.lead = lead;
        copy.coLeads = coLeads;
        copy.handovers.putAll(handovers);
        copy.history.addAll(history);
        copy.observed.addAll(observed);
        copy.version = version;
        return copy;
    }

    public LeadState apply(Object event) {
        version++;
        if (event instanceof CaseFactsObserved e) {
            if (!caseKnown && e.facts().openedBy() != null) {
                caseKnown = true;
                lead = e.facts().openedBy();
                history.add(new LeadPeriod(lead, List.of(), null, LeadBasis.OPENING, null, null));
            }
            facts = e.facts();
            observed.add(e.caseEventId());
        } else if (event instanceof LeadHandoverProposed e) {
            handovers.put(e.handoverId(), new Handover(e.handoverId(), e.proposedBy(), e.commissioningInstitutionId(),
                    e.proposedInstitutionId(), e.reason(), e.proposedOn(), e.answerDueOn(), e.plannedEndOn(),
                    HandoverStatus.PROPOSED, null, null, false, null, null, null, null));
        } else if (event instanceof LeadHandoverAccepted e) {
            change(e.handoverId(), h -> h.with(HandoverStatus.ACCEPTED, e.acceptedOn(), null, false, e.leadFrom(),
                    e.leadUntil(), null, null));
        } else if (event instanceof LeadHandoverDeclined e) {
            change(e.handoverId(), h -> h.with(HandoverStatus.DECLINED, e.declinedOn(), e.reason(), e.deadlineExpired(),
                    null, null, null, null));
        } else if (event instanceof LeadHandoverWithdrawn e) {
            change(e.handoverId(), h -> h.with(HandoverStatus.WITHDRAWN, e.withdrawnOn(), e.reason(), false, null, null,
                    null, null));
        } else if (event instanceof LeadHandoverExtended e) {
            change(e.handoverId(), h -> h.with(h.status(), h.answeredOn(), h.answerReason(), false, h.leadFrom(),
                    e.newLeadUntil(), null, null));
        } else if (event instanceof LeadHandoverEnded e) {
            change(e.handoverId(), h -> h.with(HandoverStatus.ENDED, h.answeredOn(), h.answerReason(), false,
                    h.leadFrom(), h.leadUntil(), e.lastLeadDay(), e.reason()));
        } else if (event instanceof LeadHandoverCancelled e) {
            change(e.handoverId(), h -> h.with(HandoverStatus.CANCELLED, e.cancelledOn(), e.reason(), false, null,
                    null, null, null));
        } else if (event instanceof LeadDecided e) {
            lead = e.leadInstitutionId();
            coLeads = List.copyOf(e.coLeadInstitutionIds());
            history.add(new LeadPeriod(e.leadInstitutionId(), coLeads, e.effectiveOn(), e.basis(), e.handoverId(),
                    e.commissioningInstitutionId()));
        }
        return this;
    }

    private void change(String id, java.util.function.UnaryOperator<Handover> f) {
        handovers.computeIfPresent(id, (k, h) -> f.apply(h));
    }

    public Optional<Handover> running() {
        return handovers.values().stream().filter(h -> h.status() == HandoverStatus.ACCEPTED).findFirst();
    }

    public String caseId() { return caseId; }
    public CaseFacts facts() { return facts; }
    public boolean caseKnown() { return caseKnown; }
    public String lead() { return lead; }
    public List<String> coLeads() { return coLeads; }
    public Map<String, Handover> handovers() { return Collections.unmodifiableMap(handovers); }
    public List<LeadPeriod> history() { return Collections.unmodifiableList(history); }
    public boolean observed(UUID caseEventId) { return observed.contains(caseEventId); }
    public long version() { return version; }
}
