package ch.iiz.reporting.kpi;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.*;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * Applies events to the KPI facts: the facts of the batch's cases are read once, every event is folded into them in
 * memory in order ({@link #fold}, the one place that says what each event type changes), and the changed rows are
 * written back with one statement per table. The table names take a suffix, so a rebuild fills fresh copies
 * ({@code _rebuild}) with the very same code the live ingest uses.
 */
public final class KpiProjector {

    /** Advisory lock key: KPI reads hold it shared, a rebuild's table swap exclusively. */
    public static final long SWAP_LOCK = 7_300_001L;

    public static final List<String> TABLES = List.of("case_fact", "phase_fact", "report_fact", "handover_fact",
            "cost_fact");

    private KpiProjector() {
    }

    /** Applies the events, in their order, to the tables with {@code suffix}, on the caller's transaction. */
    public static void apply(Connection c, List<EventEnvelope<IntegrationEvent>> events, String suffix)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        KpiFacts facts = KpiFacts.load(c, suffix, events.stream().map(EventEnvelope::caseId).toList());
        for (EventEnvelope<IntegrationEvent> e : events) {
            fold(facts, e);
        }
        facts.write(c, suffix);
    }

    /**
     * What each event type changes in the KPI facts. A fact that does not exist yet is created by its first event
     * only (a repeat changes nothing); a change to a fact that does not exist changes nothing.
     */
    static void fold(KpiFacts f, EventEnvelope<IntegrationEvent> e) {
        IntegrationEvent p = e.payload();
        String caseId = e.caseId();
        if (p instanceof CaseOpened o) {
            String municipality = o.participants().stream()
                    .filter(x -> x.institutionType() == InstitutionType.SOCIAL_SERVICES && x.municipality() != null)
                    .map(Participant::municipality).findFirst().orElse(null);
            f.openCase(caseId, o.canton(), municipality, o.program().name(), o.cooperationModel().name(), o.openedBy(),
                    o.participants().stream().map(Participant::institutionId).toList(), o.openedOn());
        } else if (p instanceof ParticipantAdded a) {
            f.caseRow(caseId).ifPresent(r -> {
                r.participants.removeIf(id -> id.equals(a.participant().institutionId()));
                r.participants.add(a.participant().institutionId());
            });
        } else if (p instanceof ParticipantRemoved r) {
            f.caseRow(caseId).ifPresent(row -> row.participants.removeIf(id -> id.equals(r.institutionId())));
        } else if (p instanceof CaseLeadChanged l) {
            f.caseRow(caseId).ifPresent(r -> r.leadInstitution = l.leadInstitutionId());
        } else if (p instanceof AmiplusPhaseStarted s) {
            f.caseRow(caseId).ifPresent(r -> r.phase = (short) s.phase());
            f.startPhase(caseId, (short) s.phase(), s.startedOn(), s.plannedEndOn());
        } else if (p instanceof AmiplusPhaseExtended x) {
            f.phaseRow(caseId, (short) x.phase()).ifPresent(r -> r.plannedEndOn = x.newPlannedEndOn());
        } else if (p instanceof AmiplusPhaseEnded x) {
            f.phaseRow(caseId, (short) x.phase()).ifPresent(r -> r.endedOn = x.endedOn());
        } else if (p instanceof ReportSubmitted r) {
            f.submitReport(caseId + "/" + r.reportId(), caseId, r.kind().name(),
                    r.phase() == null ? null : r.phase().shortValue(), r.submittedOn());
        } else if (p instanceof CaseAborted a) {
            f.caseRow(caseId).ifPresent(r -> {
                r.status = "ABORTED";
                r.endedOn = a.abortedOn();
                r.abortReason = a.reason().name();
            });
        } else if (p instanceof CaseClosed x) {
            // A case stays open after its AMIplus mandate was aborted; closing it later keeps the abort counted.
            f.caseRow(caseId).ifPresent(r -> {
                r.status = "ABORTED".equals(r.status) ? r.status : "CLOSED";
                r.endedOn = r.endedOn != null ? r.endedOn : x.closedOn();
                r.outcome = x.outcome().name();
                r.detached = x.detachedFromSocialAssistance();
            });
        } else if (p instanceof LeadHandoverProposed h) {
            f.proposeHandover(h.handoverId(), caseId, h.proposedBy(), h.proposedInstitutionId(), h.proposedOn());
        } else if (p instanceof LeadHandoverAccepted h) {
            answer(f, h.handoverId(), "ACCEPTED", h.acceptedOn(), false);
        } else if (p instanceof LeadHandoverDeclined h) {
            answer(f, h.handoverId(), h.deadlineExpired() ? "EXPIRED" : "DECLINED", h.declinedOn(), h.deadlineExpired());
        } else if (p instanceof LeadHandoverWithdrawn h) {
            answer(f, h.handoverId(), "WITHDRAWN", h.withdrawnOn(), false);
        } else if (p instanceof LeadHandoverCancelled h) {
            answer(f, h.handoverId(), "CANCELLED", h.cancelledOn(), false);
        } else if (p instanceof ChargeRecorded ch) {
            f.recordCost(ch.chargeId(), ch.caseId(), ch.kind().name(), ch.creditorId(), ch.debtorId(), ch.amountChf(),
                    ch.billingMonth().toString());
        }
    }

    /** The first answer to a proposal counts; later ones change nothing. */
    private static void answer(KpiFacts f, String handoverId, String status, LocalDate on, boolean expired) {
        f.handoverRow(handoverId).filter(h -> "PROPOSED".equals(h.status)).ifPresent(h -> {
            h.status = status;
            h.answeredOn = on;
            h.deadlineExpired = expired;
        });
    }
}
