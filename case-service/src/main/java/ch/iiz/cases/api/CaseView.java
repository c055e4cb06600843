package ch.iiz.cases.api;

import ch.iiz.cases.domain.CaseState;
import ch.iiz.cases.domain.PersonalFields;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.cases.AbortReason;
import ch.iiz.events.cases.CaseOutcome;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.Participant;
import ch.iiz.service.privacy.ClientKeys.Opener;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A case as its participants see it; {@code version} is also the {@code ETag}. Personal data (provider names, reasons,
 * health-related exclusion criteria) is opened with the client's key for the reader: in clear, {@code [erased]} once
 * the key was erased, or {@code [sealed]} in command answers (which are stored for Idempotency-Key replays).
 */
public record CaseView(String caseId, String clientId, CooperationModel cooperationModel, Program program,
                       String canton, boolean clientUnder25, String status, String openedBy, LocalDate openedOn,
                       LocalDate endedOn, CaseOutcome outcome, boolean detachedFromSocialAssistance,
                       AbortReason abortReason, String exclusionCriterion, String leadInstitutionId,
                       List<String> coLeadInstitutionIds, Collection<Participant> participants,
                       List<CaseState.Removal> removedParticipants, List<Entitlement> entitlements,
                       Collection<CaseState.Consent> consents, MandateView mandate,
                       List<CaseState.Phase> phases, List<CaseState.Report> reports, int integrationPlanVersion,
                       Collection<MeasureView> measures, List<CaseState.LeadPeriod> leadHistory,
                       List<CaseState.Erasure> personalDataErasures, long version) {

    public record MandateView(String mandateId, String municipalityInstitutionId, String ravInstitutionId,
                              String costApprovalRef, LocalDate issuedOn, CaseState.MandateStatus status,
                              List<String> refusedFor, LocalDate endedOn) {
    }

    public record MeasureView(String measureId, MeasureKind kind, String provider, BigDecimal estimatedCostChf,
                              String financingInstitutionId, CaseState.MeasureStatus status,
                              BigDecimal approvedAmountChf, String costApprovalId, LocalDate startedOn,
                              LocalDate endedOn, BigDecimal costChf, String costRefusalReason,
                              String cancellationReason) {
    }

    /** A command's answer: personal data withheld ({@code [sealed]}), since the answer is stored. */
    public static CaseView of(CaseState s) {
        return of(s, Opener.WITHHOLD);
    }

    public static CaseView of(CaseState s, Opener opener) {
        CaseState.Mandate m = s.mandate();
        MandateView mandate = null;
        if (m != null) {
            List<String> refusedFor = new ArrayList<>(m.refusedFor().stream().map(Enum::name).toList());
            if (m.status() == CaseState.MandateStatus.REFUSED && s.sealedRefusalCriteria() != null) {
                refusedFor.addAll(PersonalFields.criteriaNames(
                        opener.open(PersonalFields.refusalCriteria(m.mandateId()), s.sealedRefusalCriteria())));
            }
            mandate = new MandateView(m.mandateId(), m.municipalityInstitutionId(), m.ravInstitutionId(),
                    m.costApprovalRef(), m.issuedOn(), m.status(), List.copyOf(refusedFor), m.endedOn());
        }
        String criterion = s.exclusionCriterion() != null ? s.exclusionCriterion().name()
                : s.sealedExclusionCriterion() == null || m == null ? null
                : opener.open(PersonalFields.exclusionCriterion(m.mandateId()), s.sealedExclusionCriterion());
        List<MeasureView> measures = s.measures().values().stream().map(x -> new MeasureView(x.measureId(),
                x.kind(), opener.open(PersonalFields.provider(x.measureId()), x.provider()), x.estimatedCostChf(),
                x.financingInstitutionId(), x.status(), x.approvedAmountChf(), x.costApprovalId(), x.startedOn(),
                x.endedOn(), x.costChf(),
                opener.open(PersonalFields.costRefusalReason(x.measureId()), s.refusalReasons().get(x.measureId())),
                opener.open(PersonalFields.cancellationReason(x.measureId()),
                        s.cancellationReasons().get(x.measureId())))).toList();
        List<CaseState.Removal> removals = s.removals().stream().map(r -> new CaseState.Removal(r.institutionId(),
                r.removedOn(), opener.open(PersonalFields.removalReason(), r.reason()))).toList();
        return new CaseView(s.caseId(), s.clientId(), s.cooperationModel(), s.program(), s.canton(),
                s.clientUnder25(), s.status().name(), s.openedBy(), s.openedOn(), s.endedOn(), s.outcome(),
                s.detachedFromSocialAssistance(), s.abortReason(), criterion, s.lead(), s.coLeads(),
                List.copyOf(s.participants().values()), removals, s.entitlements(),
                List.copyOf(s.consents().values()), mandate, s.phases(), s.reports(), s.planVersion(), measures,
                s.leadHistory(), s.erasures(), s.version());
    }

    public String etag() {
        return "\"" + version + "\"";
    }
}
