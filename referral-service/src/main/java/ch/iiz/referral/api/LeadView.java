package ch.iiz.referral.api;

import ch.iiz.referral.domain.LeadState;

import java.util.Collection;
import java.util.List;

/** A case's lead as its participants see it: who leads now, every handover, and who led when. */
public record LeadView(String caseId, String leadInstitutionId, List<String> coLeadInstitutionIds,
                       String cooperationModel, boolean caseOpen, Collection<LeadState.Handover> handovers,
                       List<LeadState.LeadPeriod> leadHistory, long version) {

    public static LeadView of(LeadState s) {
        return new LeadView(s.caseId(), s.lead(), s.coLeads(),
                s.facts().model() == null ? null : s.facts().model().name(), s.facts().open(),
                List.copyOf(s.handovers().values()), s.history(), s.version());
    }
}
