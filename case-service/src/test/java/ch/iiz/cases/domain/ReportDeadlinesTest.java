package ch.iiz.cases.domain;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import ch.iiz.events.schedule.AmiplusSchedule;
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

        List<AmiplusSchedule.Deadline> deadlines = ReportDeadlines.asOf(state, LocalDate.of(2026, 9, 10));

        assertThat(deadlines).extracting(AmiplusSchedule.Deadline::kind, AmiplusSchedule.Deadline::dueOn,
                        AmiplusSchedule.Deadline::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, LocalDate.of(2026, 3, 4),
                                AmiplusSchedule.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, LocalDate.of(2026, 9, 1),
                                AmiplusSchedule.Status.OVERDUE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, LocalDate.of(2027, 3, 1),
                                AmiplusSchedule.Status.UPCOMING),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, LocalDate.of(2027, 8, 31),
                                AmiplusSchedule.Status.UPCOMING));
    }

    @Test
    void a_submitted_progress_report_settles_the_first_due_one_and_an_early_end_drops_the_rest() {
        List<CaseEvent> events = phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 8, 31));
        events.add(new ReportSubmitted("r2", ReportKind.PROGRESS_REPORT, 2, LocalDate.of(2026, 8, 25), RAV, "d"));
        events.add(new AmiplusPhaseEnded("m", 2, LocalDate.of(2026, 11, 30)));
        events.add(new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, LocalDate.of(2026, 11, 30), RAV));
        CaseState state = CaseState.of("c", events);

        List<AmiplusSchedule.Deadline> deadlines = ReportDeadlines.asOf(state, LocalDate.of(2026, 12, 15));

        assertThat(deadlines).extracting(AmiplusSchedule.Deadline::kind, AmiplusSchedule.Deadline::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReportKind.INTEGRATION_REPORT, AmiplusSchedule.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.PROGRESS_REPORT, AmiplusSchedule.Status.DONE),
                        org.assertj.core.groups.Tuple.tuple(ReportKind.FINAL_REPORT, AmiplusSchedule.Status.DUE));
    }

    static List<AmiplusSchedule.Deadline> decisions(List<AmiplusSchedule.Deadline> all) {
        return all.stream().filter(d -> d.obligation() == AmiplusSchedule.Obligation.MUNICIPALITY_DECISION).toList();
    }

    @Test
    void after_an_abort_the_final_report_is_due_for_2_months_then_overdue_and_done_once_submitted() {
        List<CaseEvent> events = phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 8, 31));
        events.add(new AmiplusPhaseEnded("m", 2, LocalDate.of(2026, 6, 10)));
        events.add(new CaseAborted(AbortReason.CLIENT_MOVED_AWAY, null, LocalDate.of(2026, 6, 10), SD));
        CaseState state = CaseState.of("c", events);

        AmiplusSchedule.Deadline atTheEnd = finalReport(ReportDeadlines.asOf(state, LocalDate.of(2026, 6, 11)));
        assertThat(atTheEnd.dueOn()).isEqualTo(LocalDate.of(2026, 8, 10));
        assertThat(atTheEnd.status()).isEqualTo(AmiplusSchedule.Status.DUE); // due from the end, not only 30 days before
        assertThat(finalReport(ReportDeadlines.asOf(state, LocalDate.of(2026, 8, 10))).status())
                .isEqualTo(AmiplusSchedule.Status.DUE);
        assertThat(finalReport(ReportDeadlines.asOf(state, LocalDate.of(2026, 8, 11))).status())
                .isEqualTo(AmiplusSchedule.Status.OVERDUE);
        assertThat(state.isOpen()).isTrue();
        assertThat(state.mandate().endedOn()).isEqualTo(LocalDate.of(2026, 6, 10));

        events.add(new ReportSubmitted("f", ReportKind.FINAL_REPORT, 2, LocalDate.of(2026, 7, 1), RAV, "d"));
        assertThat(finalReport(ReportDeadlines.asOf(CaseState.of("c", events), LocalDate.of(2026, 9, 1))).status())
                .isEqualTo(AmiplusSchedule.Status.DONE);
    }

    private static AmiplusSchedule.Deadline finalReport(List<AmiplusSchedule.Deadline> all) {
        return all.stream().filter(d -> d.kind() == ReportKind.FINAL_REPORT).findFirst().orElseThrow();
    }

    @Test
    void phase_1_beyond_2_months_is_a_decision_due_for_the_municipality_until_it_decides() {
        List<CaseEvent> events = new ArrayList<>(phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 8, 31))
                .subList(0, 4)); // phase 1 from 2026-01-05 still running, its report submitted
        CaseState state = CaseState.of("c", events);

        assertThat(decisions(ReportDeadlines.asOf(state, LocalDate.of(2026, 3, 4)))).isEmpty();
        assertThat(decisions(ReportDeadlines.asOf(state, LocalDate.of(2026, 3, 5))))
                .extracting(AmiplusSchedule.Deadline::phase, AmiplusSchedule.Deadline::dueOn,
                        AmiplusSchedule.Deadline::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, LocalDate.of(2026, 3, 4),
                        AmiplusSchedule.Status.DUE));

        events.add(new AmiplusContinuationDecided("m", 1, true, LocalDate.of(2026, 3, 10), SD));
        events.add(new AmiplusPhaseEnded("m", 1, LocalDate.of(2026, 3, 4)));
        events.add(new AmiplusPhaseStarted("m", 2, LocalDate.of(2026, 3, 5), LocalDate.of(2027, 3, 4)));
        assertThat(decisions(ReportDeadlines.asOf(CaseState.of("c", events), LocalDate.of(2026, 3, 10)))).isEmpty();
    }

    @Test
    void phase_2_beyond_18_months_is_a_decision_due() {
        CaseState state = CaseState.of("c", phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 6, 30)));

        assertThat(decisions(ReportDeadlines.asOf(state, LocalDate.of(2027, 8, 31)))).isEmpty(); // past plan, within 18
        assertThat(decisions(ReportDeadlines.asOf(state, LocalDate.of(2027, 9, 1))))
                .extracting(AmiplusSchedule.Deadline::phase, AmiplusSchedule.Deadline::dueOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, LocalDate.of(2027, 8, 31)));
    }

    @Test
    void phase_3_past_its_planned_end_is_a_decision_due_until_the_municipality_extends_it() {
        List<CaseEvent> events = phaseTwoFrom(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 12, 31));
        events.add(new ReportSubmitted("r3", ReportKind.INTEGRATION_REPORT, 2, LocalDate.of(2026, 12, 1), RAV, "d"));
        events.add(new AmiplusContinuationDecided("m", 2, true, LocalDate.of(2026, 12, 10), SD));
        events.add(new AmiplusPhaseEnded("m", 2, LocalDate.of(2026, 12, 31)));
        events.add(new AmiplusPhaseStarted("m", 3, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 6, 30)));

        assertThat(decisions(ReportDeadlines.asOf(CaseState.of("c", events), LocalDate.of(2027, 7, 1))))
                .extracting(AmiplusSchedule.Deadline::phase, AmiplusSchedule.Deadline::dueOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, LocalDate.of(2027, 6, 30)));
        events.add(new AmiplusPhaseExtended("m", 3, LocalDate.of(2027, 6, 30), LocalDate.of(2027, 12, 31),
                LocalDate.of(2027, 7, 2), SD));
        assertThat(decisions(ReportDeadlines.asOf(CaseState.of("c", events), LocalDate.of(2027, 7, 2)))).isEmpty();
    }
}
