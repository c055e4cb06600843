package ch.iiz.cases.domain;

import ch.iiz.events.cases.ReportKind;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reports a case owes, derived from its phase dates (seed 001): the integration report ending phase 1, progress
 * reports about every 6 months in phase 2 and the integration report before its end, integration reports about every
 * 6 months in phase 3 and the pre-end report a month before its planned end, and the final report when AMIplus ends.
 */
public final class ReportDeadlines {

    /** How early a report counts as due rather than upcoming. */
    static final int DUE_WINDOW_DAYS = 30;

    public enum Status { DONE, UPCOMING, DUE, OVERDUE }

    public record Deadline(ReportKind kind, Integer phase, LocalDate dueOn, Status status, LocalDate submittedOn) {
    }

    private ReportDeadlines() {
    }

    public static List<Deadline> asOf(CaseState s, LocalDate asOf) {
        List<Deadline> deadlines = new ArrayList<>();
        for (CaseState.Phase phase : s.phases()) {
            LocalDate lastDay = phase.endedOn() != null ? phase.endedOn() : phase.plannedEndOn();
            switch (phase.phase()) {
                case 1 -> single(s, deadlines, ReportKind.INTEGRATION_REPORT, 1, phase.plannedEndOn(), lastDay, asOf);
                case 2 -> {
                    periodic(s, deadlines, ReportKind.PROGRESS_REPORT, phase, lastDay, asOf);
                    single(s, deadlines, ReportKind.INTEGRATION_REPORT, 2, phase.plannedEndOn(), lastDay, asOf);
                }
                case 3 -> {
                    periodic(s, deadlines, ReportKind.INTEGRATION_REPORT, phase, lastDay, asOf);
                    if (!(s.outcome() != null && s.status() == CaseState.Status.CLOSED)) {
                        single(s, deadlines, ReportKind.PRE_END_REPORT, 3, phase.plannedEndOn().minusMonths(1),
                                lastDay, asOf);
                    }
                }
                default -> throw new IllegalStateException("phase " + phase.phase());
            }
        }
        finalReport(s, asOf).ifPresent(deadlines::add);
        deadlines.sort(Comparator.comparing(Deadline::dueOn));
        return deadlines;
    }

    /** One report of {@code kind} in {@code phase}, due on {@code dueOn}, unless the phase ended before. */
    private static void single(CaseState s, List<Deadline> out, ReportKind kind, int phase, LocalDate dueOn,
                               LocalDate lastDay, LocalDate asOf) {
        LocalDate submitted = s.reports().stream()
                .filter(r -> r.kind() == kind && r.phase() != null && r.phase() == phase)
                .map(CaseState.Report::submittedOn).findFirst().orElse(null);
        if (submitted == null && dueOn.isAfter(lastDay)) {
            return; // the phase ended before the report fell due
        }
        out.add(new Deadline(kind, phase, dueOn, status(submitted, dueOn, asOf), submitted));
    }

    /** A report every 6 months from the phase's start, for as long as the phase runs. */
    private static void periodic(CaseState s, List<Deadline> out, ReportKind kind, CaseState.Phase phase,
                                 LocalDate lastDay, LocalDate asOf) {
        List<CaseState.Report> submitted = s.reports().stream()
                .filter(r -> r.kind() == kind && r.phase() != null && r.phase() == phase.phase())
                .sorted(Comparator.comparing(CaseState.Report::submittedOn)).toList();
        for (int n = 1; ; n++) {
            LocalDate dueOn = phase.startedOn().plusMonths(6L * n);
            if (!dueOn.isBefore(lastDay)) {
                return; // the phase's own end report takes over
            }
            LocalDate done = submitted.size() >= n ? submitted.get(n - 1).submittedOn() : null;
            out.add(new Deadline(kind, phase.phase(), dueOn, status(done, dueOn, asOf), done));
        }
    }

    private static java.util.Optional<Deadline> finalReport(CaseState s, LocalDate asOf) {
        if (s.mandate() == null || s.mandate().status() == CaseState.MandateStatus.REFUSED) {
            return java.util.Optional.empty();
        }
        LocalDate submitted = s.reports().stream().filter(r -> r.kind() == ReportKind.FINAL_REPORT)
                .map(CaseState.Report::submittedOn).findFirst().orElse(null);
        LocalDate dueOn;
        if (s.mandate().status() == CaseState.MandateStatus.ENDED) {
            CaseState.Phase last = s.phases().get(s.phases().size() - 1);
            dueOn = (last.endedOn() != null ? last.endedOn() : last.plannedEndOn()).plusMonths(1);
        } else {
            java.util.Optional<CaseState.Phase> three = s.phase(3);
            if (three.isEmpty()) {
                return submitted == null ? java.util.Optional.empty()
                        : java.util.Optional.of(new Deadline(ReportKind.FINAL_REPORT, null, submitted, Status.DONE, submitted));
            }
            dueOn = three.get().plannedEndOn();
        }
        return java.util.Optional.of(new Deadline(ReportKind.FINAL_REPORT, null, dueOn,
                status(submitted, dueOn, asOf), submitted));
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
