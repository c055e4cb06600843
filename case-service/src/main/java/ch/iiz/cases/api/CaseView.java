package ch.iiz.cases.api;

import ch.iiz.cases.domain.CaseState;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.cases.AbortReason;
import ch.iiz.events.cases.CaseOutcome;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** A case as its participants see it; {@code version} is also the {@code ETag}. */
public record CaseView(String caseId, String clientId, CooperationModel cooperationModel, Program program,
                       String canton, boolean clientUnder25, String status, String openedBy, LocalDate openedOn,
                       LocalDate endedOn, CaseOutcome outcome, boolean detachedFromSocialAssistance,
                       AbortReason abortReason, String leadInstitutionId, List<String> coLeadInstitutionIds,
                       Collection<Participant> participants, List<Entitlement> entitlements,
                       Collection<CaseState.Consent> consents, CaseState.Mandate mandate,
                       List<CaseState.Phase> phases, List<CaseState.Report> reports, int integrationPlanVersion,
                       Collection<CaseState.Measure> measures, List<CaseState.LeadPeriod> leadHistory, long version) {

    public static CaseView of(CaseState s) {
        return new CaseView(s.caseId(), s.clientId(), s.cooperationModel(), s.program(), s.canton(),
                s.clientUnder25(), s.status().name(), s.openedBy(), s.openedOn(), s.endedOn(), s.outcome(),
                s.detachedFromSocialAssistance(), s.abortReason(), s.lead(), s.coLeads(),
                List.copyOf(s.participants().values()), s.entitlements(), List.copyOf(s.consents().values()),
                s.mandate(), s.phases(), s.reports(), s.planVersion(), List.copyOf(s.measures().values()),
                s.leadHistory(), s.version());
    }

    public String etag() {
        return "\"" + version + "\"";
    }
}
