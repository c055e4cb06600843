package ch.iiz.placement.axon;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.placement.VacancyOutcome;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.placement.domain.CaseFacts;
import ch.iiz.placement.domain.VacancyCommand;
import ch.iiz.placement.domain.VacancyCommand.ProposeVacancy;
import ch.iiz.placement.domain.VacancyCommand.RecordOutcome;
import ch.iiz.placement.domain.VacancyCommand.RecordVacancy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static ch.iiz.placement.axon.CourseAggregateTest.rule;

/** Shared vacancies on the vacancy aggregate: recording, proposing to a case, and outcomes in order. */
class VacancyAggregateTest {

    static final String VACANCY = "vac-1";
    static final String AGENTUR = "AA-HE-KASSEL";
    static final String JOBCENTER = "JC-HE-KASSEL";
    static final LocalDate D = LocalDate.of(2026, 3, 2);
    static final VacancyRecorded RECORDED = new VacancyRecorded(VACANCY, AGENTUR, "Fachkraft Lagerlogistik", 100, "HE",
            D.plusDays(60), D);
    static final CaseFacts CASE = CaseFacts.of(List.of(
            new CaseOpened("cl-1", CooperationModel.HESSEN, Program.COOPERATION, JOBCENTER, D, "HE", false, List.of(),
                    List.of(new Participant(JOBCENTER, InstitutionType.JOBCENTER, "HE", null))),
            new ConsentRecorded("cons-1", D, List.of(JOBCENTER), "dms://c")));
    static final CaseFacts NO_CONSENT = CaseFacts.of(List.of(
            new CaseOpened("cl-1", CooperationModel.HESSEN, Program.COOPERATION, JOBCENTER, D, "HE", false, List.of(),
                    List.of(new Participant(JOBCENTER, InstitutionType.JOBCENTER, "HE", null)))));

    FixtureConfiguration<VacancyAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VacancyAggregate.class);
    }

    static VacancyTarget cmd(VacancyCommand command) {
        return new VacancyTarget(VACANCY, null, command);
    }

    static VacancyProposed proposed() {
        return new VacancyProposed(VACANCY, "case-1", JOBCENTER, D.plusDays(1));
    }

    @Test
    void an_agency_records_a_vacancy_with_a_sensible_workload() {
        fixture.givenNoPriorActivity()
                .when(cmd(new RecordVacancy(AGENTUR, VACANCY, "Fachkraft Lagerlogistik", 100, "HE", D.plusDays(60), D)))
                .expectEvents(RECORDED);
        fixture.givenNoPriorActivity()
                .when(cmd(new RecordVacancy(AGENTUR, VACANCY, "x", 0, "HE", D.plusDays(60), D)))
                .expectException(rule("percent"));
        fixture.givenNoPriorActivity()
                .when(cmd(new RecordVacancy(AGENTUR, VACANCY, "x", 50, "HE", D.minusDays(1), D)))
                .expectException(rule("valid-after-recording"));
    }

    @Test
    void a_participant_with_consent_proposes_it_to_a_case_once_while_it_is_valid() {
        fixture.given(RECORDED).when(cmd(new ProposeVacancy(JOBCENTER, "case-1", CASE, D.plusDays(1))))
                .expectEvents(proposed());
        fixture.given(RECORDED, proposed()).when(cmd(new ProposeVacancy(JOBCENTER, "case-1", CASE, D.plusDays(2))))
                .expectException(rule("proposed-once"));
        fixture.given(RECORDED).when(cmd(new ProposeVacancy(JOBCENTER, "case-1", CASE, D.plusDays(61))))
                .expectException(rule("vacancy-valid"));
        fixture.given(RECORDED).when(cmd(new ProposeVacancy(JOBCENTER, "case-1", NO_CONSENT, D.plusDays(1))))
                .expectException(rule("consent-required"));
        fixture.given(RECORDED).when(cmd(new ProposeVacancy(AGENTUR, "case-1", CASE, D.plusDays(1))))
                .expectException(rule("participant-only"));
    }

    @Test
    void outcomes_follow_the_proposal_in_order_and_a_final_one_stays() {
        VacancyOutcomeRecorded applied = new VacancyOutcomeRecorded(VACANCY, "case-1", VacancyOutcome.APPLIED, JOBCENTER,
                D.plusDays(3));
        VacancyOutcomeRecorded hired = new VacancyOutcomeRecorded(VACANCY, "case-1", VacancyOutcome.HIRED, JOBCENTER,
                D.plusDays(10));
        fixture.given(RECORDED).when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.HIRED, D.plusDays(3))))
                .expectException(rule("proposed-first"));
        fixture.given(RECORDED, proposed())
                .when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.APPLIED, D.plusDays(3))))
                .expectEvents(applied);
        fixture.given(RECORDED, proposed(), applied)
                .when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.HIRED, D.plusDays(10))))
                .expectEvents(hired);
        fixture.given(RECORDED, proposed(), applied)
                .when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.APPLIED, D.plusDays(4))))
                .expectException(rule("outcome-order"));
        fixture.given(RECORDED, proposed(), applied, hired)
                .when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.REJECTED, D.plusDays(11))))
                .expectException(rule("final-outcome"));
        fixture.given(RECORDED, proposed())
                .when(cmd(new RecordOutcome(JOBCENTER, "case-1", CASE, VacancyOutcome.REJECTED, D)))
                .expectException(rule("after-proposal"));
    }
}
