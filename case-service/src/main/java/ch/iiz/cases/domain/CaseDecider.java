package ch.iiz.cases.domain;

import ch.iiz.service.rules.RuleViolation;
import ch.iiz.cases.domain.CaseCommand.*;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import ch.iiz.events.schedule.AmiplusSchedule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a case: given its state and a command, the events that happen, or a {@link RuleViolation}.
 * Pure: no clock, no I/O; every date comes with the command.
 */
public final class CaseDecider {

    /** Pseudonyms only: letters, digits and dashes, and never something shaped like an AHV number (756.xxxx.xxxx.xx). */
    private static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{3,63}");
    private static final Pattern AHV_LIKE = Pattern.compile(".*756[.\\- ]?\\d{4}[.\\- ]?\\d{4}[.\\- ]?\\d{2}.*");

    static final int PHASE_1_MAX_MONTHS = 2;
    static final int PHASE_2_MIN_MONTHS = 4;
    static final int PHASE_2_MAX_MONTHS = 18;
    static final int PHASE_3_MAX_MONTHS = 12;
    static final int PHASE_3_MAX_EXTENSION_MONTHS = 6;

    private CaseDecider() {
    }

    // ------------------------------------------------------------------ intake

    public static List<CaseEvent> open(OpenCaseCommand c) {
        require(c.clientId() != null, "clientId", "required", "clientId is required");
        if (!PSEUDONYM.matcher(c.clientId()).matches() || AHV_LIKE.matcher(c.clientId()).matches()) {
            throw RuleViolation.invalid("clientId", "pseudonymous-client-id",
                    "clientId must be a pseudonym of 4-64 letters, digits and dashes, never a name or AHV number");
        }
        require(c.cooperationModel() != null, "cooperationModel", "required", "cooperationModel is required");
        require(c.program() != null, "program", "required", "program is required");
        require(c.openedOn() != null, "openedOn", "required", "openedOn is required");
        require(c.canton() != null && c.canton().matches("[A-Z]{2}"), "canton", "canton-code",
                "canton must be a two-letter code such as AG or LU");
        if (c.program() == Program.AMIPLUS && c.cooperationModel() != CooperationModel.AARGAU) {
            throw RuleViolation.invalid("program", "amiplus-is-aargau", "AMIplus runs under the Aargau cooperation");
        }
        if (c.program() == Program.OPTIMA && c.cooperationModel() != CooperationModel.LUZERN_OPTIMA) {
            throw RuleViolation.invalid("program", "optima-is-luzern", "OPTIMA runs under the Luzern cooperation");
        }
        Map<String, Participant> participants = new LinkedHashMap<>();
        participants.put(c.opener().institutionId(), c.opener());
        for (Participant p : nullSafe(c.participants())) {
            require(p.institutionId() != null && p.institutionType() != null && p.canton() != null,
                    "participants", "participant-complete", "each participant needs institutionId, institutionType, canton");
            participants.putIfAbsent(p.institutionId(), p);
        }
        List<String> consented = c.consent() == null ? List.of() : nullSafe(c.consent().institutionIds());
        for (String id : participants.keySet()) {
            if (!id.equals(c.opener().institutionId()) && !consented.contains(id)) {
                throw RuleViolation.conflict("participants", "consent-required",
                        "participant " + id + " is not covered by the client's consent");
            }
        }
        for (Entitlement e : nullSafe(c.entitlements())) {
            require(e.benefit() != null && e.institutionId() != null, "entitlements", "entitlement-complete",
                    "each entitlement needs benefit and institutionId");
            if (!participants.containsKey(e.institutionId())) {
                throw RuleViolation.conflict("entitlements", "entitled-institution-participates",
                        "the entitled institution " + e.institutionId() + " must take part in the case");
            }
        }
        List<CaseEvent> events = new ArrayList<>();
        events.add(new CaseOpened(c.clientId(), c.cooperationModel(), c.program(), c.opener().institutionId(),
                c.openedOn(), c.canton(), c.clientUnder25(), List.copyOf(nullSafe(c.entitlements())),
                List.copyOf(participants.values())));
        if (c.consent() != null) {
            events.add(consentRecorded(c.consent(), Set.of()));
        }
        return events;
    }

    // ------------------------------------------------------------------ everything else

    public static List<CaseEvent> decide(CaseState s, CaseCommand command) {
        Objects.requireNonNull(command.by(), "by");
        if (command instanceof ApplyLeadDecisionCommand c) {
            return applyLeadDecision(s, c);
        }
        if (command instanceof ErasePersonalDataCommand c) {
            return erasePersonalData(s, c); // also once the case has ended
        }
        if (!s.isOpen()) {
            throw RuleViolation.conflict("status", "case-ended", "the case is " + s.status().name().toLowerCase());
        }
        if (!s.isParticipant(command.by())) {
            throw RuleViolation.conflict("institution", "participants-only",
                    command.by() + " does not take part in this case");
        }
        if (ravAfterTheEnd(s, command.by())) {
            return finalReportAfterTheEnd(s, command);
        }
        if (command instanceof RecordConsentCommand c) {
            return List.of(consentRecorded(c, s.consents().keySet()));
        } else if (command instanceof RevokeConsentCommand c) {
            return revokeConsent(s, c);
        } else if (command instanceof AddParticipantCommand c) {
            return addParticipant(s, c);
        } else if (command instanceof RecordEntitlementCommand c) {
            Entitlement e = requireEntitlementChange(s, c.by(), c.entitlement(), c.validFrom(), "validFrom");
            if (s.entitlements().contains(e)) {
                throw RuleViolation.conflict("entitlement", "entitlement-exists", "the client is entitled to "
                        + e.benefit() + " from " + e.institutionId() + " already");
            }
            return List.of(new EntitlementRecorded(e, c.validFrom()));
        } else if (command instanceof EndEntitlementCommand c) {
            Entitlement e = requireEntitlementChange(s, c.by(), c.entitlement(), c.endedOn(), "endedOn");
            if (!s.entitlements().contains(e)) {
                throw RuleViolation.conflict("entitlement", "unknown-entitlement", "the client is not entitled to "
                        + e.benefit() + " from " + e.institutionId());
            }
            return List.of(new EntitlementEnded(e, c.endedOn()));
        } else if (command instanceof IssueMandateCommand c) {
            return issueMandate(s, c);
        } else if (command instanceof ReportExclusionCriterionCommand c) {
            return reportExclusionCriterion(s, c);
        } else if (command instanceof DecideContinuationCommand c) {
            return decideContinuation(s, c);
        } else if (command instanceof ExtendPhaseThreeCommand c) {
            return extendPhaseThree(s, c);
        } else if (command instanceof AgreeIntegrationPlanCommand c) {
            require(c.agreedOn() != null, "agreedOn", "required", "agreedOn is required");
            require(notBlank(c.documentRef()), "documentRef", "required", "documentRef is required");
            return List.of(new IntegrationPlanAgreed(s.planVersion() + 1, c.agreedOn(), c.documentRef()));
        } else if (command instanceof SubmitReportCommand c) {
            return submitReport(s, c);
        } else if (command instanceof ProposeMeasureCommand c) {
            return proposeMeasure(s, c);
        } else if (command instanceof ApproveMeasureCostCommand c) {
            CaseState.Measure m = measure(s, c.measureId());
            requireCostDecider(s, m, c.by());
            requireStatus(m, CaseState.MeasureStatus.PROPOSED, "cost-already-decided");
            requirePositive(c.approvedAmountChf(), "approvedAmountChf");
            require(notBlank(c.costApprovalId()), "costApprovalId", "required", "costApprovalId is required");
            require(c.approvedOn() != null, "approvedOn", "required", "approvedOn is required");
            return List.of(new MeasureCostApproved(m.measureId(), c.costApprovalId(), c.approvedAmountChf(), c.by(),
                    c.approvedOn()));
        } else if (command instanceof RefuseMeasureCostCommand c) {
            CaseState.Measure m = measure(s, c.measureId());
            requireCostDecider(s, m, c.by());
            requireStatus(m, CaseState.MeasureStatus.PROPOSED, "cost-already-decided");
            require(notBlank(c.reason()), "reason", "required", "a refusal needs a reason");
            return List.of(new MeasureCostRefused(m.measureId(), c.by(), c.reason(), c.refusedOn()));
        } else if (command instanceof StartMeasureCommand c) {
            CaseState.Measure m = measure(s, c.measureId());
            if (m.status() != CaseState.MeasureStatus.APPROVED) {
                throw RuleViolation.conflict("measureId", "cost-approval-required",
                        "a measure starts only after its cost was approved (it is " + m.status().name().toLowerCase() + ")");
            }
            require(c.startedOn() != null, "startedOn", "required", "startedOn is required");
            return List.of(new MeasureStarted(m.measureId(), c.startedOn()));
        } else if (command instanceof CompleteMeasureCommand c) {
            CaseState.Measure m = measure(s, c.measureId());
            requireStatus(m, CaseState.MeasureStatus.RUNNING, "measure-not-running");
            require(c.costChf() != null && c.costChf().signum() >= 0, "costChf", "not-negative",
                    "costChf must be zero or more");
            if (c.costChf().compareTo(m.approvedAmountChf()) > 0) {
                throw RuleViolation.conflict("costChf", "cost-above-approval", "CHF " + c.costChf()
                        + " is above the approved CHF " + m.approvedAmountChf());
            }
            require(c.completedOn() != null && !c.completedOn().isBefore(m.startedOn()), "completedOn",
                    "after-start", "completedOn must be on or after the measure's start");
            return List.of(new MeasureCompleted(m.measureId(), c.completedOn(), c.costChf()));
        } else if (command instanceof CancelMeasureCommand c) {
            CaseState.Measure m = measure(s, c.measureId());
            if (Set.of(CaseState.MeasureStatus.COMPLETED, CaseState.MeasureStatus.CANCELLED,
                    CaseState.MeasureStatus.REFUSED).contains(m.status())) {
                throw RuleViolation.conflict("measureId", "measure-ended", "the measure has already ended");
            }
            return List.of(new MeasureCancelled(m.measureId(), c.cancelledOn(), c.reason()));
        } else if (command instanceof AbortCaseCommand c) {
            return abort(s, c);
        } else if (command instanceof CloseCaseCommand c) {
            return close(s, c);
        }
        throw new IllegalArgumentException("unknown command " + command.getClass().getSimpleName());
    }

    private static ConsentRecorded consentRecorded(RecordConsentCommand c, Set<String> existingIds) {
        require(notBlank(c.consentId()), "consentId", "required", "consentId is required");
        if (existingIds.contains(c.consentId())) {
            throw RuleViolation.conflict("consentId", "consent-id-unique", "consent " + c.consentId() + " exists");
        }
        require(c.givenOn() != null, "givenOn", "required", "givenOn is required");
        require(c.institutionIds() != null && !c.institutionIds().isEmpty(), "institutionIds", "not-empty",
                "a consent names the institutions it covers");
        require(notBlank(c.documentRef()), "documentRef", "required",
                "the signed consent form must be referenced (documentRef)");
        return new ConsentRecorded(c.consentId(), c.givenOn(), List.copyOf(c.institutionIds()), c.documentRef());
    }

    private static List<CaseEvent> revokeConsent(CaseState s, RevokeConsentCommand c) {
        CaseState.Consent consent = s.consents().get(c.consentId());
        if (consent == null) {
            throw RuleViolation.conflict("consentId", "unknown-consent", "no consent " + c.consentId());
        }
        if (!consent.inForce()) {
            throw RuleViolation.conflict("consentId", "consent-revoked", "consent " + c.consentId() + " is revoked");
        }
        require(c.revokedOn() != null, "revokedOn", "required", "revokedOn is required");
        List<CaseEvent> events = new ArrayList<>();
        events.add(new ConsentRevoked(c.consentId(), c.revokedOn()));
        // Data no longer goes to institutions the remaining consents do not cover, the lead included: referral-service
        // decides that day who leads instead (the commissioning institution or the opener).
        Set<String> stillCovered = new java.util.HashSet<>();
        s.consents().values().stream().filter(k -> k.inForce() && !k.consentId().equals(c.consentId()))
                .forEach(k -> stillCovered.addAll(k.institutionIds()));
        for (String id : s.participants().keySet()) {
            if (!stillCovered.contains(id) && !id.equals(s.openedBy())) {
                events.add(new ParticipantRemoved(id, c.revokedOn(), c.removalReason() != null ? c.removalReason()
                        : "consent " + c.consentId() + " revoked"));
            }
        }
        return events;
    }

    /**
     * Benefits change after intake: the entitled institution records or ends its own entitlement, or the lead does; the
     * entitled institution takes part in the case. referral-service re-runs the cooperation rules on the change.
     */
    private static Entitlement requireEntitlementChange(CaseState s, String by, Entitlement e, LocalDate on,
                                                        String dateField) {
        require(e != null && e.benefit() != null && notBlank(e.institutionId()), "entitlement", "entitlement-complete",
                "an entitlement needs benefit and institutionId");
        require(on != null, dateField, "required", dateField + " is required");
        if (!s.isParticipant(e.institutionId())) {
            throw RuleViolation.conflict("entitlement.institutionId", "entitled-institution-participates",
                    "the entitled institution " + e.institutionId() + " must take part in the case");
        }
        if (!by.equals(e.institutionId()) && !by.equals(s.lead())) {
            throw RuleViolation.conflict("institution", "entitled-institution-or-lead-records",
                    "the entitled institution " + e.institutionId() + " or the lead " + s.lead()
                            + " records its entitlements");
        }
        return e;
    }

    private static List<CaseEvent> addParticipant(CaseState s, AddParticipantCommand c) {
        Participant p = c.participant();
        require(p != null && notBlank(p.institutionId()) && p.institutionType() != null && notBlank(p.canton()),
                "participant", "participant-complete", "a participant needs institutionId, institutionType, canton");
        if (s.isParticipant(p.institutionId())) {
            throw RuleViolation.conflict("participant.institutionId", "already-participant",
                    p.institutionId() + " already takes part");
        }
        requireConsent(s, p.institutionId(), "participant.institutionId");
        return List.of(new ParticipantAdded(p, c.addedOn()));
    }

    private static List<CaseEvent> issueMandate(CaseState s, IssueMandateCommand c) {
        if (s.program() != Program.AMIPLUS) {
            throw RuleViolation.conflict("program", "amiplus-only", "only AMIplus cases take a mandate");
        }
        Participant issuer = s.participants().get(c.by());
        if (issuer.institutionType() != InstitutionType.SOCIAL_SERVICES) {
            throw RuleViolation.conflict("institution", "municipality-issues-mandate",
                    "a municipality's social services issue the AMIplus mandate");
        }
        if (s.mandate() != null && s.mandate().status() != CaseState.MandateStatus.REFUSED) {
            throw RuleViolation.conflict("mandateId", "one-mandate", "the case already has a mandate");
        }
        require(notBlank(c.mandateId()), "mandateId", "required", "mandateId is required");
        require(c.issuedOn() != null, "issuedOn", "required", "issuedOn is required");
        Participant rav = s.participants().get(c.ravInstitutionId());
        if (rav == null || rav.institutionType() != InstitutionType.RAV) {
            throw RuleViolation.conflict("ravInstitutionId", "rav-participates",
                    "the commissioned RAV must take part in the case");
        }
        requireConsent(s, c.ravInstitutionId(), "ravInstitutionId");
        Set<ExclusionCriterion> criteria = c.applyingCriteria() == null ? Set.of() : c.applyingCriteria();
        if (!criteria.isEmpty()) {
            // decided on the criteria in clear; the health-related ones leave only sealed
            boolean health = criteria.stream().anyMatch(ExclusionCriterion::healthRelated);
            requireSealed(!health || c.sealedHealthCriteria() != null, "exclusionCriteria");
            return List.of(new AmiplusMandateRefused(c.mandateId(), c.by(), c.ravInstitutionId(),
                    criteria.stream().filter(x -> !x.healthRelated()).sorted().toList(), c.issuedOn(),
                    health ? c.sealedHealthCriteria() : null));
        }
        require(notBlank(c.costApprovalRef()), "costApprovalRef", "required",
                "the mandate comes with the municipality's cost approval (costApprovalRef)");
        return List.of(
                new AmiplusMandateIssued(c.mandateId(), c.by(), c.ravInstitutionId(), c.costApprovalRef(), c.issuedOn()),
                new AmiplusPhaseStarted(c.mandateId(), 1, c.issuedOn(),
                        c.issuedOn().plusMonths(PHASE_1_MAX_MONTHS).minusDays(1)));
    }

    private static List<CaseEvent> reportExclusionCriterion(CaseState s, ReportExclusionCriterionCommand c) {
        requireActiveMandate(s);
        requireMandateParty(s, c.by());
        require(c.criterion() != null, "criterion", "required", "criterion is required");
        require(c.reportedOn() != null, "reportedOn", "required", "reportedOn is required");
        boolean health = c.criterion().healthRelated();
        requireSealed(!health || c.sealedCriterion() != null, "criterion");
        ExclusionCriterion clear = health ? null : c.criterion();
        String sealed = health ? c.sealedCriterion() : null;
        List<CaseEvent> events = new ArrayList<>();
        events.add(new ExclusionCriterionReported(s.mandate().mandateId(), clear, c.reportedOn(), sealed));
        endCurrentPhase(s, c.reportedOn(), events);
        events.add(new CaseAborted(AbortReason.EXCLUSION_CRITERION, clear, c.reportedOn(), c.by(), sealed));
        return events;
    }

    private static List<CaseEvent> decideContinuation(CaseState s, DecideContinuationCommand c) {
        requireActiveMandate(s);
        requireMunicipality(s, c.by());
        CaseState.Phase current = s.currentPhase().orElseThrow(() ->
                RuleViolation.conflict("phase", "no-running-phase", "no phase is running"));
        if (current.phase() != c.phase()) {
            throw RuleViolation.conflict("phase", "decide-on-current-phase",
                    "phase " + current.phase() + " is running, not phase " + c.phase());
        }
        require(c.decidedOn() != null, "decidedOn", "required", "decidedOn is required");
        ReportKind needed = ReportKind.INTEGRATION_REPORT;
        if (!s.reportSubmitted(needed, c.phase()) && !(c.phase() == 3 && s.reportSubmitted(ReportKind.PRE_END_REPORT, 3))) {
            throw RuleViolation.conflict("phase", "report-before-decision",
                    "the municipality decides on the integration report of phase " + c.phase() + ", not yet submitted");
        }
        String mandateId = s.mandate().mandateId();
        List<CaseEvent> events = new ArrayList<>();
        if (!c.continueProgram()) {
            events.add(new AmiplusContinuationDecided(mandateId, c.phase(), false, c.decidedOn(), c.by()));
            events.add(new AmiplusPhaseEnded(mandateId, c.phase(), c.decidedOn()));
            return events;
        }
        if (c.phase() == 3) {
            throw RuleViolation.conflict("phase", "phase-3-is-last",
                    "phase 3 is the last; the municipality can extend it once instead");
        }
        LocalDate next = c.nextPhaseStartsOn();
        LocalDate plannedEnd = c.nextPhasePlannedEndOn();
        require(next != null, "nextPhaseStartsOn", "required", "nextPhaseStartsOn is required when continuing");
        require(plannedEnd != null, "nextPhasePlannedEndOn", "required", "nextPhasePlannedEndOn is required when continuing");
        if (!next.isAfter(current.startedOn())) {
            throw RuleViolation.invalid("nextPhaseStartsOn", "after-current-start",
                    "the next phase starts after phase " + c.phase() + " started (" + current.startedOn() + ")");
        }
        if (c.phase() == 1 && next.isAfter(current.startedOn().plusMonths(PHASE_1_MAX_MONTHS))) {
            throw RuleViolation.conflict("nextPhaseStartsOn", "phase-1-at-most-2-months",
                    "phase 1 lasts at most 2 months: phase 2 starts by " + current.startedOn().plusMonths(PHASE_1_MAX_MONTHS));
        }
        if (c.phase() == 2 && next.isAfter(current.startedOn().plusMonths(PHASE_2_MAX_MONTHS))) {
            throw RuleViolation.conflict("nextPhaseStartsOn", "phase-2-at-most-18-months",
                    "phase 2 lasts at most 18 months: phase 3 starts by " + current.startedOn().plusMonths(PHASE_2_MAX_MONTHS));
        }
        int nextPhase = c.phase() + 1;
        if (nextPhase == 2 && (plannedEnd.isBefore(next.plusMonths(PHASE_2_MIN_MONTHS).minusDays(1))
                || plannedEnd.isAfter(next.plusMonths(PHASE_2_MAX_MONTHS).minusDays(1)))) {
            throw RuleViolation.invalid("nextPhasePlannedEndOn", "phase-2-4-to-18-months",
                    "phase 2 is planned for 4 to 18 months: end between " + next.plusMonths(PHASE_2_MIN_MONTHS).minusDays(1)
                            + " and " + next.plusMonths(PHASE_2_MAX_MONTHS).minusDays(1));
        }
        if (nextPhase == 3 && (plannedEnd.isBefore(next)
                || plannedEnd.isAfter(next.plusMonths(PHASE_3_MAX_MONTHS).minusDays(1)))) {
            throw RuleViolation.invalid("nextPhasePlannedEndOn", "phase-3-up-to-12-months",
                    "phase 3 is planned for up to 12 months: end by " + next.plusMonths(PHASE_3_MAX_MONTHS).minusDays(1));
        }
        events.add(new AmiplusContinuationDecided(mandateId, c.phase(), true, c.decidedOn(), c.by()));
        events.add(new AmiplusPhaseEnded(mandateId, c.phase(), next.minusDays(1)));
        events.add(new AmiplusPhaseStarted(mandateId, nextPhase, next, plannedEnd));
        return events;
    }

    private static List<CaseEvent> extendPhaseThree(CaseState s, ExtendPhaseThreeCommand c) {
        requireActiveMandate(s);
        requireMunicipality(s, c.by());
        CaseState.Phase current = s.currentPhase().filter(p -> p.phase() == 3).orElseThrow(() ->
                RuleViolation.conflict("phase", "phase-3-running", "only a running phase 3 can be extended"));
        if (current.extended()) {
            throw RuleViolation.conflict("phase", "extension-once", "phase 3 can be extended only once");
        }
        require(c.newPlannedEndOn() != null, "newPlannedEndOn", "required", "newPlannedEndOn is required");
        LocalDate limit = current.originalPlannedEndOn().plusMonths(PHASE_3_MAX_EXTENSION_MONTHS);
        if (!c.newPlannedEndOn().isAfter(current.plannedEndOn()) || c.newPlannedEndOn().isAfter(limit)) {
            throw RuleViolation.invalid("newPlannedEndOn", "extension-up-to-6-months",
                    "the extension ends after " + current.plannedEndOn() + " and by " + limit);
        }
        if (c.decidedOn() == null || c.decidedOn().isAfter(current.plannedEndOn())) {
            throw RuleViolation.conflict("decidedOn", "extend-before-end",
                    "phase 3 is extended before its planned end " + current.plannedEndOn());
        }
        return List.of(new AmiplusPhaseExtended(s.mandate().mandateId(), 3, current.plannedEndOn(),
                c.newPlannedEndOn(), c.decidedOn(), c.by()));
    }

    private static List<CaseEvent> submitReport(CaseState s, SubmitReportCommand c) {
        require(notBlank(c.reportId()), "reportId", "required", "reportId is required");
        require(c.kind() != null, "kind", "required", "kind is required");
        require(c.submittedOn() != null, "submittedOn", "required", "submittedOn is required");
        require(notBlank(c.documentRef()), "documentRef", "required", "documentRef is required");
        if (s.reports().stream().anyMatch(r -> r.reportId().equals(c.reportId()))) {
            throw RuleViolation.conflict("reportId", "report-id-unique", "report " + c.reportId() + " exists");
        }
        boolean finalReportOfTheRav = c.kind() == ReportKind.FINAL_REPORT && ravAfterTheEnd(s, c.by());
        if (!c.by().equals(s.lead()) && !s.coLeads().contains(c.by()) && !finalReportOfTheRav) {
            throw RuleViolation.conflict("institution", "lead-reports", "reports come from the lead institution "
                    + s.lead());
        }
        Integer phase = s.currentPhase().map(CaseState.Phase::phase)
                .orElse(s.phases().isEmpty() ? null : s.phases().get(s.phases().size() - 1).phase());
        if (c.kind() == ReportKind.PROGRESS_REPORT && !Integer.valueOf(2).equals(phase)) {
            throw RuleViolation.conflict("kind", "progress-report-in-phase-2", "progress reports belong to phase 2");
        }
        if (c.kind() == ReportKind.PRE_END_REPORT && !Integer.valueOf(3).equals(phase)) {
            throw RuleViolation.conflict("kind", "pre-end-report-in-phase-3", "the pre-end report belongs to phase 3");
        }
        return List.of(new ReportSubmitted(c.reportId(), c.kind(), phase, c.submittedOn(), c.by(), c.documentRef()));
    }

    private static List<CaseEvent> proposeMeasure(CaseState s, ProposeMeasureCommand c) {
        require(notBlank(c.measureId()), "measureId", "required", "measureId is required");
        if (s.measures().containsKey(c.measureId())) {
            throw RuleViolation.conflict("measureId", "measure-id-unique", "measure " + c.measureId() + " exists");
        }
        require(c.kind() != null, "kind", "required", "kind is required");
        require(notBlank(c.provider()), "provider", "required", "provider is required");
        requirePositive(c.estimatedCostChf(), "estimatedCostChf");
        require(c.proposedOn() != null, "proposedOn", "required", "proposedOn is required");
        String financing = c.financingInstitutionId();
        require(notBlank(financing), "financingInstitutionId", "required", "financingInstitutionId is required");
        if (s.mandateActive() && !financing.equals(s.mandate().municipalityInstitutionId())) {
            throw RuleViolation.conflict("financingInstitutionId", "amiplus-measures-financed-by-municipality",
                    "under AMIplus, external measures are financed by the commissioning municipality "
                            + s.mandate().municipalityInstitutionId());
        }
        if (!s.mandateActive() && s.entitlements().stream().noneMatch(e -> e.institutionId().equals(financing))) {
            throw RuleViolation.conflict("financingInstitutionId", "financed-by-entitled-institution",
                    "measures are financed by an institution the client is entitled to benefits from");
        }
        return List.of(new MeasureProposed(c.measureId(), c.kind(), c.provider(), c.estimatedCostChf(), financing,
                c.proposedOn(), c.by()));
    }

    private static List<CaseEvent> abort(CaseState s, AbortCaseCommand c) {
        require(c.reason() != null, "reason", "required", "reason is required");
        require(c.abortedOn() != null, "abortedOn", "required", "abortedOn is required");
        if (c.reason() == AbortReason.EXCLUSION_CRITERION) {
            throw RuleViolation.invalid("reason", "report-the-criterion",
                    "report the exclusion criterion itself (POST .../exclusion-criteria)");
        }
        requireActiveMandate(s);
        requireMayAbortFor(s, c.by(), c.reason());
        int phase = s.currentPhase().map(CaseState.Phase::phase).orElse(0);
        if (c.reason() == AbortReason.TOO_LONG_WITHOUT_SUCCESS && phase < 2) {
            throw RuleViolation.conflict("reason", "too-long-only-in-phases-2-and-3",
                    "'too long without success' applies in phases 2 and 3");
        }
        List<CaseEvent> events = new ArrayList<>();
        endCurrentPhase(s, c.abortedOn(), events);
        events.add(new CaseAborted(c.reason(), null, c.abortedOn(), c.by()));
        return events;
    }

    private static List<CaseEvent> close(CaseState s, CloseCaseCommand c) {
        require(c.outcome() != null, "outcome", "required", "outcome is required");
        require(c.closedOn() != null, "closedOn", "required", "closedOn is required");
        boolean amiplusEnded = s.mandate() != null && s.mandate().status() == CaseState.MandateStatus.ENDED;
        boolean municipalityAfterTheEnd = amiplusEnded && c.by().equals(s.mandate().municipalityInstitutionId());
        if (!c.by().equals(s.lead()) && !municipalityAfterTheEnd) {
            throw RuleViolation.conflict("institution", "lead-closes", "the lead institution " + s.lead()
                    + " closes the case");
        }
        if (c.outcome() == CaseOutcome.DETACHED_FROM_SOCIAL_ASSISTANCE && !c.detachedFromSocialAssistance()) {
            throw RuleViolation.invalid("detachedFromSocialAssistance", "detached-outcome-detaches",
                    "the outcome DETACHED_FROM_SOCIAL_ASSISTANCE means detachedFromSocialAssistance = true");
        }
        if (s.mandateActive() && !s.hasFinalReport()) {
            throw RuleViolation.conflict("reports", "final-report-required",
                    "an AMIplus case closes after the final report (Schlussbericht)");
        }
        if (amiplusEnded && !s.hasFinalReport()) {
            LocalDate windowEnd = AmiplusSchedule.finalReportWindowEnd(s.mandate().endedOn());
            if (!c.closedOn().isAfter(windowEnd)) {
                throw RuleViolation.conflict("reports", "final-report-window-open",
                        "the RAV may submit the final report until " + windowEnd
                                + "; the case closes after it, or once that day has passed");
            }
        }
        List<CaseEvent> events = new ArrayList<>();
        endCurrentPhase(s, c.closedOn(), events);
        events.add(new CaseClosed(c.outcome(), c.detachedFromSocialAssistance(), c.closedOn(), c.by()));
        return events;
    }

    private static List<CaseEvent> applyLeadDecision(CaseState s, ApplyLeadDecisionCommand c) {
        if (s.decisionApplied(c.decisionEventId()) || !s.isOpen()) {
            return List.of(); // a redelivered decision, or one that arrives after the case ended
        }
        List<String> coLeads = c.coLeadInstitutionIds() == null ? List.of() : List.copyOf(c.coLeadInstitutionIds());
        for (String id : concat(c.leadInstitutionId(), coLeads)) {
            if (!s.isParticipant(id)) {
                throw RuleViolation.conflict("leadInstitutionId", "lead-participates",
                        id + " does not take part in the case and cannot lead it");
            }
            requireConsent(s, id, "leadInstitutionId");
        }
        if (c.leadInstitutionId().equals(s.lead()) && coLeads.equals(s.coLeads())) {
            return List.of();
        }
        return List.of(new CaseLeadChanged(s.lead(), c.leadInstitutionId(), c.effectiveOn(), c.basis(),
                c.decisionEventId(), c.handoverId(), coLeads));
    }

    /**
     * Only the institution that opened the case erases its client's personal data, on a legal basis it records; the
     * key itself is deleted beside the event (case-service's client_key).
     */
    private static List<CaseEvent> erasePersonalData(CaseState s, ErasePersonalDataCommand c) {
        if (!c.by().equals(s.openedBy())) {
            throw RuleViolation.conflict("institution", "opener-erases",
                    "only the institution that opened the case (" + s.openedBy() + ") erases its client's personal data");
        }
        require(notBlank(c.legalBasis()), "legalBasis", "required", "an erasure records its legal basis");
        require(c.erasedOn() != null, "erasedOn", "required", "erasedOn is required");
        if (s.personalDataErased()) {
            throw RuleViolation.conflict("personalData", "already-erased",
                    "the client's personal data was erased on " + s.erasures().get(0).erasedOn());
        }
        return List.of(new PersonalDataErased(s.clientId(), c.legalBasis(), c.by(), c.erasedOn()));
    }

    // ------------------------------------------------------------------ helpers

    /** Personal data reaches an event only sealed: the API seals it with the client's key before the command. */
    private static void requireSealed(boolean sealed, String field) {
        if (!sealed) {
            throw new IllegalStateException(field + ": health-related exclusion criteria must arrive sealed");
        }
    }

    private static void endCurrentPhase(CaseState s, LocalDate lastDay, List<CaseEvent> events) {
        s.currentPhase().ifPresent(p -> events.add(new AmiplusPhaseEnded(s.mandate().mandateId(), p.phase(),
                lastDay.isBefore(p.startedOn()) ? p.startedOn() : lastDay)));
    }

    private static void requireActiveMandate(CaseState s) {
        if (!s.mandateActive()) {
            throw RuleViolation.conflict("mandate", "mandate-active", "the case has no running AMIplus mandate");
        }
    }

    /** The RAV that led AMIplus, after it ended: its only write left is the final report, within 2 months. */
    private static boolean ravAfterTheEnd(CaseState s, String by) {
        return s.mandate() != null && s.mandate().status() == CaseState.MandateStatus.ENDED
                && by.equals(s.mandate().ravInstitutionId()) && !by.equals(s.openedBy());
    }

    private static List<CaseEvent> finalReportAfterTheEnd(CaseState s, CaseCommand command) {
        if (!(command instanceof SubmitReportCommand c) || c.kind() != ReportKind.FINAL_REPORT) {
            throw RuleViolation.conflict("institution", "final-report-only-after-the-end",
                    "AMIplus ended on " + s.mandate().endedOn() + ": the final report is the only write left to "
                            + s.mandate().ravInstitutionId());
        }
        if (s.hasFinalReport()) {
            throw RuleViolation.conflict("kind", "final-report-once", "the final report was submitted");
        }
        LocalDate windowEnd = AmiplusSchedule.finalReportWindowEnd(s.mandate().endedOn());
        if (c.submittedOn() != null && c.submittedOn().isAfter(windowEnd)) {
            throw RuleViolation.conflict("submittedOn", "final-report-within-2-months",
                    "the final report was due within 2 months after AMIplus ended, by " + windowEnd);
        }
        return submitReport(s, c);
    }

    private static void requireMandateParty(CaseState s, String by) {
        if (!by.equals(s.mandate().municipalityInstitutionId()) && !by.equals(s.mandate().ravInstitutionId())) {
            throw RuleViolation.conflict("institution", "mandate-parties-abort",
                    "the commissioning municipality " + s.mandate().municipalityInstitutionId() + " or the RAV "
                            + s.mandate().ravInstitutionId() + " ends the mandate");
        }
    }

    /**
     * Who may abort, by reason: the municipality for its own request and for no cost approval, the RAV for its decision
     * after consulting the municipality and for the integration advisor's assessment, either for the rest.
     */
    private static void requireMayAbortFor(CaseState s, String by, AbortReason reason) {
        switch (reason) {
            case MUNICIPALITY_REQUEST, NO_COST_APPROVAL -> {
                if (!by.equals(s.mandate().municipalityInstitutionId())) {
                    throw RuleViolation.conflict("reason", "municipality-aborts-for-this-reason",
                            reason + " is the commissioning municipality's to decide ("
                                    + s.mandate().municipalityInstitutionId() + ")");
                }
            }
            case RAV_DECISION_AFTER_CONSULTATION, INTEGRATION_ADVISOR_ASSESSMENT -> {
                if (!by.equals(s.mandate().ravInstitutionId())) {
                    throw RuleViolation.conflict("reason", "rav-aborts-for-this-reason",
                            reason + " is the RAV's to decide (" + s.mandate().ravInstitutionId() + ")");
                }
            }
            default -> requireMandateParty(s, by);
        }
    }

    private static void requireMunicipality(CaseState s, String by) {
        if (!by.equals(s.mandate().municipalityInstitutionId())) {
            throw RuleViolation.conflict("institution", "municipality-decides",
                    "the commissioning municipality " + s.mandate().municipalityInstitutionId() + " decides this");
        }
    }

    private static void requireConsent(CaseState s, String institutionId, String field) {
        if (!s.withinConsent(institutionId)) {
            throw RuleViolation.conflict(field, "consent-required", institutionId
                    + " is outside the client's consent (in force: " + s.consentedInstitutions() + ")");
        }
    }

    private static CaseState.Measure measure(CaseState s, String measureId) {
        CaseState.Measure m = s.measures().get(measureId);
        if (m == null) {
            throw RuleViolation.conflict("measureId", "unknown-measure", "no measure " + measureId);
        }
        return m;
    }

    /**
     * Who decides on a measure's cost now: under an OPTIMA handover the commissioning institution first (it keeps
     * overall responsibility), then the financing institution (the client's entitlement); otherwise the financing one.
     */
    private static void requireCostDecider(CaseState s, CaseState.Measure m, String by) {
        java.util.Optional<String> commissioning = s.awaitingCommissioningApproval(m.measureId());
        if (commissioning.isPresent()) {
            if (!by.equals(commissioning.get())) {
                throw RuleViolation.conflict("institution", "commissioning-approves-first",
                        "the measure was proposed under an OPTIMA handover: the commissioning institution "
                                + commissioning.get() + " approves its cost first");
            }
            return;
        }
        requireFinancing(m, by);
    }

    private static void requireFinancing(CaseState.Measure m, String by) {
        if (!by.equals(m.financingInstitutionId())) {
            throw RuleViolation.conflict("institution", "financing-institution-decides",
                    "only the financing institution " + m.financingInstitutionId() + " decides on the cost");
        }
    }

    private static void requireStatus(CaseState.Measure m, CaseState.MeasureStatus status, String rule) {
        if (m.status() != status) {
            throw RuleViolation.conflict("measureId", rule, "the measure is " + m.status().name().toLowerCase());
        }
    }

    private static void requirePositive(BigDecimal amount, String field) {
        require(amount != null && amount.signum() > 0, field, "positive-amount", field + " must be more than CHF 0");
        require(amount.scale() <= 2, field, "rappen-precision", field + " has at most 2 decimals (Rappen)");
    }

    private static void require(boolean condition, String field, String rule, String detail) {
        if (!condition) {
            throw RuleViolation.invalid(field, rule, detail);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
