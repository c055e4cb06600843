package ch.iiz.cases.axon;

import ch.iiz.axon.TargetedCommand;
import ch.iiz.cases.domain.CaseCommand;
import ch.iiz.cases.domain.CaseCommand.*;
import ch.iiz.service.rules.RuleViolation;
import ch.iiz.cases.domain.OpenCaseCommand;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Every rule of the case, given/when/then on the Axon aggregate, refusals included. */
class CaseAggregateTest {

    static final String CASE = "case-1";
    static final String SD = "SD-AG-MENZIKEN";
    static final String RAV = "RAV-AG-AARAU";
    static final String IV = "IV-AG-SVA";
    static final String OTHER = "SD-AG-REINACH";
    static final Participant SD_P = new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken");
    static final Participant RAV_P = new Participant(RAV, InstitutionType.RAV, "AG", null);
    static final Participant IV_P = new Participant(IV, InstitutionType.IV, "AG", null);
    static final LocalDate D = LocalDate.of(2026, 3, 2);
    static final String MANDATE = "man-1";
    /** What the API hands the decider for personal data: sealed with the client's key (service-kit cipher). */
    static final String SEALED = "enc:v1:c2VhbGVkIGJ5IHRoZSBBUEk=";

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
    }

    static TargetedCommand cmd(CaseCommand command) {
        return new TargetedCommand(CASE, null, command);
    }

    static Matcher<Throwable> violation(String rule) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return item instanceof RuleViolation v && v.rule().equals(rule);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a RuleViolation of rule " + rule);
            }
        };
    }

    static RecordConsentCommand consent(String... ids) {
        return new RecordConsentCommand(SD, "cons-1", D, List.of(ids), "dms://consent/1");
    }

    static CaseOpened opened() {
        return new CaseOpened("cl-7Q2ZK4", CooperationModel.AARGAU, Program.AMIPLUS, SD, D, "AG", false,
                List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), List.of(SD_P, RAV_P));
    }

    static ConsentRecorded consented() {
        return new ConsentRecorded("cons-1", D, List.of(SD, RAV, IV), "dms://consent/1");
    }

    static List<Object> amiplusRunning() {
        return List.of(opened(), consented(),
                new AmiplusMandateIssued(MANDATE, SD, RAV, "KG-1", D),
                new AmiplusPhaseStarted(MANDATE, 1, D, LocalDate.of(2026, 5, 1)),
                new CaseLeadChanged(SD, RAV, D, LeadBasis.AMIPLUS_MANDATE, UUID.randomUUID(), null, List.of()));
    }

    static List<Object> inPhase(int phase) {
        List<Object> events = new java.util.ArrayList<>(amiplusRunning());
        if (phase >= 2) {
            events.add(new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(30), RAV, "dms://r1"));
            events.add(new AmiplusContinuationDecided(MANDATE, 1, true, D.plusDays(35), SD));
            events.add(new AmiplusPhaseEnded(MANDATE, 1, LocalDate.of(2026, 4, 30)));
            events.add(new AmiplusPhaseStarted(MANDATE, 2, LocalDate.of(2026, 5, 1), LocalDate.of(2027, 4, 30)));
        }
        if (phase >= 3) {
            events.add(new ReportSubmitted("rep-2", ReportKind.INTEGRATION_REPORT, 2, LocalDate.of(2027, 4, 1), RAV, "dms://r2"));
            events.add(new AmiplusContinuationDecided(MANDATE, 2, true, LocalDate.of(2027, 4, 10), SD));
            events.add(new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2027, 4, 30)));
            events.add(new AmiplusPhaseStarted(MANDATE, 3, LocalDate.of(2027, 5, 1), LocalDate.of(2028, 4, 30)));
        }
        return events;
    }

    @Nested
    class Intake {
        OpenCaseCommand open(List<Participant> participants, RecordConsentCommand consent, String clientId) {
            return new OpenCaseCommand(CASE, SD_P, clientId, CooperationModel.AARGAU, Program.AMIPLUS, D, "AG", false,
                    List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), participants, consent);
        }

        @Test
        void opening_records_the_case_with_the_opener_leading_and_the_consent() {
            fixture.givenNoPriorActivity()
                    .when(open(List.of(RAV_P), consent(SD, RAV, IV), "cl-7Q2ZK4"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened(), consented());
        }

        @Test
        void a_participant_outside_the_consent_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(open(List.of(RAV_P), null, "cl-7Q2ZK4"))
                    .expectNoEvents().expectException(violation("consent-required"));
        }

        @Test
        void a_client_id_that_looks_like_an_ahv_number_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(open(List.of(), null, "756-1234-5678-97"))
                    .expectNoEvents().expectException(violation("pseudonymous-client-id"));
        }

        @Test
        void amiplus_outside_aargau_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenCaseCommand(CASE, SD_P, "cl-1234", CooperationModel.LUZERN_OPTIMA, Program.AMIPLUS,
                            D, "LU", false, List.of(), List.of(), null))
                    .expectNoEvents().expectException(violation("amiplus-is-aargau"));
        }
    }

    @Nested
    class ConsentAndParticipants {
        @Test
        void an_institution_within_the_consent_joins() {
            fixture.given(opened(), consented())
                    .when(cmd(new AddParticipantCommand(SD, IV_P, D)))
                    .expectEvents(new ParticipantAdded(IV_P, D));
        }

        @Test
        void an_institution_outside_the_consent_does_not_join() {
            Participant other = new Participant(OTHER, InstitutionType.SOCIAL_SERVICES, "AG", "Reinach");
            fixture.given(opened(), consented())
                    .when(cmd(new AddParticipantCommand(SD, other, D)))
                    .expectNoEvents().expectException(violation("consent-required"));
        }

        @Test
        void revoking_the_consent_removes_the_participants_it_covered() {
            fixture.given(opened(), consented(), new ParticipantAdded(IV_P, D))
                    .when(cmd(new RevokeConsentCommand(SD, "cons-1", D.plusDays(10))))
                    .expectEvents(new ConsentRevoked("cons-1", D.plusDays(10)),
                            new ParticipantRemoved(RAV, D.plusDays(10), "consent cons-1 revoked"),
                            new ParticipantRemoved(IV, D.plusDays(10), "consent cons-1 revoked"));
        }

        @Test
        void revoking_the_consent_removes_the_lead_too_referral_decides_who_leads_instead() {
            fixture.given(opened(), consented(),
                            new CaseLeadChanged(SD, RAV, D, LeadBasis.AARGAU_IV_ALV, UUID.randomUUID(), null, List.of()))
                    .when(cmd(new RevokeConsentCommand(SD, "cons-1", D.plusDays(10))))
                    .expectEvents(new ConsentRevoked("cons-1", D.plusDays(10)),
                            new ParticipantRemoved(RAV, D.plusDays(10), "consent cons-1 revoked"));
        }

        @Test
        void only_participants_act_on_a_case() {
            fixture.given(opened(), consented())
                    .when(cmd(new AgreeIntegrationPlanCommand(OTHER, D, "dms://plan")))
                    .expectNoEvents().expectException(violation("participants-only"));
        }
    }

    @Nested
    class Mandate {
        @Test
        void the_municipality_commissions_the_rav_and_phase_1_starts_for_at_most_2_months() {
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(SD, MANDATE, RAV, "KG-1", D, Set.of())))
                    .expectEvents(new AmiplusMandateIssued(MANDATE, SD, RAV, "KG-1", D),
                            new AmiplusPhaseStarted(MANDATE, 1, D, LocalDate.of(2026, 5, 1)));
        }

        @Test
        void an_applying_exclusion_criterion_refuses_the_mandate_and_names_it_health_related_ones_only_sealed() {
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(SD, MANDATE, RAV, "KG-1", D,
                            Set.of(ExclusionCriterion.NO_WORK_PERMIT, ExclusionCriterion.ACUTE_ADDICTION), SEALED)))
                    .expectEvents(new AmiplusMandateRefused(MANDATE, SD, RAV,
                            List.of(ExclusionCriterion.NO_WORK_PERMIT), D, SEALED));
        }

        @Test
        void a_health_related_criterion_alone_refuses_the_mandate_too_and_never_leaves_in_clear() {
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(SD, MANDATE, RAV, "KG-1", D,
                            Set.of(ExclusionCriterion.PERMANENT_WORK_INCAPACITY_OVER_80_PERCENT), SEALED)))
                    .expectEvents(new AmiplusMandateRefused(MANDATE, SD, RAV, List.of(), D, SEALED));
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(SD, MANDATE, RAV, "KG-1", D,
                            Set.of(ExclusionCriterion.ACUTE_ADDICTION))))
                    .expectNoEvents().expectException(IllegalStateException.class);
        }

        @Test
        void a_health_related_criterion_reported_later_travels_only_sealed() {
            LocalDate on = D.plusDays(20);
            fixture.given(amiplusRunning())
                    .when(cmd(new ReportExclusionCriterionCommand(RAV, ExclusionCriterion.ACUTE_ADDICTION, on, SEALED)))
                    .expectEvents(new ExclusionCriterionReported(MANDATE, null, on, SEALED),
                            new AmiplusPhaseEnded(MANDATE, 1, on),
                            new CaseAborted(AbortReason.EXCLUSION_CRITERION, null, on, RAV, SEALED));
        }

        @Test
        void only_social_services_issue_a_mandate() {
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(RAV, MANDATE, RAV, "KG-1", D, Set.of())))
                    .expectNoEvents().expectException(violation("municipality-issues-mandate"));
        }

        @Test
        void a_mandate_needs_its_cost_approval() {
            fixture.given(opened(), consented())
                    .when(cmd(new IssueMandateCommand(SD, MANDATE, RAV, " ", D, Set.of())))
                    .expectNoEvents().expectException(violation("required"));
        }

        @Test
        void an_exclusion_criterion_reported_later_ends_the_phase_and_the_mandate() {
            LocalDate on = D.plusDays(20);
            fixture.given(amiplusRunning())
                    .when(cmd(new ReportExclusionCriterionCommand(RAV, ExclusionCriterion.ENTERING_PRISON, on)))
                    .expectEvents(new ExclusionCriterionReported(MANDATE, ExclusionCriterion.ENTERING_PRISON, on, null),
                            new AmiplusPhaseEnded(MANDATE, 1, on),
                            new CaseAborted(AbortReason.EXCLUSION_CRITERION, ExclusionCriterion.ENTERING_PRISON, on, RAV));
        }
    }

    @Nested
    class Phases {
        @Test
        void the_municipality_decides_only_on_the_phase_report() {
            fixture.given(amiplusRunning())
                    .when(cmd(new DecideContinuationCommand(SD, 1, true, D.plusDays(30), D.plusDays(31),
                            D.plusDays(31).plusMonths(6))))
                    .expectNoEvents().expectException(violation("report-before-decision"));
        }

        @Test
        void continuing_after_phase_1_ends_it_the_day_before_phase_2_starts() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(30), RAV, "dms://r1"));
            fixture.given(given)
                    .when(cmd(new DecideContinuationCommand(SD, 1, true, D.plusDays(35), LocalDate.of(2026, 5, 1),
                            LocalDate.of(2027, 4, 30))))
                    .expectEvents(new AmiplusContinuationDecided(MANDATE, 1, true, D.plusDays(35), SD),
                            new AmiplusPhaseEnded(MANDATE, 1, LocalDate.of(2026, 4, 30)),
                            new AmiplusPhaseStarted(MANDATE, 2, LocalDate.of(2026, 5, 1), LocalDate.of(2027, 4, 30)));
        }

        @Test
        void phase_1_lasts_at_most_2_months() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(30), RAV, "dms://r1"));
            fixture.given(given)
                    .when(cmd(new DecideContinuationCommand(SD, 1, true, D.plusDays(35), D.plusMonths(2).plusDays(1),
                            D.plusMonths(9))))
                    .expectNoEvents().expectException(violation("phase-1-at-most-2-months"));
        }

        @Test
        void phase_2_is_planned_for_4_to_18_months() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(30), RAV, "dms://r1"));
            fixture.given(given)
                    .when(cmd(new DecideContinuationCommand(SD, 1, true, D.plusDays(35), LocalDate.of(2026, 5, 1),
                            LocalDate.of(2026, 8, 30))))
                    .expectNoEvents().expectException(violation("phase-2-4-to-18-months"));
        }

        @Test
        void only_the_commissioning_municipality_decides() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(30), RAV, "dms://r1"));
            fixture.given(given)
                    .when(cmd(new DecideContinuationCommand(RAV, 1, false, D.plusDays(35), null, null)))
                    .expectNoEvents().expectException(violation("municipality-decides"));
        }

        @Test
        void not_continuing_ends_the_phase_on_the_decision_day() {
            List<Object> given = new java.util.ArrayList<>(inPhase(2));
            given.add(new ReportSubmitted("rep-2", ReportKind.INTEGRATION_REPORT, 2, LocalDate.of(2026, 9, 1), RAV, "d"));
            fixture.given(given)
                    .when(cmd(new DecideContinuationCommand(SD, 2, false, LocalDate.of(2026, 9, 10), null, null)))
                    .expectEvents(new AmiplusContinuationDecided(MANDATE, 2, false, LocalDate.of(2026, 9, 10), SD),
                            new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2026, 9, 10)));
        }

        @Test
        void phase_3_is_extended_once_by_up_to_6_months() {
            AmiplusPhaseExtended extension = new AmiplusPhaseExtended(MANDATE, 3, LocalDate.of(2028, 4, 30),
                    LocalDate.of(2028, 10, 30), LocalDate.of(2028, 3, 1), SD);
            fixture.given(inPhase(3))
                    .when(cmd(new ExtendPhaseThreeCommand(SD, LocalDate.of(2028, 10, 30), LocalDate.of(2028, 3, 1))))
                    .expectEvents(extension);
            List<Object> extended = new java.util.ArrayList<>(inPhase(3));
            extended.add(extension);
            setUp();
            fixture.given(extended)
                    .when(cmd(new ExtendPhaseThreeCommand(SD, LocalDate.of(2028, 10, 31), LocalDate.of(2028, 9, 1))))
                    .expectNoEvents().expectException(violation("extension-once"));
        }

        @Test
        void an_extension_beyond_6_months_is_refused() {
            fixture.given(inPhase(3))
                    .when(cmd(new ExtendPhaseThreeCommand(SD, LocalDate.of(2028, 10, 31), LocalDate.of(2028, 3, 1))))
                    .expectNoEvents().expectException(violation("extension-up-to-6-months"));
        }

        @Test
        void progress_reports_belong_to_phase_2() {
            fixture.given(amiplusRunning())
                    .when(cmd(new SubmitReportCommand(RAV, "rep-9", ReportKind.PROGRESS_REPORT, D, "d")))
                    .expectNoEvents().expectException(violation("progress-report-in-phase-2"));
        }

        @Test
        void reports_come_from_the_lead() {
            fixture.given(amiplusRunning())
                    .when(cmd(new SubmitReportCommand(SD, "rep-9", ReportKind.INTEGRATION_REPORT, D, "d")))
                    .expectNoEvents().expectException(violation("lead-reports"));
        }
    }

    @Nested
    class Measures {
        MeasureProposed proposed = new MeasureProposed("mea-1", MeasureKind.COACHING, "Coach AG",
                new BigDecimal("1200.00"), SD, D, RAV);
        MeasureCostApproved approved = new MeasureCostApproved("mea-1", "KG-2", new BigDecimal("1000.00"), SD, D);

        @Test
        void under_amiplus_the_municipality_finances_measures() {
            fixture.given(amiplusRunning())
                    .when(cmd(new ProposeMeasureCommand(RAV, "mea-1", MeasureKind.COACHING, "Coach AG",
                            new BigDecimal("1200.00"), RAV, D)))
                    .expectNoEvents().expectException(violation("amiplus-measures-financed-by-municipality"));
        }

        @Test
        void a_measure_starts_only_after_its_cost_approval() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(proposed);
            fixture.given(given)
                    .when(cmd(new StartMeasureCommand(RAV, "mea-1", D)))
                    .expectNoEvents().expectException(violation("cost-approval-required"));
        }

        @Test
        void only_the_financing_institution_approves() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.add(proposed);
            fixture.given(given)
                    .when(cmd(new ApproveMeasureCostCommand(RAV, "mea-1", "KG-2", new BigDecimal("1000.00"), D)))
                    .expectNoEvents().expectException(violation("financing-institution-decides"));
        }

        @Test
        void a_measure_costs_at_most_its_approval() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.addAll(List.of(proposed, approved, new MeasureStarted("mea-1", D)));
            fixture.given(given)
                    .when(cmd(new CompleteMeasureCommand(RAV, "mea-1", D.plusDays(30), new BigDecimal("1000.01"))))
                    .expectNoEvents().expectException(violation("cost-above-approval"));
            setUp();
            fixture.given(given)
                    .when(cmd(new CompleteMeasureCommand(RAV, "mea-1", D.plusDays(30), new BigDecimal("1000.00"))))
                    .expectEvents(new MeasureCompleted("mea-1", D.plusDays(30), new BigDecimal("1000.00")));
        }

        @Test
        void approved_measures_start() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.addAll(List.of(proposed, approved));
            fixture.given(given).when(cmd(new StartMeasureCommand(RAV, "mea-1", D.plusDays(3))))
                    .expectEvents(new MeasureStarted("mea-1", D.plusDays(3)));
        }
    }

    @Nested
    class Ending {
        @Test
        void an_abort_ends_the_running_phase_and_the_mandate() {
            fixture.given(inPhase(2))
                    .when(cmd(new AbortCaseCommand(SD, AbortReason.LACK_OF_COOPERATION, LocalDate.of(2026, 7, 15))))
                    .expectEvents(new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2026, 7, 15)),
                            new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, LocalDate.of(2026, 7, 15), SD));
        }

        @Test
        void too_long_without_success_applies_in_phases_2_and_3_only() {
            fixture.given(amiplusRunning())
                    .when(cmd(new AbortCaseCommand(SD, AbortReason.TOO_LONG_WITHOUT_SUCCESS, D.plusDays(20))))
                    .expectNoEvents().expectException(violation("too-long-only-in-phases-2-and-3"));
        }

        @Test
        void an_amiplus_case_closes_after_the_final_report() {
            fixture.given(inPhase(3))
                    .when(cmd(new CloseCaseCommand(RAV, CaseOutcome.PERMANENT_JOB_FIRST_LABOUR_MARKET, true,
                            LocalDate.of(2027, 11, 30))))
                    .expectNoEvents().expectException(violation("final-report-required"));
            List<Object> reported = new java.util.ArrayList<>(inPhase(3));
            reported.add(new ReportSubmitted("rep-f", ReportKind.FINAL_REPORT, 3, LocalDate.of(2027, 11, 29), RAV, "d"));
            setUp();
            fixture.given(reported)
                    .when(cmd(new CloseCaseCommand(RAV, CaseOutcome.PERMANENT_JOB_FIRST_LABOUR_MARKET, true,
                            LocalDate.of(2027, 11, 30))))
                    .expectEvents(new AmiplusPhaseEnded(MANDATE, 3, LocalDate.of(2027, 11, 30)),
                            new CaseClosed(CaseOutcome.PERMANENT_JOB_FIRST_LABOUR_MARKET, true,
                                    LocalDate.of(2027, 11, 30), RAV));
        }

        @Test
        void the_lead_closes_the_case() {
            fixture.given(opened(), consented())
                    .when(cmd(new CloseCaseCommand(RAV, CaseOutcome.OTHER, false, D)))
                    .expectNoEvents().expectException(violation("lead-closes"));
        }

        @Test
        void an_ended_case_takes_no_more_commands() {
            fixture.given(opened(), consented(), new CaseClosed(CaseOutcome.OTHER, false, D, SD))
                    .when(cmd(new AgreeIntegrationPlanCommand(SD, D, "dms://plan")))
                    .expectNoEvents().expectException(violation("case-ended"));
        }
    }

    /** Benefits change after intake; referral-service re-runs the cooperation rules on the events. */
    @Nested
    class Entitlements {
        final Entitlement alv = new Entitlement(Benefit.ALV, RAV);

        @Test
        void the_entitled_institution_records_an_entitlement() {
            fixture.given(opened(), consented())
                    .when(cmd(new RecordEntitlementCommand(RAV, alv, D.plusDays(3))))
                    .expectEvents(new EntitlementRecorded(alv, D.plusDays(3)));
        }

        @Test
        void the_lead_records_it_too_but_no_one_else() {
            fixture.given(opened(), consented(), new ParticipantAdded(IV_P, D))
                    .when(cmd(new RecordEntitlementCommand(SD, alv, D.plusDays(3))))
                    .expectEvents(new EntitlementRecorded(alv, D.plusDays(3)));
            setUp();
            fixture.given(opened(), consented(), new ParticipantAdded(IV_P, D))
                    .when(cmd(new RecordEntitlementCommand(IV, alv, D.plusDays(3))))
                    .expectNoEvents().expectException(violation("entitled-institution-or-lead-records"));
        }

        @Test
        void the_entitled_institution_takes_part() {
            fixture.given(opened(), consented())
                    .when(cmd(new RecordEntitlementCommand(SD, new Entitlement(Benefit.IV, IV), D.plusDays(3))))
                    .expectNoEvents().expectException(violation("entitled-institution-participates"));
        }

        @Test
        void an_entitlement_is_recorded_once() {
            fixture.given(opened(), consented(), new EntitlementRecorded(alv, D))
                    .when(cmd(new RecordEntitlementCommand(RAV, alv, D.plusDays(3))))
                    .expectNoEvents().expectException(violation("entitlement-exists"));
        }

        @Test
        void an_entitlement_ends_and_only_one_that_exists() {
            fixture.given(opened(), consented(), new EntitlementRecorded(alv, D))
                    .when(cmd(new EndEntitlementCommand(RAV, alv, D.plusDays(30))))
                    .expectEvents(new EntitlementEnded(alv, D.plusDays(30)));
            setUp();
            fixture.given(opened(), consented())
                    .when(cmd(new EndEntitlementCommand(RAV, alv, D.plusDays(30))))
                    .expectNoEvents().expectException(violation("unknown-entitlement"));
        }
    }

    /** DOMAIN.md "AMIplus, after the plan": the mandate ends, the case stays open with its social services. */
    @Nested
    class AfterTheEnd {
        static final LocalDate END = LocalDate.of(2026, 7, 15);

        List<Object> aborted() {
            List<Object> events = new java.util.ArrayList<>(inPhase(2));
            events.add(new AmiplusPhaseEnded(MANDATE, 2, END));
            events.add(new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, END, SD));
            return events;
        }

        @Test
        void after_an_abort_the_case_stays_open_with_its_social_services() {
            fixture.given(aborted())
                    .when(cmd(new AgreeIntegrationPlanCommand(SD, END.plusDays(5), "dms://plan-2")))
                    .expectEvents(new IntegrationPlanAgreed(1, END.plusDays(5), "dms://plan-2"));
        }

        @Test
        void after_an_exclusion_criterion_the_case_stays_open_too() {
            List<Object> given = new java.util.ArrayList<>(amiplusRunning());
            given.addAll(List.of(new ExclusionCriterionReported(MANDATE, ExclusionCriterion.ENTERING_PRISON, D.plusDays(20), null),
                    new AmiplusPhaseEnded(MANDATE, 1, D.plusDays(20)),
                    new CaseAborted(AbortReason.EXCLUSION_CRITERION, ExclusionCriterion.ENTERING_PRISON, D.plusDays(20), RAV)));
            fixture.given(given)
                    .when(cmd(new AgreeIntegrationPlanCommand(SD, D.plusDays(25), "dms://plan-2")))
                    .expectEvents(new IntegrationPlanAgreed(1, D.plusDays(25), "dms://plan-2"));
        }

        @Test
        void after_a_stop_decision_the_case_stays_open_too() {
            List<Object> given = new java.util.ArrayList<>(inPhase(2));
            given.addAll(List.of(new AmiplusContinuationDecided(MANDATE, 2, false, END, SD),
                    new AmiplusPhaseEnded(MANDATE, 2, END)));
            fixture.given(given)
                    .when(cmd(new AgreeIntegrationPlanCommand(SD, END.plusDays(5), "dms://plan-2")))
                    .expectEvents(new IntegrationPlanAgreed(1, END.plusDays(5), "dms://plan-2"));
        }

        @Test
        void the_rav_that_led_may_still_submit_the_final_report_within_2_months() {
            fixture.given(aborted())
                    .when(cmd(new SubmitReportCommand(RAV, "rep-f", ReportKind.FINAL_REPORT, END.plusMonths(2), "dms://f")))
                    .expectEvents(new ReportSubmitted("rep-f", ReportKind.FINAL_REPORT, 2, END.plusMonths(2), RAV, "dms://f"));
        }

        @Test
        void the_final_report_later_than_2_months_after_the_end_is_refused() {
            fixture.given(aborted())
                    .when(cmd(new SubmitReportCommand(RAV, "rep-f", ReportKind.FINAL_REPORT,
                            END.plusMonths(2).plusDays(1), "dms://f")))
                    .expectNoEvents().expectException(violation("final-report-within-2-months"));
        }

        @Test
        void the_final_report_is_the_only_write_left_to_the_rav() {
            fixture.given(aborted())
                    .when(cmd(new AgreeIntegrationPlanCommand(RAV, END.plusDays(5), "dms://plan-2")))
                    .expectNoEvents().expectException(violation("final-report-only-after-the-end"));
        }

        @Test
        void the_municipality_closes_the_case_after_the_final_report() {
            List<Object> given = new java.util.ArrayList<>(aborted());
            given.add(new ReportSubmitted("rep-f", ReportKind.FINAL_REPORT, 2, END.plusDays(20), RAV, "dms://f"));
            fixture.given(given)
                    .when(cmd(new CloseCaseCommand(SD, CaseOutcome.OTHER, false, END.plusDays(30))))
                    .expectEvents(new CaseClosed(CaseOutcome.OTHER, false, END.plusDays(30), SD));
        }

        @Test
        void without_the_final_report_the_municipality_closes_only_once_its_2_months_passed() {
            fixture.given(aborted())
                    .when(cmd(new CloseCaseCommand(SD, CaseOutcome.OTHER, false, END.plusMonths(2))))
                    .expectNoEvents().expectException(violation("final-report-window-open"));
            setUp();
            fixture.given(aborted())
                    .when(cmd(new CloseCaseCommand(SD, CaseOutcome.OTHER, false, END.plusMonths(2).plusDays(1))))
                    .expectEvents(new CaseClosed(CaseOutcome.OTHER, false, END.plusMonths(2).plusDays(1), SD));
        }

        @Test
        void the_outcome_detached_from_social_assistance_means_detached() {
            fixture.given(opened(), consented())
                    .when(cmd(new CloseCaseCommand(SD, CaseOutcome.DETACHED_FROM_SOCIAL_ASSISTANCE, false, D)))
                    .expectNoEvents().expectException(violation("detached-outcome-detaches"));
            setUp();
            fixture.given(opened(), consented())
                    .when(cmd(new CloseCaseCommand(SD, CaseOutcome.DETACHED_FROM_SOCIAL_ASSISTANCE, true, D)))
                    .expectEvents(new CaseClosed(CaseOutcome.DETACHED_FROM_SOCIAL_ASSISTANCE, true, D, SD));
        }
    }

    /** DOMAIN.md: who may abort, by reason. */
    @Nested
    class WhoAborts {
        List<Object> withIv() {
            List<Object> events = new java.util.ArrayList<>(inPhase(2));
            events.add(new ParticipantAdded(IV_P, D));
            return events;
        }

        @Test
        void the_municipality_aborts_on_its_request_and_for_no_cost_approval() {
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(RAV, AbortReason.MUNICIPALITY_REQUEST, LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("municipality-aborts-for-this-reason"));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(RAV, AbortReason.NO_COST_APPROVAL, LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("municipality-aborts-for-this-reason"));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(SD, AbortReason.NO_COST_APPROVAL, LocalDate.of(2026, 7, 15))))
                    .expectEvents(new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2026, 7, 15)),
                            new CaseAborted(AbortReason.NO_COST_APPROVAL, null, LocalDate.of(2026, 7, 15), SD));
        }

        @Test
        void the_rav_aborts_on_its_decision_after_consultation_and_the_advisors_assessment() {
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(SD, AbortReason.INTEGRATION_ADVISOR_ASSESSMENT, LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("rav-aborts-for-this-reason"));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(SD, AbortReason.RAV_DECISION_AFTER_CONSULTATION, LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("rav-aborts-for-this-reason"));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(RAV, AbortReason.RAV_DECISION_AFTER_CONSULTATION, LocalDate.of(2026, 7, 15))))
                    .expectEvents(new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2026, 7, 15)),
                            new CaseAborted(AbortReason.RAV_DECISION_AFTER_CONSULTATION, null, LocalDate.of(2026, 7, 15), RAV));
        }

        @Test
        void either_aborts_for_the_other_reasons_but_no_one_else() {
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(RAV, AbortReason.CLIENT_MOVED_AWAY, LocalDate.of(2026, 7, 15))))
                    .expectEvents(new AmiplusPhaseEnded(MANDATE, 2, LocalDate.of(2026, 7, 15)),
                            new CaseAborted(AbortReason.CLIENT_MOVED_AWAY, null, LocalDate.of(2026, 7, 15), RAV));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new AbortCaseCommand(IV, AbortReason.LACK_OF_COOPERATION, LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("mandate-parties-abort"));
        }

        @Test
        void an_exclusion_criterion_is_reported_by_the_municipality_or_the_rav_only() {
            fixture.given(withIv())
                    .when(cmd(new ReportExclusionCriterionCommand(IV, ExclusionCriterion.ACUTE_ADDICTION,
                            LocalDate.of(2026, 7, 15))))
                    .expectNoEvents().expectException(violation("mandate-parties-abort"));
            setUp();
            fixture.given(withIv())
                    .when(cmd(new ReportExclusionCriterionCommand(SD, ExclusionCriterion.ACUTE_ADDICTION,
                            LocalDate.of(2026, 7, 15), SEALED)))
                    .expectSuccessfulHandlerExecution();
        }
    }

    /** OPTIMA: before a measure in a case led under a handover, the commissioning institution approves the cost. */
    @Nested
    class MeasuresUnderAHandover {
        static final String SD_LU = "SD-LU-SURSEE";
        static final String RAV_LU = "RAV-LU-SURSEE";
        static final String IV_LU = "IV-LU-WAS";

        List<Object> ledUnderAHandover() {
            return List.of(
                    new CaseOpened("cl-LU1234", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, SD_LU, D, "LU", false,
                            List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD_LU), new Entitlement(Benefit.ALV, RAV_LU)),
                            List.of(new Participant(SD_LU, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                                    new Participant(RAV_LU, InstitutionType.RAV, "LU", null),
                                    new Participant(IV_LU, InstitutionType.IV, "LU", null))),
                    new ConsentRecorded("cons-1", D, List.of(SD_LU, RAV_LU, IV_LU), "dms://c"),
                    new CaseLeadChanged(SD_LU, IV_LU, D, LeadBasis.OPTIMA_HANDOVER, UUID.randomUUID(), "ho-1", List.of()),
                    new MeasureProposed("mea-1", MeasureKind.COACHING, "Coach LU", new BigDecimal("800.00"), RAV_LU, D, IV_LU));
        }

        @Test
        void the_financing_institution_waits_for_the_commissioning_institutions_approval() {
            fixture.given(ledUnderAHandover())
                    .when(cmd(new ApproveMeasureCostCommand(RAV_LU, "mea-1", "KG-R", new BigDecimal("800.00"), D)))
                    .expectNoEvents().expectException(violation("commissioning-approves-first"));
        }

        @Test
        void the_measure_starts_after_both_approvals() {
            List<Object> given = new java.util.ArrayList<>(ledUnderAHandover());
            given.add(new MeasureCostApproved("mea-1", "KG-C", new BigDecimal("800.00"), SD_LU, D));
            fixture.given(given)
                    .when(cmd(new StartMeasureCommand(IV_LU, "mea-1", D.plusDays(1))))
                    .expectNoEvents().expectException(violation("cost-approval-required"));
            setUp();
            fixture.given(given)
                    .when(cmd(new ApproveMeasureCostCommand(RAV_LU, "mea-1", "KG-R", new BigDecimal("800.00"), D)))
                    .expectEvents(new MeasureCostApproved("mea-1", "KG-R", new BigDecimal("800.00"), RAV_LU, D));
            given.add(new MeasureCostApproved("mea-1", "KG-R", new BigDecimal("800.00"), RAV_LU, D));
            setUp();
            fixture.given(given)
                    .when(cmd(new StartMeasureCommand(IV_LU, "mea-1", D.plusDays(1))))
                    .expectEvents(new MeasureStarted("mea-1", D.plusDays(1)));
        }

        @Test
        void the_commissioning_institution_approves_first() {
            fixture.given(ledUnderAHandover())
                    .when(cmd(new ApproveMeasureCostCommand(SD_LU, "mea-1", "KG-C", new BigDecimal("800.00"), D)))
                    .expectEvents(new MeasureCostApproved("mea-1", "KG-C", new BigDecimal("800.00"), SD_LU, D));
        }
    }

    @Nested
    class Lead {
        UUID decision = UUID.randomUUID();

        @Test
        void a_lead_decision_becomes_the_cases_own_event() {
            fixture.given(opened(), consented())
                    .when(cmd(new ApplyLeadDecisionCommand("REFERRAL", decision, RAV, D, LeadBasis.AMIPLUS_MANDATE,
                            null, List.of())))
                    .expectEvents(new CaseLeadChanged(SD, RAV, D, LeadBasis.AMIPLUS_MANDATE, decision, null, List.of()));
        }

        @Test
        void the_same_decision_twice_changes_nothing() {
            fixture.given(opened(), consented(),
                            new CaseLeadChanged(SD, RAV, D, LeadBasis.AMIPLUS_MANDATE, decision, null, List.of()))
                    .when(cmd(new ApplyLeadDecisionCommand("REFERRAL", decision, IV, D, LeadBasis.AARGAU_IV_ALV,
                            null, List.of())))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void the_lead_goes_only_to_a_participant_within_the_consent() {
            fixture.given(opened(), consented())
                    .when(cmd(new ApplyLeadDecisionCommand("REFERRAL", decision, OTHER, D, LeadBasis.OPTIMA_HANDOVER,
                            "ho-1", List.of())))
                    .expectNoEvents().expectException(violation("lead-participates"));
        }

        @Test
        void a_decision_after_the_case_ended_changes_nothing() {
            fixture.given(opened(), consented(), new CaseClosed(CaseOutcome.OTHER, false, D, SD))
                    .when(cmd(new ApplyLeadDecisionCommand("REFERRAL", decision, RAV, D, LeadBasis.OPTIMA_RETURN,
                            null, List.of())))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }
    }

    @Nested
    class PersonalData {

        static final String BASIS = "Art. 32 DSG: request of the client";

        @Test
        void the_opening_institution_erases_on_a_legal_basis_even_after_the_case_closed() {
            fixture.given(opened(), consented(), new CaseClosed(CaseOutcome.OTHER, false, D, SD))
                    .when(cmd(new ErasePersonalDataCommand(SD, BASIS, D.plusDays(9))))
                    .expectEvents(new PersonalDataErased("cl-7Q2ZK4", BASIS, SD, D.plusDays(9)));
        }

        @Test
        void nobody_else_erases_and_not_twice_and_not_without_a_legal_basis() {
            fixture.given(opened(), consented())
                    .when(cmd(new ErasePersonalDataCommand(RAV, BASIS, D)))
                    .expectNoEvents().expectException(violation("opener-erases"));
            fixture.given(opened(), consented(), new PersonalDataErased("cl-7Q2ZK4", BASIS, SD, D))
                    .when(cmd(new ErasePersonalDataCommand(SD, BASIS, D)))
                    .expectNoEvents().expectException(violation("already-erased"));
            fixture.given(opened(), consented())
                    .when(cmd(new ErasePersonalDataCommand(SD, " ", D)))
                    .expectNoEvents().expectException(violation("required"));
        }

        @Test
        void a_revoked_consent_removes_participants_with_the_sealed_reason() {
            fixture.given(opened(), consented())
                    .when(cmd(new RevokeConsentCommand(SD, "cons-1", D.plusDays(3), SEALED)))
                    .expectEvents(new ConsentRevoked("cons-1", D.plusDays(3)),
                            new ParticipantRemoved(RAV, D.plusDays(3), SEALED));
        }
    }
}
