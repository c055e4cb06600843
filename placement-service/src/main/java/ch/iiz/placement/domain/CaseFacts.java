package ch.iiz.placement.domain;

import ch.iiz.events.cases.*;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reservation or a proposal needs to know about one case, folded from the case's events: who takes part, the
 * consents in force, which institutions the client is entitled to benefits from, and the case's measures with their
 * cost approvals (Kostengutsprache). Pure and immutable; placement-service keeps it per case, fed by the case topic.
 *
 * @param consents the consents in force, by id, with the institutions each names
 * @param entitled institutions the client is entitled to benefits from now
 */
public record CaseFacts(Set<String> participants, Map<String, Set<String>> consents, Set<String> entitled,
                        Map<String, Measure> measures, boolean closed) {

    /** One measure of the case; {@code approvedBy} and {@code costApprovalId} once its cost was approved. */
    public record Measure(String measureId, MeasureKind kind, String financingInstitutionId, MeasureStatus status,
                          String costApprovalId, BigDecimal approvedAmountChf, String approvedBy) {
        Measure with(MeasureStatus next) {
            return new Measure(measureId, kind, financingInstitutionId, next, costApprovalId, approvedAmountChf,
                    approvedBy);
        }
    }

    public enum MeasureStatus { PROPOSED, APPROVED, REFUSED, RUNNING, COMPLETED, CANCELLED }

    public CaseFacts {
        participants = Set.copyOf(participants);
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        consents.forEach((id, names) -> copy.put(id, Set.copyOf(names)));
        consents = Map.copyOf(copy);
        entitled = Set.copyOf(entitled);
        measures = Map.copyOf(measures);
    }

    public static CaseFacts none() {
        return new CaseFacts(Set.of(), Map.of(), Set.of(), Map.of(), false);
    }

    public static CaseFacts of(List<? extends CaseEvent> events) {
        CaseFacts facts = none();
        for (CaseEvent event : events) {
            facts = facts.evolve(event);
        }
        return facts;
    }

    /** Whether a consent in force names the institution (its data may go to the course's organiser). */
    public boolean consentNames(String institutionId) {
        return consents.values().stream().anyMatch(names -> names.contains(institutionId));
    }

    /** The facts after one more event of the case; events that do not concern placements change nothing. */
    public CaseFacts evolve(CaseEvent event) {
        Set<String> p = new LinkedHashSet<>(participants);
        Map<String, Set<String>> c = new LinkedHashMap<>(consents);
        Set<String> e = new LinkedHashSet<>(entitled);
        Map<String, Measure> m = new LinkedHashMap<>(measures);
        boolean ended = closed;
        if (event instanceof CaseOpened o) {
            o.participants().forEach(x -> p.add(x.institutionId()));
            o.entitlements().forEach(x -> e.add(x.institutionId()));
        } else if (event instanceof ParticipantAdded a) {
            p.add(a.participant().institutionId());
        } else if (event instanceof ParticipantRemoved r) {
            p.remove(r.institutionId());
        } else if (event instanceof ConsentRecorded r) {
            c.put(r.consentId(), new LinkedHashSet<>(r.institutionIds()));
        } else if (event instanceof ConsentRevoked r) {
            c.remove(r.consentId());
        } else if (event instanceof EntitlementRecorded r) {
            e.add(r.entitlement().institutionId());
        } else if (event instanceof EntitlementEnded r) {
            e.remove(r.entitlement().institutionId());
        } else if (event instanceof MeasureProposed r) {
            m.put(r.measureId(), new Measure(r.measureId(), r.kind(), r.financingInstitutionId(),
                    MeasureStatus.PROPOSED, null, null, null));
        } else if (event instanceof MeasureCostApproved r && m.containsKey(r.measureId())) {
            Measure before = m.get(r.measureId());
            m.put(r.measureId(), new Measure(r.measureId(), before.kind(), before.financingInstitutionId(),
                    MeasureStatus.APPROVED, r.costApprovalId(), r.approvedAmountChf(), r.approvedBy()));
        } else if (event instanceof MeasureCostRefused r && m.containsKey(r.measureId())) {
            m.put(r.measureId(), m.get(r.measureId()).with(MeasureStatus.REFUSED));
        } else if (event instanceof MeasureStarted r && m.containsKey(r.measureId())) {
            m.put(r.measureId(), m.get(r.measureId()).with(MeasureStatus.RUNNING));
        } else if (event instanceof MeasureCompleted r && m.containsKey(r.measureId())) {
            m.put(r.measureId(), m.get(r.measureId()).with(MeasureStatus.COMPLETED));
        } else if (event instanceof MeasureCancelled r && m.containsKey(r.measureId())) {
            m.put(r.measureId(), m.get(r.measureId()).with(MeasureStatus.CANCELLED));
        } else if (event instanceof CaseClosed) {
            ended = true;
        } else {
            return this;
        }
        return new CaseFacts(p, c, e, m, ended);
    }
}
