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
import java.util.UUID;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

/** Every rule of every cooperation model, given/when/then on the case's lead aggregate, refusals included. */
class CaseLeadAggregateTest {

    static final String CASE = "case-1";
    static final LocalDate D = LocalDate.of(2026, 3, 2);

    FixtureConfiguration<CaseLeadAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseLeadAggregate.class);
    }

    static TargetedCommand cmd(LeadCommand command) {
        return new TargetedCommand(CASE, null, command);
    }

    static ObserveCaseEvent observe(CaseEvent event) {
        return new ObserveCaseEvent(UUID.nameUUIDFromBytes(event.toString().getBytes()), event, D);
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

    static Participant p(String id, InstitutionType type) {
        return new Participant(id, type, id.substring(id.indexOf('-') + 1, id.indexOf('-') + 3), null);
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
