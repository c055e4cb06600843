package ch.iiz.referral.axon;

import ch.iiz.axon.TargetedCommand;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.*;
import ch.iiz.referral.domain.CaseFacts;
import ch.iiz.referral.domain.CaseFactsObserved;
import ch.iiz.referral.domain.LeadCommand;
import ch.iiz.referral.domain.LeadCommand.*;
import ch.iiz.service.rules.RuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static ch.iiz.referral.support.LeadFixtures.D;
import static ch.iiz.referral.support.LeadFixtures.observe;
import static ch.iiz.referral.support.LeadFixtures.p;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

/** Every rule of every cooperation model, given/when/then on the case's lead aggregate, refusals included. */
class CaseLeadAggregateTest {

    static final String CASE = "case-1";

    FixtureConfiguration<CaseLeadAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseLeadAggregate.class);
    }

    static TargetedCommand cmd(LeadCommand command) {
        return new TargetedCommand(CASE, null, command);
    }

    /** The stored facts after these case events, as the aggregate would have recorded them. */
    static List<Object> observed(CaseEvent... events) {
        List<Object> out = new ArrayList<>();
        CaseFacts facts = CaseFacts.unknown();
        for (CaseEvent e : events) {
            facts = facts.apply(e);
            out.add(new CaseFactsObserved(observe(e).eventId(), facts));
        }
        return out;
    }

    static CaseOpened opened(CooperationModel model, Program program, String opener, boolean under25,
                             List<Entitlement> entitlements, Participant... participants) {
        return new CaseOpened("cl-1234", model, program, opener, D, "XX", under25, entitlements, Arrays.asList(participants));
    }

    static ConsentRecorded consent(String... ids) {
        return new ConsentRecorded("cons-1", D, List.of(ids), "dms://c");
    }

    static Matcher<Throwable> violation(String rule) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return item instanceof RuleViolation v && v.rule().equals(rule);
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("RuleViolation " + rule);
            }
        };
    }

    @SafeVarargs
    static Matcher<List<?>> factsThen(Matcher<?>... decisions) {
        List<Matcher<?>> all = new ArrayList<>();
        all.add(instanceOf(CaseFactsObserved.class));
        all.addAll(Arrays.asList(decisions));
        all.add(andNoMore());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Matcher<List<?>> sequence = (Matcher) exactSequenceOf(all.toArray(Matcher[]::new));
        return sequence;
    }

    @Nested
    class Aargau {
        static final String RAV = "RAV-AG-AARAU";
        static final String IV = "IV-AG-SVA";
        static final String SD = "SD-AG-MENZIKEN";

        @Test
        void a_client_with_alv_and_iv_is_led_by_the_iv_office() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.COOPERATION, RAV, false,
                    List.of(new Entitlement(Benefit.ALV, RAV), new Entitlement(Benefit.IV, IV)),
                    p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV));
            fixture.given(observed(consentFirst(opened)))
                    .when(cmd(observe(opened)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(opened).eventId(), IV, D, LeadBasis.AARGAU_IV_ALV, null, null, List.of())))));
        }

        /** A consent recorded before the opening is only possible in a test; it lets the rule see consent at once. */
        CaseEvent consentFirst(CaseOpened opened) {
            return consent(RAV, IV);
        }

        @Test
        void alv_alone_keeps_the_opener_leading() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.COOPERATION, RAV, false,
                    List.of(new Entitlement(Benefit.ALV, RAV)), p(RAV, InstitutionType.RAV));
            fixture.givenNoPriorActivity()
                    .when(cmd(observe(opened)))
                    .expectEventsMatching(payloadsMatching(factsThen()));
        }

        @Test
        void under_an_amiplus_mandate_the_rav_leads_and_the_municipality_pays() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.AMIPLUS, SD, false,
                    List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), p(SD, InstitutionType.SOCIAL_SERVICES),
                    p(RAV, InstitutionType.RAV));
            AmiplusMandateIssued mandate = new AmiplusMandateIssued("m", SD, RAV, "KG", D);
            fixture.given(observed(opened, consent(SD, RAV)))
                    .when(cmd(observe(mandate)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(mandate).eventId(), RAV, D, LeadBasis.AMIPLUS_MANDATE, SD, null, List.of())))));
        }

        @Test
        void when_the_municipality_stops_amiplus_it_leads_again() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.AMIPLUS, SD, false, List.of(),
                    p(SD, InstitutionType.SOCIAL_SERVICES), p(RAV, InstitutionType.RAV));
            AmiplusMandateIssued mandate = new AmiplusMandateIssued("m", SD, RAV, "KG", D);
            List<Object> given = new ArrayList<>(observed(opened, consent(SD, RAV), mandate));
            given.add(new LeadDecided("d1", RAV, D, LeadBasis.AMIPLUS_MANDATE, SD, null, List.of()));
            AmiplusContinuationDecided stop = new AmiplusContinuationDecided("m", 1, false, D.plusDays(40), SD);
            fixture.given(given)
                    .when(cmd(observe(stop)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(stop).eventId(), SD, D.plusDays(41), LeadBasis.AMIPLUS_MANDATE_ENDED, null,
                            null, List.of())))));
        }

        List<Object> amiplusLedByTheRav() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.AMIPLUS, SD, false,
                    List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), p(SD, InstitutionType.SOCIAL_SERVICES),
                    p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV));
            List<Object> given = new ArrayList<>(observed(opened, consent(SD, RAV, IV),
                    new AmiplusMandateIssued("m", SD, RAV, "KG", D)));
            given.add(new LeadDecided("d1", RAV, D, LeadBasis.AMIPLUS_MANDATE, SD, null, List.of()));
            return given;
        }

        @Test
        void when_amiplus_is_aborted_the_lead_returns_to_the_municipality_and_the_case_stays_open() {
            CaseAborted aborted = new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, D.plusDays(40), SD);
            fixture.given(amiplusLedByTheRav())
                    .when(cmd(observe(aborted)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(aborted).eventId(), SD, D.plusDays(41), LeadBasis.AMIPLUS_MANDATE_ENDED,
                            null, null, List.of())))));
        }

        @Test
        void an_exclusion_criterion_later_returns_the_lead_to_the_municipality_too() {
            CaseAborted aborted = new CaseAborted(AbortReason.EXCLUSION_CRITERION,
                    ExclusionCriterion.ENTERING_PRISON, D.plusDays(20), RAV);
            fixture.given(amiplusLedByTheRav())
                    .when(cmd(observe(aborted)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(aborted).eventId(), SD, D.plusDays(21), LeadBasis.AMIPLUS_MANDATE_ENDED,
                            null, null, List.of())))));
        }

        @Test
        void after_the_abort_the_case_is_still_open_and_the_cooperation_rules_apply() {
            List<Object> given = amiplusLedByTheRav();
            CaseAborted aborted = new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, D.plusDays(40), SD);
            given.addAll(observed(opened(CooperationModel.AARGAU, Program.AMIPLUS, SD, false,
                            List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), p(SD, InstitutionType.SOCIAL_SERVICES),
                            p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV)), consent(SD, RAV, IV),
                    new AmiplusMandateIssued("m", SD, RAV, "KG", D), aborted,
                    new EntitlementRecorded(new Entitlement(Benefit.ALV, RAV), D.plusDays(50))));
            given.add(new LeadDecided("d2", SD, D.plusDays(41), LeadBasis.AMIPLUS_MANDATE_ENDED, null, null, List.of()));
            EntitlementRecorded iv = new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(60));
            fixture.given(given)
                    .when(cmd(observe(iv)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(iv).eventId(), IV, D.plusDays(60), LeadBasis.AARGAU_IV_ALV, null, null,
                            List.of())))));
        }

        List<Object> ledByTheIvOffice() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.COOPERATION, RAV, false,
                    List.of(new Entitlement(Benefit.ALV, RAV)), p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV));
            List<Object> given = new ArrayList<>(observed(opened, consent(RAV, IV),
                    new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(5))));
            given.add(new LeadDecided("d1", IV, D.plusDays(5), LeadBasis.AARGAU_IV_ALV, null, null, List.of()));
            return given;
        }

        @Test
        void an_iv_entitlement_recorded_after_intake_makes_the_iv_office_lead() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.COOPERATION, RAV, false,
                    List.of(new Entitlement(Benefit.ALV, RAV)), p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV));
            EntitlementRecorded iv = new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(5));
            fixture.given(observed(opened, consent(RAV, IV)))
                    .when(cmd(observe(iv)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(iv).eventId(), IV, D.plusDays(5), LeadBasis.AARGAU_IV_ALV, null, null,
                            List.of())))));
        }

        @Test
        void when_the_iv_entitlement_ends_the_opener_leads_again() {
            EntitlementEnded ended = new EntitlementEnded(new Entitlement(Benefit.IV, IV), D.plusDays(90));
            fixture.given(ledByTheIvOffice())
                    .when(cmd(observe(ended)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(ended).eventId(), RAV, D.plusDays(90), LeadBasis.ENTITLEMENTS_CHANGED,
                            null, null, List.of())))));
        }

        @Test
        void when_the_consent_stops_naming_the_lead_the_opener_leads_that_day() {
            ConsentRevoked revoked = new ConsentRevoked("cons-1", D.plusDays(30));
            fixture.given(ledByTheIvOffice())
                    .when(cmd(observe(revoked)))
                    .expectEventsMatching(payloadsMatching(factsThen(equalTo(new LeadDecided(
                            "dec-" + observe(revoked).eventId(), RAV, D.plusDays(30), LeadBasis.CONSENT_WITHDRAWN,
                            null, null, List.of())))));
        }

        @Test
        void the_same_case_event_twice_changes_nothing() {
            CaseOpened opened = opened(CooperationModel.AARGAU, Program.COOPERATION, RAV, false, List.of(),
                    p(RAV, InstitutionType.RAV));
            fixture.given(observed(opened)).when(cmd(observe(opened))).expectSuccessfulHandlerExecution().expectNoEvents();
        }
    }

    @Nested
    class LuzernOptima {
        static final String RAV = "RAV-LU-SURSEE";
        static final String IV = "IV-LU-WAS";
        static final String SD = "SD-LU-SURSEE";
        final CaseOpened opened = opened(CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, RAV, false,
                List.of(new Entitlement(Benefit.ALV, RAV)), p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV),
                p(SD, InstitutionType.SOCIAL_SERVICES));
        final LeadHandoverProposed proposed = new LeadHandoverProposed("ho-1", CooperationModel.LUZERN_OPTIMA, RAV, RAV,
                IV, "health first", D, D.plusDays(14), D.plusMonths(6));

        List<Object> base() {
            return new ArrayList<>(observed(opened, consent(RAV, IV)));
        }

        List<Object> withProposal() {
            List<Object> given = base();
            given.add(proposed);
            return given;
        }

        List<Object> withAccepted() {
            List<Object> given = withProposal();
            given.add(new LeadHandoverAccepted("ho-1", IV, D.plusDays(3), D.plusDays(3), D.plusMonths(6)));
            given.add(new LeadDecided("dec-ho-1-accepted", IV, D.plusDays(3), LeadBasis.OPTIMA_HANDOVER, RAV, "ho-1",
                    List.of()));
            return given;
        }

        @Test
        void a_participant_proposes_a_time_limited_handover_with_a_reason() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", IV, "health first", D, D.plusDays(14), D.plusMonths(6))))
                    .expectEvents(proposed);
        }

        @Test
        void no_proposal_to_an_institution_outside_the_consent() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", SD, "social first", D, D.plusDays(14), D.plusMonths(6))))
                    .expectNoEvents().expectException(violation("consent-required"));
        }

        @Test
        void only_participants_propose() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover("RAV-LU-LUZERN", "ho-1", IV, "x", D, D.plusDays(14), D.plusMonths(6))))
                    .expectNoEvents().expectException(violation("participants-only"));
        }

        @Test
        void a_reason_is_required() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", IV, " ", D, D.plusDays(14), D.plusMonths(6))))
                    .expectNoEvents().expectException(violation("required"));
        }

        @Test
        void acceptance_hands_over_the_lead_once() {
            fixture.given(withProposal())
                    .when(cmd(new AcceptHandover(IV, "ho-1", D.plusDays(3))))
                    .expectEvents(new LeadHandoverAccepted("ho-1", IV, D.plusDays(3), D.plusDays(3), D.plusMonths(6)),
                            new LeadDecided("dec-ho-1-accepted", IV, D.plusDays(3), LeadBasis.OPTIMA_HANDOVER, RAV,
                                    "ho-1", List.of()));
        }

        @Test
        void only_the_proposed_institution_answers() {
            fixture.given(withProposal())
                    .when(cmd(new AcceptHandover(RAV, "ho-1", D.plusDays(3))))
                    .expectNoEvents().expectException(violation("proposed-institution-answers"));
        }

        @Test
        void an_answer_after_the_deadline_is_too_late() {
            fixture.given(withProposal())
                    .when(cmd(new AcceptHandover(IV, "ho-1", D.plusDays(15))))
                    .expectNoEvents().expectException(violation("answer-deadline-passed"));
        }

        @Test
        void a_decline_needs_a_reason() {
            fixture.given(withProposal())
                    .when(cmd(new DeclineHandover(IV, "ho-1", "no capacity", D.plusDays(2))))
                    .expectEvents(new LeadHandoverDeclined("ho-1", IV, D.plusDays(2), "no capacity", false));
        }

        @Test
        void silence_past_the_deadline_counts_as_declined() {
            fixture.given(withProposal())
                    .when(cmd(new ExpireDue(D.plusDays(15))))
                    .expectEvents(new LeadHandoverDeclined("ho-1", IV, D.plusDays(15), "no answer by " + D.plusDays(14),
                            true));
        }

        @Test
        void when_a_handover_ends_the_lead_returns_to_the_commissioning_institution() {
            fixture.given(withAccepted())
                    .when(cmd(new ExpireDue(D.plusMonths(6).plusDays(1))))
                    .expectEvents(new LeadHandoverEnded("ho-1", D.plusMonths(6), RAV, HandoverEndReason.EXPIRED),
                            new LeadDecided("dec-ho-1-returned", RAV, D.plusMonths(6).plusDays(1), LeadBasis.OPTIMA_RETURN,
                                    RAV, "ho-1", List.of()));
        }

        @Test
        void nothing_expires_early() {
            fixture.given(withAccepted()).when(cmd(new ExpireDue(D.plusMonths(6)))).expectNoEvents();
        }

        @Test
        void a_running_handover_is_extended_before_it_ends() {
            fixture.given(withAccepted())
                    .when(cmd(new ExtendHandover(RAV, "ho-1", D.plusMonths(9), D.plusMonths(5))))
                    .expectEvents(new LeadHandoverExtended("ho-1", RAV, D.plusMonths(5), D.plusMonths(6), D.plusMonths(9)));
            setUp();
            fixture.given(withAccepted())
                    .when(cmd(new ExtendHandover(RAV, "ho-1", D.plusMonths(9), D.plusMonths(6).plusDays(1))))
                    .expectNoEvents().expectException(violation("extend-before-end"));
        }

        @Test
        void only_the_leading_institution_proposes() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(IV, "ho-1", RAV, "x", D, D.plusDays(14), D.plusMonths(6))))
                    .expectNoEvents().expectException(violation("lead-proposes"));
        }

        @Test
        void never_to_itself() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", RAV, "x", D, D.plusDays(14), D.plusMonths(6))))
                    .expectNoEvents().expectException(violation("not-to-itself"));
        }

        @Test
        void a_handover_is_planned_for_at_most_12_months() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", IV, "x", D, D.plusDays(14), D.plusMonths(12))))
                    .expectNoEvents().expectException(violation("handover-max-duration"));
            setUp();
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", IV, "x", D, D.plusDays(14), D.plusMonths(12).minusDays(1))))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void the_maximum_is_configurable() {
            fixture.given(base())
                    .when(cmd(new ProposeHandover(RAV, "ho-1", IV, "x", D, D.plusDays(14), D.plusMonths(7), 6)))
                    .expectNoEvents().expectException(violation("handover-max-duration"));
        }

        @Test
        void only_the_commissioning_institution_extends() {
            fixture.given(withAccepted())
                    .when(cmd(new ExtendHandover(IV, "ho-1", D.plusMonths(9), D.plusMonths(5))))
                    .expectNoEvents().expectException(violation("commissioning-extends"));
        }

        @Test
        void extensions_included_a_handover_lasts_at_most_12_months() {
            LocalDate first = D.plusDays(3);
            fixture.given(withAccepted())
                    .when(cmd(new ExtendHandover(RAV, "ho-1", first.plusMonths(12), D.plusMonths(5))))
                    .expectNoEvents().expectException(violation("handover-max-duration"));
            setUp();
            fixture.given(withAccepted())
                    .when(cmd(new ExtendHandover(RAV, "ho-1", first.plusMonths(12).minusDays(1), D.plusMonths(5))))
                    .expectEvents(new LeadHandoverExtended("ho-1", RAV, D.plusMonths(5), D.plusMonths(6),
                            first.plusMonths(12).minusDays(1)));
        }

        @Test
        void an_extension_checks_the_consent_again() {
            List<Object> given = new ArrayList<>(observed(opened, consent(RAV, IV), new ConsentRevoked("cons-1", D)));
            given.add(proposed);
            given.add(new LeadHandoverAccepted("ho-1", IV, D.plusDays(3), D.plusDays(3), D.plusMonths(6)));
            given.add(new LeadDecided("dec-ho-1-accepted", IV, D.plusDays(3), LeadBasis.OPTIMA_HANDOVER, RAV, "ho-1",
                    List.of()));
            fixture.given(given)
                    .when(cmd(new ExtendHandover(RAV, "ho-1", D.plusMonths(9), D.plusMonths(5))))
                    .expectNoEvents().expectException(violation("consent-required"));
        }

        @Test
        void the_commissioning_institution_recalls_the_handover_early() {
            fixture.given(withAccepted())
                    .when(cmd(new RecallHandover(RAV, "ho-1", D.plusMonths(2))))
                    .expectEvents(new LeadHandoverEnded("ho-1", D.plusMonths(2).minusDays(1), RAV, HandoverEndReason.RECALLED),
                            new LeadDecided("dec-ho-1-recalled", RAV, D.plusMonths(2), LeadBasis.OPTIMA_RETURN, RAV,
                                    "ho-1", List.of()));
        }

        @Test
        void only_the_commissioning_institution_recalls_a_running_handover() {
            fixture.given(withAccepted())
                    .when(cmd(new RecallHandover(IV, "ho-1", D.plusMonths(2))))
                    .expectNoEvents().expectException(violation("commissioning-recalls"));
            setUp();
            fixture.given(withProposal())
                    .when(cmd(new RecallHandover(RAV, "ho-1", D.plusDays(2))))
                    .expectNoEvents().expectException(violation("handover-running-required"));
        }

        @Test
        void when_the_consent_stops_naming_the_lead_the_handover_ends_and_the_lead_returns_that_day() {
            ConsentRevoked revoked = new ConsentRevoked("cons-1", D.plusMonths(1));
            fixture.given(withAccepted())
                    .when(cmd(observe(revoked)))
                    .expectEventsMatching(payloadsMatching(factsThen(
                            equalTo(new LeadHandoverEnded("ho-1", D.plusMonths(1).minusDays(1), RAV,
                                    HandoverEndReason.CONSENT_WITHDRAWN)),
                            equalTo(new LeadDecided("dec-" + observe(revoked).eventId(), RAV, D.plusMonths(1),
                                    LeadBasis.OPTIMA_RETURN, RAV, "ho-1", List.of())))));
        }

        @Test
        void a_closed_case_ends_every_open_proposal() {
            List<Object> given = withProposal();
            given.add(new LeadHandoverProposed("ho-2", CooperationModel.LUZERN_OPTIMA, RAV, RAV, IV, "x", D,
                    D.plusDays(14), D.plusMonths(6)));
            CaseClosed closed = new CaseClosed(CaseOutcome.OTHER, false, D.plusDays(5), RAV);
            fixture.given(given)
                    .when(cmd(observe(closed)))
                    .expectEventsMatching(payloadsMatching(factsThen(
                            equalTo(new LeadHandoverCancelled("ho-1", D.plusDays(5), "the case ended")),
                            equalTo(new LeadHandoverCancelled("ho-2", D.plusDays(5), "the case ended")))));
        }

        @Test
        void handovers_belong_to_optima() {
            CaseOpened aargau = opened(CooperationModel.AARGAU, Program.COOPERATION, "RAV-AG-AARAU", false, List.of(),
                    p("RAV-AG-AARAU", InstitutionType.RAV), p("IV-AG-SVA", InstitutionType.IV));
            fixture.given(observed(aargau, consent("RAV-AG-AARAU", "IV-AG-SVA")))
                    .when(cmd(new ProposeHandover("RAV-AG-AARAU", "ho-1", "IV-AG-SVA", "x", D, D.plusDays(1), D.plusDays(9))))
                    .expectNoEvents().expectException(violation("optima-only"));
        }
    }

    @Nested
    class Hessen {
        static final String AMB = "AMB-HE-KASSEL";
        static final String JC = "JC-HE-KASSEL";
        static final String AA = "AA-HE-KASSEL";
        static final String JBH = "JBH-HE-KASSEL";

        @Test
        void a_refugee_office_routes_the_person_to_the_competent_institution() {
            CaseOpened opened = opened(CooperationModel.HESSEN, Program.COOPERATION, AMB, false, List.of(),
                    p(AMB, InstitutionType.REFUGEE_LABOUR_OFFICE), p(JC, InstitutionType.JOBCENTER));
            fixture.given(observed(opened, consent(AMB, JC)))
                    .when(cmd(new RouteClient(AMB, "rt-1", JC, D)))
                    .expectEvents(new ClientRouted("rt-1", AMB, JC, D),
                            new LeadDecided("dec-rt-1", JC, D, LeadBasis.HESSEN_ROUTING, null, null, List.of()));
        }

        @Test
        void only_a_refugee_office_routes() {
            CaseOpened opened = opened(CooperationModel.HESSEN, Program.COOPERATION, JC, false, List.of(),
                    p(JC, InstitutionType.JOBCENTER), p(AA, InstitutionType.EMPLOYMENT_AGENCY));
            fixture.given(observed(opened, consent(JC, AA)))
                    .when(cmd(new RouteClient(JC, "rt-1", AA, D)))
                    .expectNoEvents().expectException(violation("routing-office-routes"));
        }

        @Test
        void a_youth_agency_case_has_co_leads_and_one_coordinating_lead() {
            CaseOpened opened = opened(CooperationModel.HESSEN, Program.COOPERATION, JC, true, List.of(),
                    p(JC, InstitutionType.JOBCENTER), p(AA, InstitutionType.EMPLOYMENT_AGENCY),
                    p(JBH, InstitutionType.YOUTH_SERVICES));
            fixture.given(observed(opened, consent(JC, AA, JBH)))
                    .when(cmd(new FormYouthAgency(JC, JC, List.of(AA, JBH), D)))
                    .expectEvents(new LeadDecided("dec-youth-1", JC, D, LeadBasis.HESSEN_YOUTH_AGENCY, null, null,
                            List.of(AA, JBH)));
        }

        @Test
        void youth_agencies_serve_clients_under_25() {
            CaseOpened opened = opened(CooperationModel.HESSEN, Program.COOPERATION, JC, false, List.of(),
                    p(JC, InstitutionType.JOBCENTER), p(AA, InstitutionType.EMPLOYMENT_AGENCY));
            fixture.given(observed(opened, consent(JC, AA)))
                    .when(cmd(new FormYouthAgency(JC, JC, List.of(AA), D)))
                    .expectNoEvents().expectException(violation("youth-agency-under-25"));
        }
    }
}
