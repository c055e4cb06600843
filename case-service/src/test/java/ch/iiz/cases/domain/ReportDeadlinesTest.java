package ch.iiz.cases.domain;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDeadlinesTest {

    static final String SD = "SD-AG-MENZIKEN";
    static final String RAV = "RAV-AG-AARAU";

    static List<CaseEvent> phaseTwoFrom(LocalDate start, LocalDate plannedEnd) {
        List<CaseEvent> events = new ArrayList<>(List.of(
                new CaseOpened("cl-1234", CooperationModel.AARGAU, Program.AMIPLUS, SD, LocalDate.of(2026, 1, 5), "AG",
                        false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                        List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken"),
                                new Participant(RAV, InstitutionType.RAV, "AG", null))),
                new AmiplusMandateIssued("m", SD, RAV, "KG", LocalDate.of(2026, 1, 5)),
                new AmiplusPhaseStarted("m", 1, LocalDate.of(2026, 1, 5), LocalDate.of(2026, 3, 4)),
                new ReportSubmitted("r1", ReportKind.INTEGRATION_REPORT, 1, LocalDate.of(2026, 2, 20), RAV, "d"),
                new AmiplusPhaseEnded("m", 1, start.minusDays(1)),
                new AmiplusPhaseStarted("m", 2, start, plannedEnd)));
        return events;
    }

    @Test
    void phase_2_owes_a_progress_report_every_6_months_and_an_integration_report_at_its_end() {
        CaseState state = CaseState.of("c", phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 8, 31)));

        List<ReportDeadlines.Deadline> deadlines = ReportDeadlines.asOf(state, LocalDate.of(2026, 9, 10));

        assertThat(deadlines).extracting(ReportDeadlines.Deadline::kind, ReportDeadlines.Deadline::dueOn,
                        ReportDeadlines.Deadline::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, LocalDate.of(2026, 3, 4),
                                ReportDeadlines.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, LocalDate.of(2026, 9, 1),
                                ReportDeadlines.Status.OVERDUE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, LocalDate.of(2027, 3, 1),
                                ReportDeadlines.Status.UPCOMING),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, LocalDate.of(2027, 8, 31),
                                ReportDeadlines.Status.UPCOMING));
    }

    @Test
    void a_submitted_progress_report_settles_the_first_due_one_and_an_early_end_drops_the_rest() {
        List<CaseEvent> events = phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 8, 31));
        events.add(new ReportSubmitted("r2", ReportKind.PROGRESS_REPORT, 2, LocalDate.of(2026, 8, 25), RAV, "d"));
        events.add(new AmiplusPhaseEnded("m", 2, LocalDate.of(2026, 11, 30)));
        events.add(new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, LocalDate.of(2026, 11, 30), RAV));
        CaseState state = CaseState.of("c", events);

        List<ReportDeadlines.Deadline> deadlines = ReportDeadlines.asOf(state, LocalDate.of(2026, 12, 15));

        assertThat(deadlines).extracting(ReportDeadlines.Deadline::kind, ReportDeadlines.Deadline::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, ReportDeadlines.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, ReportDeadlines.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.FINAL_REPORT, ReportDeadlines.Status.DUE));
    }
}
