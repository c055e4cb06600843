package ch.iiz.cases.domain;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The state of one case, folded from its events. The only place that interprets case events, used by the
 * aggregate to decide and by the API to answer reads, so both always agree.
 */
public final class CaseState {

    /**
     * A case is open until it is closed. An abort ends the AMIplus mandate, not the case: the case stays open with its
     * social services ({@link #abortReason()} tells why the mandate ended).
     */
    public enum Status { OPEN, CLOSED }

    public enum MeasureStatus { PROPOSED, APPROVED, REFUSED, RUNNING, COMPLETED, CANCELLED }

    public enum MandateStatus { ACTIVE, REFUSED, ENDED }

    /** A consent and whether it is still in force. */
    public record Consent(String consentId, LocalDate givenOn, List<String> institutionIds, String documentRef,
                          LocalDate revokedOn) {
        public boolean inForce() {
            return revokedOn == null;
        }
    }

    /** One AMIplus phase as it ran or is planned. */
    public record Phase(int phase, LocalDate startedOn, LocalDate plannedEndOn, LocalDate endedOn, boolean extended,
                        LocalDate originalPlannedEndOn) {
        public boolean running() {
            return endedOn == null;
        }
    }

    public record Mandate(String mandateId, String municipalityInstitutionId, String ravInstitutionId,
                          String costApprovalRef, LocalDate issuedOn, MandateStatus status,
                          List<ExclusionCriterion> refusedFor, LocalDate endedOn) {
    }

    /** A running OPTIMA handover as case-service learns it from {@link CaseLeadChanged}. */
    public record Handover(String handoverId, String leadInstitutionId, String commissioningInstitutionId) {
    }

    public record Report(String reportId, ReportKind kind, Integer phase, LocalDate submittedOn, String submittedBy,
                         String documentRef) {
    }

    public record Measure(String measureId, MeasureKind kind, String provider, BigDecimal estimatedCostChf,
                          String financingInstitutionId, MeasureStatus status, BigDecimal approvedAmountChf,
                          String costApprovalId, LocalDate startedOn, LocalDate endedOn, BigDecimal costChf) {
        Measure with(MeasureStatus newStatus) {
            return new Measure(measureId, kind, provider, estimatedCostChf, financingInstitutionId, newStatus,
                    approvedAmountChf, costApprovalId, startedOn, endedOn, costChf);
        }
    }

    /** A participant that left the case; {@code reason} as recorded (sealed personal data). */
    public record Removal(String institutionId, LocalDate removedOn, String reason) {
    }

    /** The client's personal data was erased by {@code erasedBy} on {@code legalBasis}. */
    public record Erasure(String clientId, String legalBasis, String erasedBy, LocalDate erasedOn) {
    }

    public record LeadPeriod(String institutionId, LocalDate from, LeadBasis basis, String handoverId) {
    }

    private String caseId;
    private String clientId;
    private CooperationModel cooperationModel;
    private Program program;
    private String canton;
    private boolean clientUnder25;
    private String openedBy;
    private LocalDate openedOn;
    private Status status = Status.OPEN;
    private LocalDate endedOn;
    private CaseOutcome outcome;
    private boolean detached;
    private AbortReason abortReason;
    private String lead;
    private List<String> coLeads = List.of();
    private final List<LeadPeriod> leadHistory = new ArrayList<>();
    private final Set<UUID> appliedDecisions = new HashSet<>();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final List<Entitlement> entitlements = new ArrayList<>();
    private final Map<String, Consent> consents = new LinkedHashMap<>();
    private Mandate mandate;
    private final List<Phase> phases = new ArrayList<>();
    private final List<Integer> continuedAfter = new ArrayList<>();
    private final List<Report> reports = new ArrayList<>();
    private int planVersion;
    private Handover handover;
    private final Map<String, String> awaitingCommissioning = new HashMap<>();
    private final Map<String, Measure> measures = new LinkedHashMap<>();
    private long version = -1;
    // personal data as recorded, sealed with the client's key (see PersonalFields); opened only for the API's readers
    private final Map<String, String> refusalReasons = new HashMap<>();
    private final Map<String, String> cancellationReasons = new HashMap<>();
    private final List<Removal> removals = new ArrayList<>();
    private String sealedRefusalCriteria;
    private ExclusionCriterion exclusionCriterion;
    private String sealedExclusionCriterion;
    private final List<Erasure> erasures = new ArrayList<>();

    public static CaseState of(String caseId, List<? extends CaseEvent> events) {
        CaseState state = new CaseState();
        state.caseId = caseId;
        for (CaseEvent event : events) {
            state.apply(event);
        }
        return state;
    }

    /** Applies one event; {@link #version()} counts them from 0 like the event store's sequence numbers. */
    public CaseState apply(CaseEvent event) {
        version++;
        if (event instanceof CaseOpened e) {
            clientId = e.clientId();
            cooperationModel = e.cooperationModel();
            program = e.program();
            canton = e.canton();
            clientUnder25 = e.clientUnder25();
            openedBy = e.openedBy();
            openedOn = e.openedOn();
            lead = e.openedBy();
            leadHistory.add(new LeadPeriod(e.openedBy(), e.openedOn(), LeadBasis.OPENING, null));
            e.participants().forEach(p -> participants.put(p.institutionId(), p));
            entitlements.addAll(e.entitlements());
        } else if (event instanceof ParticipantAdded e) {
            participants.put(e.participant().institutionId(), e.participant());
        } else if (event instanceof ParticipantRemoved e) {
            participants.remove(e.institutionId());
            removals.add(new Removal(e.institutionId(), e.removedOn(), e.reason()));
        } else if (event instanceof EntitlementRecorded e) {
            entitlements.add(e.entitlement());
        } else if (event instanceof EntitlementEnded e) {
            entitlements.remove(e.entitlement());
        } else if (event instanceof ConsentRecorded e) {
            consents.put(e.consentId(), new Consent(e.consentId(), e.givenOn(), List.copyOf(e.institutionIds()),
                    e.documentRef(), null));
        } else if (event instanceof ConsentRevoked e) {
            Consent c = consents.get(e.consentId());
            consents.put(e.consentId(), new Consent(c.consentId(), c.givenOn(), c.institutionIds(), c.documentRef(),
                    e.revokedOn()));
        } else if (event instanceof AmiplusMandateIssued e) {
            mandate = new Mandate(e.mandateId(), e.municipalityInstitutionId(), e.ravInstitutionId(),
                    e.costApprovalRef(), e.issuedOn(), MandateStatus.ACTIVE, List.of(), null);
            sealedRefusalCriteria = null;
        } else if (event instanceof AmiplusMandateRefused e) {
            mandate = new Mandate(e.mandateId(), e.municipalityInstitutionId(), e.ravInstitutionId(), null,
                    e.refusedOn(), MandateStatus.REFUSED, List.copyOf(e.criteria()), null);
            sealedRefusalCriteria = e.sealedCriteria();
        } else if (event instanceof ExclusionCriterionReported e) {
            // the abort that follows ends the mandate
            exclusionCriterion = e.criterion();
            sealedExclusionCriterion = e.sealedCriterion();
        } else if (event instanceof AmiplusPhaseStarted e) {
            phases.add(new Phase(e.phase(), e.startedOn(), e.plannedEndOn(), null, false, e.plannedEndOn()));
        } else if (event instanceof AmiplusPhaseEnded e) {
            replacePhase(e.phase(), p -> new Phase(p.phase(), p.startedOn(), p.plannedEndOn(), e.endedOn(),
                    p.extended(), p.originalPlannedEndOn()));
        } else if (event instanceof AmiplusContinuationDecided e) {
            if (e.continueProgram()) {
                continuedAfter.add(e.phase());
            } else {
                endMandate(e.decidedOn());
            }
        } else if (event instanceof AmiplusPhaseExtended e) {
            replacePhase(e.phase(), p -> new Phase(p.phase(), p.startedOn(), e.newPlannedEndOn(), p.endedOn(), true,
                    p.originalPlannedEndOn()));
        } else if (event instanceof IntegrationPlanAgreed e) {
            planVersion = e.planVersion();
        } else if (event instanceof ReportSubmitted e) {
            reports.add(new Report(e.reportId(), e.kind(), e.phase(), e.submittedOn(), e.submittedBy(), e.documentRef()));
        } else if (event instanceof MeasureProposed e) {
            if (handover != null && !handover.commissioningInstitutionId().equals(e.financingInstitutionId())) {
                awaitingCommissioning.put(e.measureId(), handover.commissioningInstitutionId());
            }
            measures.put(e.measureId(), new Measure(e.measureId(), e.kind(), e.provider(), e.estimatedCostChf(),
                    e.financingInstitutionId(), MeasureStatus.PROPOSED, null, null, null, null, null));
        } else if (event instanceof MeasureCostApproved e
                && e.approvedBy().equals(awaitingCommissioning.get(e.measureId()))) {
            awaitingCommissioning.remove(e.measureId()); // the commissioning institution agreed; financing decides next
        } else if (event instanceof MeasureCostApproved e) {
            Measure m = measures.get(e.measureId());
            measures.put(m.measureId(), new Measure(m.measureId(), m.kind(), m.provider(), m.estimatedCostChf(),
                    m.financingInstitutionId(), MeasureStatus.APPROVED, e.approvedAmountChf(), e.costApprovalId(),
                    null, null, null));
        } else if (event instanceof MeasureCostRefused e) {
            measures.computeIfPresent(e.measureId(), (id, m) -> m.with(MeasureStatus.REFUSED));
            refusalReasons.put(e.measureId(), e.reason());
        } else if (event instanceof MeasureStarted e) {
            Measure m = measures.get(e.measureId());
            measures.put(m.measureId(), new Measure(m.measureId(), m.kind(), m.provider(), m.estimatedCostChf(),
                    m.financingInstitutionId(), MeasureStatus.RUNNING, m.approvedAmountChf(), m.costApprovalId(),
                    e.startedOn(), null, null));
        } else if (event instanceof MeasureCompleted e) {
            Measure m = measures.get(e.measureId());
            measures.put(m.measureId(), new Measure(m.measureId(), m.kind(), m.provider(), m.estimatedCostChf(),
                    m.financingInstitutionId(), MeasureStatus.COMPLETED, m.approvedAmountChf(), m.costApprovalId(),
                    m.startedOn(), e.completedOn(), e.costChf()));
        } else if (event instanceof MeasureCancelled e) {
            Measure m = measures.get(e.measureId());
            measures.put(m.measureId(), new Measure(m.measureId(), m.kind(), m.provider(), m.estimatedCostChf(),
                    m.financingInstitutionId(), MeasureStatus.CANCELLED, m.approvedAmountChf(), m.costApprovalId(),
                    m.startedOn(), e.cancelledOn(), null));
            if (e.reason() != null) {
                cancellationReasons.put(e.measureId(), e.reason());
            }
        } else if (event instanceof CaseLeadChanged e) {
            lead = e.leadInstitutionId();
            coLeads = List.copyOf(e.coLeadInstitutionIds());
            leadHistory.add(new LeadPeriod(e.leadInstitutionId(), e.effectiveOn(), e.basis(), e.handoverId()));
            // OPTIMA: only the leading institution proposes a handover and becomes the commissioning institution, so
            // the lead before an accepted handover is the one that commissioned it.
            handover = e.basis() == LeadBasis.OPTIMA_HANDOVER && e.handoverId() != null
                    ? new Handover(e.handoverId(), e.leadInstitutionId(), e.previousLeadInstitutionId()) : null;
            if (e.decisionEventId() != null) {
                appliedDecisions.add(e.decisionEventId());
            }
        } else if (event instanceof CaseAborted e) {
            abortReason = e.reason();
            endMandate(e.abortedOn());
        } else if (event instanceof PersonalDataErased e) {
            erasures.add(new Erasure(e.clientId(), e.legalBasis(), e.erasedBy(), e.erasedOn()));
        } else if (event instanceof CaseClosed e) {
            status = Status.CLOSED;
            endedOn = e.closedOn();
            outcome = e.outcome();
            detached = e.detachedFromSocialAssistance();
            endMandate(e.closedOn());
        }
        return this;
    }

    private void endMandate(LocalDate on) {
        if (mandate != null && mandate.status() == MandateStatus.ACTIVE) {
            // AMIplus ends with its last phase (the end decision, abort or criterion ends the running phase)
            LocalDate end = phases.isEmpty() || phases.get(phases.size() - 1).endedOn() == null ? on
                    : phases.get(phases.size() - 1).endedOn();
            mandate = new Mandate(mandate.mandateId(), mandate.municipalityInstitutionId(), mandate.ravInstitutionId(),
                    mandate.costApprovalRef(), mandate.issuedOn(), MandateStatus.ENDED, List.of(), end);
        }
    }

    private void replacePhase(int phase, java.util.function.UnaryOperator<Phase> change) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (phases.get(i).phase() == phase) {
                phases.set(i, change.apply(phases.get(i)));
                return;
            }
        }
    }

    // ---- questions the rules and the API ask ----

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public boolean isParticipant(String institutionId) {
        return participants.containsKey(institutionId);
    }

    /** Institutions covered by a consent in force; the opener needs none for itself. */
    public Set<String> consentedInstitutions() {
        Set<String> covered = new LinkedHashSet<>();
        consents.values().stream().filter(Consent::inForce).forEach(c -> covered.addAll(c.institutionIds()));
        return covered;
    }

    public boolean withinConsent(String institutionId) {
        return institutionId.equals(openedBy) || consentedInstitutions().contains(institutionId);
    }

    public boolean mandateActive() {
        return mandate != null && mandate.status() == MandateStatus.ACTIVE;
    }

    public Optional<Phase> currentPhase() {
        return phases.stream().filter(Phase::running).reduce((a, b) -> b);
    }

    public Optional<Phase> phase(int number) {
        return phases.stream().filter(p -> p.phase() == number).reduce((a, b) -> b);
    }

    public boolean reportSubmitted(ReportKind kind, int phase) {
        return reports.stream().anyMatch(r -> r.kind() == kind && r.phase() != null && r.phase() == phase);
    }

    public boolean hasFinalReport() {
        return reports.stream().anyMatch(r -> r.kind() == ReportKind.FINAL_REPORT);
    }

    public boolean decisionApplied(UUID decisionEventId) {
        return appliedDecisions.contains(decisionEventId);
    }

    // ---- plain accessors ----

    public String caseId() { return caseId; }
    public String clientId() { return clientId; }
    public CooperationModel cooperationModel() { return cooperationModel; }
    public Program program() { return program; }
    public String canton() { return canton; }
    public boolean clientUnder25() { return clientUnder25; }
    public String openedBy() { return openedBy; }
    public LocalDate openedOn() { return openedOn; }
    public Status status() { return status; }
    public LocalDate endedOn() { return endedOn; }
    public CaseOutcome outcome() { return outcome; }
    public boolean detachedFromSocialAssistance() { return detached; }
    public AbortReason abortReason() { return abortReason; }
    public String lead() { return lead; }
    public List<String> coLeads() { return coLeads; }
    public List<LeadPeriod> leadHistory() { return Collections.unmodifiableList(leadHistory); }
    public Map<String, Participant> participants() { return Collections.unmodifiableMap(participants); }
    public List<Entitlement> entitlements() { return Collections.unmodifiableList(entitlements); }
    public Map<String, Consent> consents() { return Collections.unmodifiableMap(consents); }
    public Mandate mandate() { return mandate; }
    /** The OPTIMA handover the case is led under, if any. */
    public Optional<Handover> runningHandover() { return Optional.ofNullable(handover); }
    /** The commissioning institution whose cost approval a measure proposed under a handover still waits for. */
    public Optional<String> awaitingCommissioningApproval(String measureId) {
        return Optional.ofNullable(awaitingCommissioning.get(measureId));
    }
    public List<Phase> phases() { return Collections.unmodifiableList(phases); }
    public List<Report> reports() { return Collections.unmodifiableList(reports); }
    public int planVersion() { return planVersion; }
    public Map<String, Measure> measures() { return Collections.unmodifiableMap(measures); }
    /** Sequence number of the last applied event; -1 before the first. */
    public long version() { return version; }
    /** Sealed reason of a refused measure's cost, by measure id. */
    public Map<String, String> refusalReasons() { return Collections.unmodifiableMap(refusalReasons); }
    /** Sealed reason of a cancelled measure, by measure id. */
    public Map<String, String> cancellationReasons() { return Collections.unmodifiableMap(cancellationReasons); }
    public List<Removal> removals() { return Collections.unmodifiableList(removals); }
    /** The health-related criteria of a refused mandate, sealed (null if none). */
    public String sealedRefusalCriteria() { return sealedRefusalCriteria; }
    /** The exclusion criterion reported, in clear when it is not health-related. */
    public ExclusionCriterion exclusionCriterion() { return exclusionCriterion; }
    /** The exclusion criterion reported, sealed when it is health-related. */
    public String sealedExclusionCriterion() { return sealedExclusionCriterion; }
    public List<Erasure> erasures() { return Collections.unmodifiableList(erasures); }
    public boolean personalDataErased() { return !erasures.isEmpty(); }
}
