package ch.iiz.referral.domain;

import ch.iiz.service.rules.RuleViolation;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.*;
import ch.iiz.referral.domain.LeadCommand.*;
import ch.iiz.referral.domain.LeadState.Handover;
import ch.iiz.referral.domain.LeadState.HandoverStatus;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the case lead under each cooperation model. Pure: given the lead's state and a command, the events
 * that happen (integration events and the internal {@link CaseFactsObserved}), or a {@link RuleViolation}.
 */
public final class LeadDecider {

    private LeadDecider() {
    }

    public static List<Object> decide(LeadState s, LeadCommand command) {
        if (command instanceof ObserveCaseEvent c) {
            return observe(s, c);
        }
        if (command instanceof ObserveCaseEvents c) {
            return decideEach(s, c).stream().<Object>flatMap(List::stream).toList();
        }
        if (!s.caseKnown()) {
            throw RuleViolation.conflict("caseId", "unknown-case", "referral-service has not seen this case opened");
        }
        if (command instanceof ExpireDue c) {
            return expire(s, c.today());
        }
        if (!s.facts().open()) {
            throw RuleViolation.conflict("case", "case-ended", "the case has ended");
        }
        if (command instanceof ProposeHandover c) {
            return propose(s, c);
        } else if (command instanceof AcceptHandover c) {
            return accept(s, c);
        } else if (command instanceof DeclineHandover c) {
            Handover h = pending(s, c.handoverId());
            requireProposed(h, c.by());
            require(notBlank(c.reason()), "reason", "required", "a decline needs a reason");
            return List.of(new LeadHandoverDeclined(h.handoverId(), c.by(), c.declinedOn(), c.reason(), false));
        } else if (command instanceof WithdrawHandover c) {
            Handover h = pending(s, c.handoverId());
            if (!c.by().equals(h.proposedBy()) && !c.by().equals(h.commissioningInstitutionId())) {
                throw RuleViolation.conflict("institution", "proposer-withdraws",
                        "only " + h.proposedBy() + " or " + h.commissioningInstitutionId() + " withdraw the proposal");
            }
            return List.of(new LeadHandoverWithdrawn(h.handoverId(), c.by(), c.withdrawnOn(), c.reason()));
        } else if (command instanceof ExtendHandover c) {
            return extend(s, c);
        } else if (command instanceof RecallHandover c) {
            return recall(s, c);
        } else if (command instanceof RouteClient c) {
            return route(s, c);
        } else if (command instanceof FormYouthAgency c) {
            return youthAgency(s, c);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    // ------------------------------------------------------------------ automatic rules from case events

    /**
     * The events each observed case event causes, in order, as a fold: decide one, evolve the state with its events,
     * decide the next; the same events as observing them one at a time. {@code s} is left as it was (the fold
     * evolves a copy), so the caller applies the events to its state itself.
     */
    public static List<List<Object>> decideEach(LeadState s, ObserveCaseEvents c) {
        List<List<Object>> decided = new ArrayList<>(c.events().size());
        LeadState state = s;
        for (ObserveCaseEvent observed : c.events()) {
            if (!decided.isEmpty()) {
                if (state == s) {
                    state = s.copy(); // only a poll with several events of the case needs the evolved state
                }
                decided.get(decided.size() - 1).forEach(state::apply);
            }
            decided.add(observe(state, observed));
        }
        return decided;
    }

    private static List<Object> observe(LeadState s, ObserveCaseEvent c) {
        if (s.observed(c.eventId())) {
            return List.of();
        }
        CaseEvent event = c.event();
        CaseFacts facts = s.facts().apply(event);
        List<Object> events = new ArrayList<>();
        events.add(new CaseFactsObserved(c.eventId(), facts));
        String lead = s.caseKnown() ? s.lead() : facts.openedBy();
        String decision = "dec-" + c.eventId();
        if (event instanceof AmiplusMandateIssued e && !e.ravInstitutionId().equals(lead)) {
            // Aargau AMIplus: the RAV leads the labour-market integration while the mandate runs.
            events.add(new LeadDecided(decision, e.ravInstitutionId(), e.issuedOn(), LeadBasis.AMIPLUS_MANDATE,
                    e.municipalityInstitutionId(), null, List.of()));
        } else if (event instanceof AmiplusContinuationDecided e && !e.continueProgram()
                && facts.mandateMunicipality() != null && !facts.mandateMunicipality().equals(lead)) {
            events.add(new LeadDecided(decision, facts.mandateMunicipality(), e.decidedOn().plusDays(1),
                    LeadBasis.AMIPLUS_MANDATE_ENDED, null, null, List.of()));
        } else if (event instanceof CaseAborted e) {
            // AMIplus ended (abort or exclusion criterion): the mandate ends, the lead returns to the municipality the
            // day after the last phase day; the case stays open with its social services.
            if (facts.mandateMunicipality() != null && !facts.mandateMunicipality().equals(lead)) {
                events.add(new LeadDecided(decision, facts.mandateMunicipality(), e.abortedOn().plusDays(1),
                        LeadBasis.AMIPLUS_MANDATE_ENDED, null, null, List.of()));
            }
        } else if (event instanceof CaseClosed closed) {
            LocalDate on = closed.closedOn();
            for (Handover h : s.handovers().values()) {
                if (h.status() == HandoverStatus.PROPOSED) {
                    events.add(new LeadHandoverCancelled(h.handoverId(), on, "the case ended"));
                } else if (h.status() == HandoverStatus.ACCEPTED) {
                    events.add(new LeadHandoverEnded(h.handoverId(), on, h.commissioningInstitutionId(),
                            HandoverEndReason.CASE_ENDED));
                }
            }
        } else if (s.caseKnown() && facts.open() && (!facts.withinConsent(lead) || !facts.takesPart(lead))) {
            // The consent in force stopped naming the lead: the lead returns that day.
            consentWithdrawn(s, lead, businessDate(event, c.occurredOn()), decision, facts, events);
        } else if (facts.open() && facts.model() == CooperationModel.AARGAU && !facts.mandateActive()) {
            // Aargau, Kooperation Arbeitsmarkt: registered with both the RAV (ALV) and the IV, the IV office leads.
            Optional<String> iv = facts.entitled(Benefit.IV);
            boolean ivAndAlv = iv.isPresent() && facts.entitled(Benefit.ALV).isPresent();
            if (ivAndAlv && !iv.get().equals(lead) && facts.takesPart(iv.get()) && facts.withinConsent(iv.get())) {
                events.add(new LeadDecided(decision, iv.get(), businessDate(event, c.occurredOn()),
                        LeadBasis.AARGAU_IV_ALV, null, null, List.of()));
            } else if (!ivAndAlv && s.caseKnown() && currentBasis(s) == LeadBasis.AARGAU_IV_ALV
                    && !facts.openedBy().equals(lead)) {
                // the entitlements that made the IV office lead changed: the opener leads again
                events.add(new LeadDecided(decision, facts.openedBy(), businessDate(event, c.occurredOn()),
                        LeadBasis.ENTITLEMENTS_CHANGED, null, null, List.of()));
            }
        }
        return events;
    }

    private static LeadBasis currentBasis(LeadState s) {
        return s.history().isEmpty() ? null : s.history().get(s.history().size() - 1).basis();
    }

    /**
     * The consent no longer names the lead (or the lead left the case): under an OPTIMA handover the handover ends and
     * the lead returns to the commissioning institution; otherwise to the opening institution. The last lead day is
     * the day before, at least the handover's first day.
     */
    private static void consentWithdrawn(LeadState s, String lead, LocalDate on, String decision, CaseFacts facts,
                                         List<Object> events) {
        Optional<Handover> running = s.running().filter(h -> h.proposedInstitutionId().equals(lead));
        if (running.isPresent()) {
            Handover h = running.get();
            String back = facts.takesPart(h.commissioningInstitutionId())
                    && facts.withinConsent(h.commissioningInstitutionId()) ? h.commissioningInstitutionId()
                    : facts.openedBy();
            LocalDate last = lastLeadDay(h, on);
            events.add(new LeadHandoverEnded(h.handoverId(), last, back, HandoverEndReason.CONSENT_WITHDRAWN));
            events.add(new LeadDecided(decision, back, last.plusDays(1), LeadBasis.OPTIMA_RETURN,
                    h.commissioningInstitutionId(), h.handoverId(), List.of()));
        } else if (!lead.equals(facts.openedBy())) {
            events.add(new LeadDecided(decision, facts.openedBy(), on, LeadBasis.CONSENT_WITHDRAWN, null, null,
                    List.of()));
        }
    }

    /** The lead returns on {@code on}: the last lead day is the day before, but a handover leads at least one day. */
    private static LocalDate lastLeadDay(Handover h, LocalDate on) {
        LocalDate last = on.minusDays(1);
        return last.isBefore(h.leadFrom()) ? h.leadFrom() : last;
    }

    private static LocalDate businessDate(CaseEvent event, LocalDate fallback) {
        if (event instanceof ConsentRevoked e) {
            return e.revokedOn();
        }
        if (event instanceof ParticipantRemoved e) {
            return e.removedOn();
        }
        if (event instanceof EntitlementEnded e) {
            return e.endedOn();
        }
        if (event instanceof CaseOpened e) {
            return e.openedOn();
        }
        if (event instanceof EntitlementRecorded e) {
            return e.validFrom();
        }
        if (event instanceof ParticipantAdded e) {
            return e.addedOn();
        }
        if (event instanceof ConsentRecorded e) {
            return e.givenOn();
        }
        return fallback;
    }

    // ------------------------------------------------------------------ Luzern OPTIMA

    private static List<Object> propose(LeadState s, ProposeHandover c) {
        CaseFacts f = s.facts();
        if (f.model() != CooperationModel.LUZERN_OPTIMA) {
            throw RuleViolation.conflict("cooperationModel", "optima-only",
                    "handing the lead to the institution with the better competences is the Luzern OPTIMA model");
        }
        requireParticipant(f, c.by());
        if (!c.by().equals(s.lead())) {
            throw RuleViolation.conflict("institution", "lead-proposes",
                    "only the leading institution " + s.lead() + " proposes a handover; it becomes the commissioning one");
        }
        require(notBlank(c.handoverId()), "handoverId", "required", "handoverId is required");
        if (s.handovers().containsKey(c.handoverId())) {
            throw RuleViolation.conflict("handoverId", "handover-id-unique", "handover " + c.handoverId() + " exists");
        }
        require(notBlank(c.toInstitutionId()), "toInstitutionId", "required", "toInstitutionId is required");
        require(notBlank(c.reason()), "reason", "required",
                "a proposal says why the other institution has the better competences");
        requireConsent(f, c.toInstitutionId());
        if (!f.takesPart(c.toInstitutionId())) {
            throw RuleViolation.conflict("toInstitutionId", "participant-required",
                    c.toInstitutionId() + " does not take part in the case");
        }
        if (c.toInstitutionId().equals(c.by())) {
            throw RuleViolation.conflict("toInstitutionId", "not-to-itself", "a handover goes to another institution");
        }
        boolean pendingToSame = s.handovers().values().stream().anyMatch(h -> h.status() == HandoverStatus.PROPOSED
                && h.proposedInstitutionId().equals(c.toInstitutionId()));
        if (pendingToSame) {
            throw RuleViolation.conflict("toInstitutionId", "proposal-pending",
                    "a proposal to " + c.toInstitutionId() + " waits for its answer");
        }
        require(c.answerDueOn() != null && c.answerDueOn().isAfter(c.proposedOn()), "answerDueOn", "after-proposal",
                "the answer is due after the proposal");
        require(c.plannedEndOn() != null && c.plannedEndOn().isAfter(c.proposedOn()), "plannedEndOn", "after-proposal",
                "a handover is for a limited time ending after the proposal");
        requireMaxDuration(c.proposedOn(), c.plannedEndOn(), c.maxMonths(), "plannedEndOn");
        return List.of(new LeadHandoverProposed(c.handoverId(), f.model(), c.by(), s.lead(), c.toInstitutionId(),
                c.reason(), c.proposedOn(), c.answerDueOn(), c.plannedEndOn()));
    }

    private static List<Object> accept(LeadState s, AcceptHandover c) {
        Handover h = pending(s, c.handoverId());
        requireProposed(h, c.by());
        if (c.acceptedOn().isAfter(h.answerDueOn())) {
            throw RuleViolation.conflict("handoverId", "answer-deadline-passed",
                    "the answer was due by " + h.answerDueOn() + "; silence counts as declined");
        }
        requireConsent(s.facts(), c.by());
        s.running().ifPresent(r -> {
            throw RuleViolation.conflict("handoverId", "handover-running",
                    "handover " + r.handoverId() + " runs until " + r.leadUntil());
        });
        LocalDate until = h.plannedEndOn().isBefore(c.acceptedOn()) ? c.acceptedOn() : h.plannedEndOn();
        return List.of(
                new LeadHandoverAccepted(h.handoverId(), c.by(), c.acceptedOn(), c.acceptedOn(), until),
                new LeadDecided("dec-" + h.handoverId() + "-accepted", c.by(), c.acceptedOn(), LeadBasis.OPTIMA_HANDOVER,
                        h.commissioningInstitutionId(), h.handoverId(), List.of()));
    }

    private static List<Object> extend(LeadState s, ExtendHandover c) {
        Handover h = s.handovers().get(c.handoverId());
        if (h == null || h.status() != HandoverStatus.ACCEPTED) {
            throw RuleViolation.conflict("handoverId", "handover-running-required",
                    "only a running handover can be extended");
        }
        if (!c.by().equals(h.commissioningInstitutionId())) {
            throw RuleViolation.conflict("institution", "commissioning-extends",
                    "only the commissioning institution " + h.commissioningInstitutionId() + " extends the handover");
        }
        if (!s.facts().takesPart(h.proposedInstitutionId()) || !s.facts().withinConsent(h.proposedInstitutionId())) {
            throw RuleViolation.conflict("handoverId", "consent-required", h.proposedInstitutionId()
                    + " is no longer within the client's consent (covers " + s.facts().consented() + ")");
        }
        require(c.newLeadUntil() != null && c.newLeadUntil().isAfter(h.leadUntil()), "newLeadUntil",
                "after-current-end", "the new end comes after " + h.leadUntil());
        if (c.extendedOn().isAfter(h.leadUntil())) {
            throw RuleViolation.conflict("handoverId", "extend-before-end", "the handover ended on " + h.leadUntil());
        }
        requireMaxDuration(h.leadFrom(), c.newLeadUntil(), c.maxMonths(), "newLeadUntil");
        return List.of(new LeadHandoverExtended(h.handoverId(), c.by(), c.extendedOn(), h.leadUntil(), c.newLeadUntil()));
    }

    private static List<Object> recall(LeadState s, RecallHandover c) {
        Handover h = s.handovers().get(c.handoverId());
        if (h == null || h.status() != HandoverStatus.ACCEPTED) {
            throw RuleViolation.conflict("handoverId", "handover-running-required",
                    "only a running handover can be recalled");
        }
        if (!c.by().equals(h.commissioningInstitutionId())) {
            throw RuleViolation.conflict("institution", "commissioning-recalls",
                    "only the commissioning institution " + h.commissioningInstitutionId() + " recalls the handover");
        }
        require(c.recalledOn() != null && !c.recalledOn().isBefore(h.leadFrom()), "recalledOn", "after-start",
                "a handover is recalled once it started on " + h.leadFrom());
        if (c.recalledOn().isAfter(h.leadUntil())) {
            throw RuleViolation.conflict("handoverId", "recall-before-end", "the handover ended on " + h.leadUntil());
        }
        LocalDate last = lastLeadDay(h, c.recalledOn());
        return List.of(
                new LeadHandoverEnded(h.handoverId(), last, h.commissioningInstitutionId(), HandoverEndReason.RECALLED),
                new LeadDecided("dec-" + h.handoverId() + "-recalled", h.commissioningInstitutionId(), last.plusDays(1),
                        LeadBasis.OPTIMA_RETURN, h.commissioningInstitutionId(), h.handoverId(), List.of()));
    }

    /** A handover lasts at most {@code maxMonths} in total from its first day, extensions included. */
    private static void requireMaxDuration(LocalDate from, LocalDate until, int maxMonths, String field) {
        LocalDate limit = from.plusMonths(maxMonths).minusDays(1);
        if (until.isAfter(limit)) {
            throw RuleViolation.conflict(field, "handover-max-duration",
                    "a handover lasts at most " + maxMonths + " months in total: until " + limit + " at the latest");
        }
    }

    private static List<Object> expire(LeadState s, LocalDate today) {
        List<Object> events = new ArrayList<>();
        for (Handover h : s.handovers().values()) {
            if (h.status() == HandoverStatus.PROPOSED && today.isAfter(h.answerDueOn())) {
                events.add(new LeadHandoverDeclined(h.handoverId(), h.proposedInstitutionId(), h.answerDueOn().plusDays(1),
                        "no answer by " + h.answerDueOn(), true));
            } else if (h.status() == HandoverStatus.ACCEPTED && today.isAfter(h.leadUntil())) {
                events.add(new LeadHandoverEnded(h.handoverId(), h.leadUntil(), h.commissioningInstitutionId(),
                        HandoverEndReason.EXPIRED));
                events.add(new LeadDecided("dec-" + h.handoverId() + "-returned", h.commissioningInstitutionId(),
                        h.leadUntil().plusDays(1), LeadBasis.OPTIMA_RETURN, h.commissioningInstitutionId(),
                        h.handoverId(), List.of()));
            }
        }
        return events;
    }

    // ------------------------------------------------------------------ Hessen

    private static List<Object> route(LeadState s, RouteClient c) {
        CaseFacts f = s.facts();
        if (f.model() != CooperationModel.HESSEN) {
            throw RuleViolation.conflict("cooperationModel", "hessen-only", "routing is part of the Hessen cooperation");
        }
        if (f.participants().get(c.by()) != InstitutionType.REFUGEE_LABOUR_OFFICE) {
            throw RuleViolation.conflict("institution", "routing-office-routes",
                    "a refugee labour-market office that takes part routes the person");
        }
        require(notBlank(c.toInstitutionId()), "toInstitutionId", "required", "toInstitutionId is required");
        requireConsent(f, c.toInstitutionId());
        requireParticipant(f, c.toInstitutionId());
        return List.of(new ClientRouted(c.routingId(), c.by(), c.toInstitutionId(), c.routedOn()),
                new LeadDecided("dec-" + c.routingId(), c.toInstitutionId(), c.routedOn(), LeadBasis.HESSEN_ROUTING,
                        null, null, List.of()));
    }

    private static List<Object> youthAgency(LeadState s, FormYouthAgency c) {
        CaseFacts f = s.facts();
        if (f.model() != CooperationModel.HESSEN || !f.clientUnder25()) {
            throw RuleViolation.conflict("case", "youth-agency-under-25",
                    "youth employment agencies (Hessen) serve clients under 25");
        }
        requireParticipant(f, c.by());
        require(c.coLeadInstitutionIds() != null && !c.coLeadInstitutionIds().isEmpty(), "coLeadInstitutionIds",
                "not-empty", "a youth employment agency has co-leading partners");
        List<String> all = new ArrayList<>(c.coLeadInstitutionIds());
        all.add(c.coordinatingInstitutionId());
        for (String id : all) {
            requireConsent(f, id);
            requireParticipant(f, id);
        }
        List<String> coLeads = c.coLeadInstitutionIds().stream()
                .filter(id -> !id.equals(c.coordinatingInstitutionId())).distinct().toList();
        return List.of(new LeadDecided("dec-youth-" + s.version(), c.coordinatingInstitutionId(), c.effectiveOn(),
                LeadBasis.HESSEN_YOUTH_AGENCY, null, null, coLeads));
    }

    // ------------------------------------------------------------------ helpers

    private static Handover pending(LeadState s, String handoverId) {
        Handover h = s.handovers().get(handoverId);
        if (h == null) {
            throw RuleViolation.conflict("handoverId", "unknown-handover", "no handover " + handoverId);
        }
        if (h.status() != HandoverStatus.PROPOSED) {
            throw RuleViolation.conflict("handoverId", "not-pending",
                    "handover " + handoverId + " is " + h.status().name().toLowerCase());
        }
        return h;
    }

    private static void requireProposed(Handover h, String by) {
        if (!by.equals(h.proposedInstitutionId())) {
            throw RuleViolation.conflict("institution", "proposed-institution-answers",
                    "only " + h.proposedInstitutionId() + " answers this proposal");
        }
    }

    private static void requireParticipant(CaseFacts f, String institutionId) {
        if (!f.takesPart(institutionId)) {
            throw RuleViolation.conflict("institution", "participants-only",
                    institutionId + " does not take part in the case");
        }
    }

    private static void requireConsent(CaseFacts f, String institutionId) {
        if (!f.withinConsent(institutionId)) {
            throw RuleViolation.conflict("toInstitutionId", "consent-required", institutionId
                    + " is outside the client's consent " + f.consents().keySet() + " (covers " + f.consented() + ")");
        }
    }

    private static void require(boolean condition, String field, String rule, String detail) {
        if (!condition) {
            throw RuleViolation.invalid(field, rule, detail);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
