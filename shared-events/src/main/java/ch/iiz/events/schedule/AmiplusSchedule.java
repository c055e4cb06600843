package ch.iiz.events.schedule;

import ch.iiz.events.cases.ReportKind;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one definition of what an AMIplus case owes and when (seed 001, DOMAIN.md "AMIplus, after the plan"), shared
 * by case-service ({@code GET /cases/{id}/deadlines}) and reporting-service (the KPIs' due and overdue reports and
 * decisions due), so both always agree. Pure: it reads only facts every consumer of {@code iiz.case.events} has
 * (phase starts, planned and extended ends, phase ends, submitted reports, whether the case closed) and the day asked.
 *
 * <ul>
 *   <li>Reports: the integration report ending phase 1, progress reports about every 6 months in phase 2 and the
 *   integration report before its end, integration reports about every 6 months in phase 3 and the pre-end report a
 *   month before its planned end; the final report (Schlussbericht) by the end of phase 3 while AMIplus runs, and
 *   within {@value #FINAL_REPORT_MONTHS} months after AMIplus ended (a stop decision, an abort, an exclusion
 *   criterion): due from the day it ended until submitted, overdue once the window passed.</li>
 *   <li>Decisions due: a running phase past its limit (phase 1 beyond 2 months, phase 2 beyond 18 months, phase 3
 *   past its planned or extended end) waits for the municipality to continue, extend or end it.</li>
 * </ul>
 * AMIplus has ended when its last phase has ended (every end of the mandate ends the running phase; continuing ends
 * one phase and starts the next in the same decision).
 */
public final class AmiplusSchedule {

    /** How early a report counts as due rather than upcoming. */
    public static final int DUE_WINDOW_DAYS = 30;
    /** The RAV that led submits the final report within this many months after AMIplus ended. */
    public static final int FINAL_REPORT_MONTHS = 2;
    public static final int PHASE_1_MAX_MONTHS = 2;
    public static final int PHASE_2_MAX_MONTHS = 18;

    public enum Status { DONE, UPCOMING, DUE, OVERDUE }

    /** A report the lead owes, or a decision the municipality owes on an overrun phase. */
    public enum Obligation { REPORT, MUNICIPALITY_DECISION }

    /** A phase as it ran: {@code plannedEndOn} includes an extension; {@code endedOn} is null while it runs. */
    public record PhaseRun(int phase, LocalDate startedOn, LocalDate plannedEndOn, LocalDate endedOn) {
    }

    public record Submitted(ReportKind kind, Integer phase, LocalDate submittedOn) {
    }

    /** @param closed whether the case was closed (with an outcome) */
    public record Facts(List<PhaseRun> phases, List<Submitted> reports, boolean closed) {
    }

    /**
     * One obligation. For a decision {@code kind} is null, {@code dueOn} is the phase's last day within its limit and
     * the status is {@link Status#DUE} until the municipality decides.
     */
    public record Deadline(ReportKind kind, Integer phase, LocalDate dueOn, Status status, LocalDate submittedOn,
                           Obligation obligation) {
    }

    private AmiplusSchedule() {
    }

    /** Reports and decisions owed as of {@code asOf}, by due date. */
    public static List<Deadline> asOf(Facts f, LocalDate asOf) {
        List<Deadline> out = new ArrayList<>();
        for (PhaseRun phase : f.phases()) {
            LocalDate lastDay = phase.endedOn() != null ? phase.endedOn() : phase.plannedEndOn();
            switch (phase.phase()) {
                case 1 -> single(f, out, ReportKind.INTEGRATION_REPORT, 1, phase.plannedEndOn(), lastDay, asOf);
                case 2 -> {
                    periodic(f, out, ReportKind.PROGRESS_REPORT, phase, lastDay, asOf);
                    single(f, out, ReportKind.INTEGRATION_REPORT, 2, phase.plannedEndOn(), lastDay, asOf);
                }
                case 3 -> {
                    periodic(f, out, ReportKind.INTEGRATION_REPORT, phase, lastDay, asOf);
                    if (!f.closed()) {
                        single(f, out, ReportKind.PRE_END_REPORT, 3, phase.plannedEndOn().minusMonths(1), lastDay, asOf);
                    }
                }
                default -> throw new IllegalArgumentException("phase " + phase.phase());
            }
        }
        finalReport(f, asOf).ifPresent(out::add);
        decisionDue(f, asOf).ifPresent(out::add);
        out.sort(Comparator.comparing(Deadline::dueOn));
        return out;
    }

    /** The day AMIplus ended (its last phase's last day), if it has. */
    public static Optional<LocalDate> endedOn(Facts f) {
        if (f.phases().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(f.phases().get(f.phases().size() - 1).endedOn());
    }

    /** The last day the final report can be submitted after AMIplus ended on {@code endedOn}. */
    public static LocalDate finalReportWindowEnd(LocalDate endedOn) {
        return endedOn.plusMonths(FINAL_REPORT_MONTHS);
    }

    /** The last day a phase may run before it is overrun. */
    public static LocalDate limit(PhaseRun phase) {
        return switch (phase.phase()) {
            case 1 -> phase.startedOn().plusMonths(PHASE_1_MAX_MONTHS).minusDays(1);
            case 2 -> phase.startedOn().plusMonths(PHASE_2_MAX_MONTHS).minusDays(1);
            default -> phase.plannedEndOn();
        };
    }

    private static Optional<Deadline> decisionDue(Facts f, LocalDate asOf) {
        return f.phases().stream().filter(p -> p.endedOn() == null && asOf.isAfter(limit(p))).reduce((a, b) -> b)
                .map(p -> new Deadline(null, p.phase(), limit(p), Status.DUE, null, Obligation.MUNICIPALITY_DECISION));
    }

    private static void single(Facts f, List<Deadline> out, ReportKind kind, int phase, LocalDate dueOn,
                               LocalDate lastDay, LocalDate asOf) {
        LocalDate submitted = f.reports().stream()
                .filter(r -> r.kind() == kind && r.phase() != null && r.phase() == phase)
                .map(Submitted::submittedOn).findFirst().orElse(null);
        if (submitted == null && dueOn.isAfter(lastDay)) {
            return; // the phase ended before the report fell due
        }
        out.add(report(kind, phase, dueOn, status(submitted, dueOn, asOf), submitted));
    }

    private static void periodic(Facts f, List<Deadline> out, ReportKind kind, PhaseRun phase, LocalDate lastDay,
                                 LocalDate asOf) {
        List<Submitted> submitted = f.reports().stream()
                .filter(r -> r.kind() == kind && r.phase() != null && r.phase() == phase.phase())
                .sorted(Comparator.comparing(Submitted::submittedOn)).toList();
        for (int n = 1; ; n++) {
            LocalDate dueOn = phase.startedOn().plusMonths(6L * n);
            if (!dueOn.isBefore(lastDay)) {
                return; // the phase's own end report takes over
            }
            LocalDate done = submitted.size() >= n ? submitted.get(n - 1).submittedOn() : null;
            out.add(report(kind, phase.phase(), dueOn, status(done, dueOn, asOf), done));
        }
    }

    private static Optional<Deadline> finalReport(Facts f, LocalDate asOf) {
        if (f.phases().isEmpty()) {
            return Optional.empty(); // no AMIplus ran (none issued, or refused at intake)
        }
        LocalDate submitted = f.reports().stream().filter(r -> r.kind() == ReportKind.FINAL_REPORT)
                .map(Submitted::submittedOn).findFirst().orElse(null);
        Optional<LocalDate> ended = endedOn(f);
        if (ended.isPresent()) {
            LocalDate dueOn = finalReportWindowEnd(ended.get());
            Status status = submitted != null && !submitted.isAfter(asOf) ? Status.DONE
                    : asOf.isAfter(dueOn) ? Status.OVERDUE : Status.DUE;
            return Optional.of(report(ReportKind.FINAL_REPORT, null, dueOn, status, submitted));
        }
        Optional<PhaseRun> three = f.phases().stream().filter(p -> p.phase() == 3).reduce((a, b) -> b);
        if (three.isEmpty()) {
            return submitted == null ? Optional.empty()
                    : Optional.of(report(ReportKind.FINAL_REPORT, null, submitted, Status.DONE, submitted));
        }
        LocalDate dueOn = three.get().plannedEndOn();
        return Optional.of(report(ReportKind.FINAL_REPORT, null, dueOn, status(submitted, dueOn, asOf), submitted));
    }

    private static Deadline report(ReportKind kind, Integer phase, LocalDate dueOn, Status status, LocalDate submitted) {
        return new Deadline(kind, phase, dueOn, status, submitted, Obligation.REPORT);
    }

    private static Status status(LocalDate submitted, LocalDate dueOn, LocalDate asOf) {
        if (submitted != null && !submitted.isAfter(asOf)) {
            return Status.DONE;
        }
        if (asOf.isAfter(dueOn)) {
            return Status.OVERDUE;
        }
        return asOf.isBefore(dueOn.minusDays(DUE_WINDOW_DAYS)) ? Status.UPCOMING : Status.DUE;
    }
}
