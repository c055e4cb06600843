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
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    public record ParticipantRequest(
            @NotBlank @Schema(examples = "RAV-AG-AARAU") String institutionId,
            @NotNull InstitutionType institutionType,
            @NotBlank @Pattern(regexp = "[A-Z]{2}") @Schema(examples = "AG") String canton,
            @Schema(examples = "Menziken") String municipality) {
    }

    public record ConsentRequest(
            @Schema(description = "Generated when left out") String consentId,
            LocalDate givenOn,
            @NotEmpty List<@NotBlank String> institutionIds,
            @NotBlank @Schema(description = "Reference of the signed form in the document store",
                    examples = "dms://consent/2026/0815") String documentRef) {
    }

    @Schema(description = "Intake of a new case; the calling institution opens and, for now, leads it.")
    public record OpenCase(
            @NotBlank @Schema(description = "Pseudonymous client id, never a name or AHV number", examples = "cl-7Q2ZK4")
            String clientId,
            @NotNull CooperationModel cooperationModel,
            @NotNull Program program,
            @NotBlank @Pattern(regexp = "[A-Z]{2}") @Schema(examples = "AG") String canton,
            boolean clientUnder25,
            LocalDate openedOn,
            List<@Valid Entitlement> entitlements,
            List<@Valid ParticipantRequest> participants,
            @Valid ConsentRequest consent) {
    }

    public record RevokeConsent(LocalDate revokedOn) {
    }

    public record AddParticipant(@NotNull @Valid ParticipantRequest participant, LocalDate addedOn) {
    }

    public record IssueMandate(
            String mandateId,
            @NotBlank @Schema(examples = "RAV-AG-AARAU") String ravInstitutionId,
            @Schema(description = "The municipality's cost approval for AMIplus (Kostengutsprache)",
                    examples = "KG-2026-0815") String costApprovalRef,
            LocalDate issuedOn,
            @Schema(description = "Exclusion criteria the intake assessment found; any one refuses the mandate")
            Set<ExclusionCriterion> exclusionCriteria) {
    }

    public record ReportExclusionCriterion(@NotNull ExclusionCriterion criterion, LocalDate reportedOn) {
    }

    public record DecideContinuation(
            @NotNull Boolean continueProgram,
            LocalDate decidedOn,
            @Schema(description = "When continuing: the day the next phase starts") LocalDate nextPhaseStartsOn,
            @Schema(description = "When continuing: the next phase's planned last day") LocalDate nextPhasePlannedEndOn) {
    }

    public record ExtendPhaseThree(@NotNull LocalDate newPlannedEndOn, LocalDate decidedOn) {
    }

    public record AgreeIntegrationPlan(LocalDate agreedOn, @NotBlank String documentRef) {
    }

    public record SubmitReport(String reportId, @NotNull ReportKind kind, LocalDate submittedOn,
                               @NotBlank String documentRef) {
    }

    public record ProposeMeasure(
            String measureId,
            @NotNull MeasureKind kind,
            @NotBlank String provider,
            @NotNull @DecimalMin(value = "0.01") @Digits(integer = 9, fraction = 2) BigDecimal estimatedCostChf,
            @NotBlank String financingInstitutionId,
            LocalDate proposedOn) {
    }

    public record ApproveMeasureCost(
            @NotBlank String costApprovalId,
            @NotNull @DecimalMin(value = "0.01") @Digits(integer = 9, fraction = 2) BigDecimal approvedAmountChf,
            LocalDate approvedOn) {
    }

    public record RefuseMeasureCost(@NotBlank String reason, LocalDate refusedOn) {
    }

    public record StartMeasure(LocalDate startedOn) {
    }

    public record CompleteMeasure(
            LocalDate completedOn,
            @NotNull @DecimalMin(value = "0.00") @Digits(integer = 9, fraction = 2) BigDecimal costChf) {
    }

    public record CancelMeasure(LocalDate cancelledOn, @Size(max = 500) String reason) {
    }

    public record AbortCase(@NotNull AbortReason reason, LocalDate abortedOn) {
    }

    public record CloseCase(@NotNull CaseOutcome outcome, boolean detachedFromSocialAssistance, LocalDate closedOn) {
    }

    /** Paging limits of the case list. */
    public static final int MAX_PAGE_SIZE = 200;

    public record Paging(@Min(0) int page, @Min(1) @Max(MAX_PAGE_SIZE) int size) {
    }
}
