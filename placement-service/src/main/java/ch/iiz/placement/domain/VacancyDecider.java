package ch.iiz.placement.domain;

import ch.iiz.events.placement.VacancyOutcome;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.placement.domain.VacancyCommand.ProposeVacancy;
import ch.iiz.placement.domain.VacancyCommand.RecordOutcome;
import ch.iiz.placement.domain.VacancyCommand.RecordVacancy;
import ch.iiz.service.rules.RuleViolation;

import java.util.List;

/**
 * The rules of shared vacancies (DOMAIN.md "Shared vacancies", seed 004), pure. Who may record and see a vacancy is
 * the access rule's (service-kit {@code AccessRule}); here: a workload of 1–100 %, valid from the recording on; a
 * proposal by a participant of the case named by a consent in force, while the vacancy is valid, once per case;
 * outcomes in order (APPLIED, then HIRED or REJECTED; HIRED or REJECTED directly), none after a final one, never
 * before the proposal.
 */
public final class VacancyDecider {

    private VacancyDecider() {
    }

    public static List<Object> decide(VacancyState state, VacancyCommand command) {
        if (command instanceof RecordVacancy c) {
            if (state != null && state.recorded()) {
                throw RuleViolation.conflict("vacancyId", "vacancy-exists", "the vacancy exists already");
            }
            if (c.workloadPercent() < 1 || c.workloadPercent() > 100) {
                throw RuleViolation.invalid("workloadPercent", "percent", "the workload lies between 1 and 100 %");
            }
            if (c.validUntil().isBefore(c.recordedOn())) {
                throw RuleViolation.invalid("validUntil", "valid-after-recording",
                        "a vacancy is valid at least on the day it is recorded");
            }
            return List.of(new VacancyRecorded(c.vacancyId(), c.by(), c.occupation(), c.workloadPercent(), c.region(),
                    c.validUntil(), c.recordedOn()));
        }
        if (state == null || !state.recorded()) {
            throw RuleViolation.conflict("vacancyId", "unknown-vacancy", "no such vacancy");
        }
        if (command instanceof ProposeVacancy c) {
            requireParticipantWithConsent(c.facts(), c.by());
            if (c.proposedOn().isAfter(state.terms().validUntil()) || c.proposedOn().isBefore(state.terms().recordedOn())) {
                throw RuleViolation.conflict("proposedOn", "vacancy-valid",
                        "the vacancy is open from " + state.terms().recordedOn() + " to " + state.terms().validUntil());
            }
            if (state.proposals().containsKey(c.caseId())) {
                throw RuleViolation.conflict("caseId", "proposed-once", "the vacancy was proposed to this case already");
            }
            return List.of(new VacancyProposed(state.terms().vacancyId(), c.caseId(), c.by(), c.proposedOn()));
        } else if (command instanceof RecordOutcome c) {
            requireParticipantWithConsent(c.facts(), c.by());
            VacancyState.Proposal p = state.proposals().get(c.caseId());
            if (p == null) {
                throw RuleViolation.conflict("caseId", "proposed-first", "the vacancy was not proposed to this case");
            }
            if (p.outcome() != null && p.outcome().isFinal()) {
                throw RuleViolation.conflict("outcome", "final-outcome",
                        "the outcome " + p.outcome() + " is final");
            }
            if (p.outcome() == VacancyOutcome.APPLIED && c.outcome() == VacancyOutcome.APPLIED) {
                throw RuleViolation.conflict("outcome", "outcome-order", "the application was recorded already");
            }
            if (c.outcomeDate().isBefore(p.proposedOn())) {
                throw RuleViolation.conflict("outcomeDate", "after-proposal",
                        "the outcome cannot lie before the proposal of " + p.proposedOn());
            }
            return List.of(new VacancyOutcomeRecorded(state.terms().vacancyId(), c.caseId(), c.outcome(), c.by(),
                    c.outcomeDate()));
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static void requireParticipantWithConsent(CaseFacts facts, String by) {
        if (!facts.participants().contains(by)) {
            throw RuleViolation.conflict("caseId", "participant-only", "only an institution taking part in the case "
                    + "proposes vacancies to its client and records what came of them");
        }
        if (!facts.consentNames(by)) {
            throw RuleViolation.conflict("caseId", "consent-required", "no consent in force names " + by);
        }
    }
}
