package ch.iiz.cases.api;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.AbortReason;
import ch.iiz.events.cases.CaseOutcome;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.ExclusionCriterion;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.ReportKind;
import ch.iiz.events.Benefit;
import ch.iiz.service.validation.FactDate;
import ch.iiz.service.validation.FreeText;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.validation.PlannedDate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Request bodies of the case API. Dates left out default to today (Europe/Zurich). */
public final class CaseRequests {

    private CaseRequests() {
    }

    /** An institution taking part; its type, canton and municipality come from the registry. */
    public record ParticipantRequest(
            @NotNull @IdFormat @Schema(examples = "RAV-AG-AARAU") String institutionId) {
    }

    public record ConsentRequest(
            @IdFormat @Schema(description = "Generated when left out") String consentId,
            @FactDate LocalDate givenOn,
            @NotEmpty @Size(max = MAX_ITEMS) List<@NotNull @IdFormat String> institutionIds,
            @NotBlank @FreeText(max = 300) @Schema(description = "Reference of the signed form in the document store",
                    examples = "dms://consent/2026/0815") String documentRef) {
    }

    @Schema(description = "Intake of a new case; the calling institution opens and, for now, leads it.")
    public record OpenCase(
            @NotNull @IdFormat @Schema(description = "Pseudonymous client id, never a name or AHV number",
                    examples = "cl-7Q2ZK4") String clientId,
            @NotNull CooperationModel cooperationModel,
            @NotNull Program program,
            @NotNull @Pattern(regexp = "[A-Z]{2}") @Schema(examples = "AG") String canton,
            @Schema(description = "Default false") Boolean clientUnder25,
            @FactDate LocalDate openedOn,
            @Size(max = MAX_ITEMS) List<@NotNull @Valid EntitlementRequest> entitlements,
            @Size(max = MAX_ITEMS) List<@NotNull @Valid ParticipantRequest> participants,
            @Valid ConsentRequest consent) {
    }

    /** The client is entitled to {@code benefit} from {@code institutionId}. */
    public record EntitlementRequest(@NotNull Benefit benefit,
                                     @NotNull @IdFormat @Schema(examples = "SD-AG-MENZIKEN") String institutionId) {
        Entitlement toEntitlement() {
            return new Entitlement(benefit, institutionId);
        }
    }

    public record RecordEntitlement(@NotNull @Valid EntitlementRequest entitlement, @FactDate LocalDate validFrom) {
    }

    public record EndEntitlement(@NotNull @Valid EntitlementRequest entitlement, @FactDate LocalDate endedOn) {
    }

    public record RevokeConsent(@FactDate LocalDate revokedOn) {
    }

    public record AddParticipant(@NotNull @Valid ParticipantRequest participant, @FactDate LocalDate addedOn) {
    }

    public record IssueMandate(
            @IdFormat String mandateId,
            @NotNull @IdFormat @Schema(examples = "RAV-AG-AARAU") String ravInstitutionId,
            @FreeText(max = 100) @Schema(description = "The municipality's cost approval for AMIplus (Kostengutsprache)",
                    examples = "KG-2026-0815") String costApprovalRef,
            @FactDate LocalDate issuedOn,
            @Schema(description = "Exclusion criteria the intake assessment found; any one refuses the mandate")
            @Size(max = MAX_ITEMS) Set<@NotNull ExclusionCriterion> exclusionCriteria) {
    }

    public record ReportExclusionCriterion(@NotNull ExclusionCriterion criterion, @FactDate LocalDate reportedOn) {
    }

    public record DecideContinuation(
            @NotNull Boolean continueProgram,
            @FactDate LocalDate decidedOn,
            @PlannedDate @Schema(description = "When continuing: the day the next phase starts") LocalDate nextPhaseStartsOn,
            @PlannedDate @Schema(description = "When continuing: the next phase's planned last day")
            LocalDate nextPhasePlannedEndOn) {
    }

    public record ExtendPhaseThree(@NotNull @PlannedDate LocalDate newPlannedEndOn, @FactDate LocalDate decidedOn) {
    }

    public record AgreeIntegrationPlan(@FactDate LocalDate agreedOn, @NotBlank @FreeText(max = 300) String documentRef) {
    }

    public record SubmitReport(@IdFormat String reportId, @NotNull ReportKind kind, @FactDate LocalDate submittedOn,
                               @NotBlank @FreeText(max = 300) String documentRef) {
    }

    public record ProposeMeasure(
            @IdFormat String measureId,
            @NotNull MeasureKind kind,
            @NotBlank @FreeText(max = 200) String provider,
            @NotNull @DecimalMin(value = "0.01") @Digits(integer = 9, fraction = 2) BigDecimal estimatedCostChf,
            @NotNull @IdFormat String financingInstitutionId,
            @FactDate LocalDate proposedOn) {
    }

    public record ApproveMeasureCost(
            @NotNull @IdFormat String costApprovalId,
            @NotNull @DecimalMin(value = "0.01") @Digits(integer = 9, fraction = 2) BigDecimal approvedAmountChf,
            @FactDate LocalDate approvedOn) {
    }

    public record RefuseMeasureCost(@NotBlank @FreeText(max = 500) String reason, @FactDate LocalDate refusedOn) {
    }

    public record StartMeasure(@FactDate LocalDate startedOn) {
    }

    public record CompleteMeasure(
            @FactDate LocalDate completedOn,
            @NotNull @DecimalMin(value = "0.00") @Digits(integer = 9, fraction = 2) BigDecimal costChf) {
    }

    public record CancelMeasure(@FactDate LocalDate cancelledOn, @FreeText(max = 500) String reason) {
    }

    public record AbortCase(@NotNull AbortReason reason, @FactDate LocalDate abortedOn) {
    }

    public record CloseCase(@NotNull CaseOutcome outcome, @Schema(description = "Default false") Boolean detachedFromSocialAssistance,
                            @FactDate LocalDate closedOn) {
    }

    @Schema(description = "Erasure of the client's personal data, with the legal basis it rests on (recorded, audited)")
    public record ErasePersonalData(
            @NotBlank @FreeText(max = 500) @Schema(examples = "Art. 32 Abs. 2 lit. c DSG: request of the client, case closed")
            String legalBasis) {
    }

    /** Paging limits of the case list. */
    public static final int MAX_PAGE_SIZE = 200;

    /** The most items a list in a request may hold. */
    public static final int MAX_ITEMS = 50;
}
