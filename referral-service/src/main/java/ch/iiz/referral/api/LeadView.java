package ch.iiz.referral.api;

import ch.iiz.referral.domain.LeadState;
import ch.iiz.service.privacy.ClientKeys.Opener;

import java.util.Collection;
import java.util.List;

/**
 * A case's lead as its participants see it: who leads now, every handover, and who led when. Reasons are personal
 * data of the client: opened with its key for readers, {@code [erased]} once erased, {@code [sealed]} in command
 * answers (which are stored for Idempotency-Key replays).
 */
public record LeadView(String caseId, String leadInstitutionId, List<String> coLeadInstitutionIds,
                       String cooperationModel, boolean caseOpen, Collection<LeadState.Handover> handovers,
                       List<LeadState.LeadPeriod> leadHistory, long version) {

    public static LeadView of(LeadState s) {
        return of(s, Opener.WITHHOLD);
    }

    public static LeadView of(LeadState s, Opener opener) {
        return new LeadView(s.caseId(), s.lead(), s.coLeads(),
                s.facts().model() == null ? null : s.facts().model().name(), s.facts().open(),
                s.handovers().values().stream().map(h -> opened(h, opener)).toList(), s.history(), s.version());
    }

    /** The handover with its reasons opened for the reader. */
    public static LeadState.Handover opened(LeadState.Handover h, Opener opener) {
        String id = h.handoverId();
        String answer = switch (h.status()) {
            case DECLINED -> opener.open(PersonalFields.declineReason(id), h.answerReason());
            case WITHDRAWN -> opener.open(PersonalFields.withdrawalReason(id), h.answerReason());
            default -> h.answerReason();
        };
        return new LeadState.Handover(id, h.proposedBy(), h.commissioningInstitutionId(), h.proposedInstitutionId(),
                opener.open(PersonalFields.proposalReason(id), h.reason()), h.proposedOn(), h.answerDueOn(),
                h.plannedEndOn(), h.status(), h.answeredOn(), answer, h.deadlineExpired(), h.leadFrom(), h.leadUntil(),
                h.lastLeadDay(), h.endReason());
    }
}
