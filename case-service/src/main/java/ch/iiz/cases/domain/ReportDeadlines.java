package ch.iiz.cases.domain;

import ch.iiz.events.schedule.AmiplusSchedule;

import java.time.LocalDate;
import java.util.List;

/**
 * The reports and decisions a case owes as of a day. The definition is {@link AmiplusSchedule} in shared-events, the
 * same code reporting-service counts its due and overdue reports and decisions due with; this only hands it the
 * case's facts.
 */
public final class ReportDeadlines {

    private ReportDeadlines() {
    }

    public static List<AmiplusSchedule.Deadline> asOf(CaseState s, LocalDate asOf) {
        return AmiplusSchedule.asOf(facts(s), asOf);
    }

    /** The facts of the schedule, as every consumer of the case events has them. */
    public static AmiplusSchedule.Facts facts(CaseState s) {
        return new AmiplusSchedule.Facts(
                s.phases().stream().map(p -> new AmiplusSchedule.PhaseRun(p.phase(), p.startedOn(), p.plannedEndOn(),
                        p.endedOn())).toList(),
                s.reports().stream().map(r -> new AmiplusSchedule.Submitted(r.kind(), r.phase(), r.submittedOn()))
                        .toList(),
                s.status() == CaseState.Status.CLOSED);
    }
}
