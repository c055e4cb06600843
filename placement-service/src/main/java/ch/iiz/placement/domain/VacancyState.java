package ch.iiz.placement.domain;

import ch.iiz.events.placement.VacancyOutcome;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A vacancy as its events tell it, with its proposals by case and the latest outcome of each. */
public final class VacancyState {

    /** A proposal to one case; {@code outcome} null until one is recorded. */
    public record Proposal(String caseId, String proposedBy, LocalDate proposedOn, VacancyOutcome outcome) {
    }

    private VacancyRecorded terms;
    private final Map<String, Proposal> proposals = new LinkedHashMap<>();

    public static VacancyState of(List<?> events) {
        VacancyState state = new VacancyState();
        events.forEach(state::apply);
        return state;
    }

    public void apply(Object event) {
        if (event instanceof VacancyRecorded e) {
            terms = e;
        } else if (event instanceof VacancyProposed e) {
            proposals.put(e.caseId(), new Proposal(e.caseId(), e.proposingInstitutionId(), e.proposedOn(), null));
        } else if (event instanceof VacancyOutcomeRecorded e) {
            Proposal p = proposals.get(e.caseId());
            proposals.put(e.caseId(), new Proposal(e.caseId(), p.proposedBy(), p.proposedOn(), e.outcome()));
        }
    }

    public boolean recorded() {
        return terms != null;
    }

    public VacancyRecorded terms() {
        return terms;
    }

    public Map<String, Proposal> proposals() {
        return Map.copyOf(proposals);
    }
}
