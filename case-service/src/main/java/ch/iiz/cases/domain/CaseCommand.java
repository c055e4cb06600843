package ch.iiz.cases.domain;

import ch.iiz.events.cases.AbortReason;
import ch.iiz.events.cases.CaseOutcome;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.ExclusionCriterion;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.cases.ReportKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything that can be asked of an existing case. {@code by} is always the acting institution, taken from the
 * caller's token, never from the request body.
 */
public sealed interface CaseCommand {

    String by();

    record RecordConsentCommand(String by, String consentId, LocalDate givenOn, List<String> institutionIds,
                                String documentRef) implements CaseCommand {
    }

    /** @param removalReason the reason the participants it alone covered are removed with, sealed (null: a default text) */
    record RevokeConsentCommand(String by, String consentId, LocalDate revokedOn, String removalReason)
            implements CaseCommand {
        public RevokeConsentCommand(String by, String consentId, LocalDate revokedOn) {
            this(by, consentId, revokedOn, null);
        }
    }

    record AddParticipantCommand(String by, Participant participant, LocalDate addedOn) implements CaseCommand {
    }

    /** The client became entitled to a benefit after intake. */
    record RecordEntitlementCommand(String by, Entitlement entitlement, LocalDate validFrom) implements CaseCommand {
    }

    /** The client's entitlement to a benefit ended. */
    record EndEntitlementCommand(String by, Entitlement entitlement, LocalDate endedOn) implements CaseCommand {
    }

    /**
     * @param applyingCriteria     the exclusion criteria the intake assessment found; any one refuses the mandate
     * @param sealedHealthCriteria the health-related ones among them, sealed with the client's key (null if none)
     */
    record IssueMandateCommand(String by, String mandateId, String ravInstitutionId, String costApprovalRef,
                               LocalDate issuedOn, Set<ExclusionCriterion> applyingCriteria,
                               String sealedHealthCriteria) implements CaseCommand {
        public IssueMandateCommand(String by, String mandateId, String ravInstitutionId, String costApprovalRef,
                                   LocalDate issuedOn, Set<ExclusionCriterion> applyingCriteria) {
            this(by, mandateId, ravInstitutionId, costApprovalRef, issuedOn, applyingCriteria, null);
        }
    }

    /** @param sealedCriterion the criterion sealed with the client's key, required when it is health-related */
    record ReportExclusionCriterionCommand(String by, ExclusionCriterion criterion, LocalDate reportedOn,
                                           String sealedCriterion) implements CaseCommand {
        public ReportExclusionCriterionCommand(String by, ExclusionCriterion criterion, LocalDate reportedOn) {
            this(by, criterion, reportedOn, null);
        }
    }

    /** The opening institution erases the client's personal data on a legal basis (its key is deleted). */
    record ErasePersonalDataCommand(String by, String legalBasis, LocalDate erasedOn) implements CaseCommand {
    }

    /**
     * The municipality's decision on the report ending {@code phase}. When it continues, the next phase starts on
     * {@code nextPhaseStartsOn} and is planned to end on {@code nextPhasePlannedEndOn}.
     */
    record DecideContinuationCommand(String by, int phase, boolean continueProgram, LocalDate decidedOn,
                                     LocalDate nextPhaseStartsOn, LocalDate nextPhasePlannedEndOn)
            implements CaseCommand {
    }

    record ExtendPhaseThreeCommand(String by, LocalDate newPlannedEndOn, LocalDate decidedOn) implements CaseCommand {
    }

    record AgreeIntegrationPlanCommand(String by, LocalDate agreedOn, String documentRef) implements CaseCommand {
    }

    record SubmitReportCommand(String by, String reportId, ReportKind kind, LocalDate submittedOn, String documentRef)
            implements CaseCommand {
    }

    /** {@code provider}, and the reasons below, arrive sealed with the client's key ({@link PersonalFields}). */
    record ProposeMeasureCommand(String by, String measureId, MeasureKind kind, String provider,
                                 BigDecimal estimatedCostChf, String financingInstitutionId, LocalDate proposedOn)
            implements CaseCommand {
    }

    record ApproveMeasureCostCommand(String by, String measureId, String costApprovalId, BigDecimal approvedAmountChf,
                                     LocalDate approvedOn) implements CaseCommand {
    }

    record RefuseMeasureCostCommand(String by, String measureId, String reason, LocalDate refusedOn)
            implements CaseCommand {
    }

    record StartMeasureCommand(String by, String measureId, LocalDate startedOn) implements CaseCommand {
    }

    record CompleteMeasureCommand(String by, String measureId, LocalDate completedOn, BigDecimal costChf)
            implements CaseCommand {
    }

    record CancelMeasureCommand(String by, String measureId, LocalDate cancelledOn, String reason)
            implements CaseCommand {
    }

    record AbortCaseCommand(String by, AbortReason reason, LocalDate abortedOn) implements CaseCommand {
    }

    record CloseCaseCommand(String by, CaseOutcome outcome, boolean detachedFromSocialAssistance, LocalDate closedOn)
            implements CaseCommand {
    }

    /** A lead decision that arrived from referral-service ({@code by} is the deciding service's actor institution). */
    record ApplyLeadDecisionCommand(String by, UUID decisionEventId, String leadInstitutionId, LocalDate effectiveOn,
                                    LeadBasis basis, String handoverId, List<String> coLeadInstitutionIds)
            implements CaseCommand {
    }
}
