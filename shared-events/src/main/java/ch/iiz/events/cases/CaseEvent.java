package ch.iiz.events.cases;

import ch.iiz.events.IntegrationEvent;

/** Everything published on {@code iiz.case.events}: the life of one case, told by case-service. */
public sealed interface CaseEvent extends IntegrationEvent permits
        CaseOpened, ParticipantAdded, ParticipantRemoved, EntitlementRecorded, EntitlementEnded,
        ConsentRecorded, ConsentRevoked,
        AmiplusMandateIssued, AmiplusMandateRefused, ExclusionCriterionReported,
        AmiplusPhaseStarted, AmiplusPhaseEnded, AmiplusContinuationDecided, AmiplusPhaseExtended,
        IntegrationPlanAgreed, ReportSubmitted,
        MeasureProposed, MeasureCostApproved, MeasureCostRefused, MeasureStarted, MeasureCompleted, MeasureCancelled,
        CaseLeadChanged, CaseAborted, CaseClosed, PersonalDataErased {
}
