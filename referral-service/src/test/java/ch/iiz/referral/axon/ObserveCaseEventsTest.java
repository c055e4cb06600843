package ch.iiz.referral.axon;

import ch.iiz.axon.CommandBatch;
import ch.iiz.axon.EventMetadata;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverEnded;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.referral.domain.CaseFactsObserved;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvent;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvents;
import ch.iiz.referral.domain.LeadDecider;
import ch.iiz.referral.domain.LeadState;
import ch.iiz.referral.support.LeadFixtures;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static ch.iiz.referral.support.LeadFixtures.D;
import static ch.iiz.referral.support.LeadFixtures.observe;
import static ch.iiz.referral.support.LeadFixtures.p;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case events of one poll decided together ({@link ObserveCaseEvents}, the consumer's batch) give exactly the
 * events that observing them one at a time gives, from any point of a case's story, and leave the state they were
 * decided on unchanged; the aggregate stores them with each case event's own cause, on top of streams stored one
 * command per case event.
 */
class ObserveCaseEventsTest {

    static final String CASE = "case-1";

    static final String RAV = "RAV-AG-AARAU";
    static final String IV = "IV-AG-SVA";
    static final String SD = "SD-AG-MENZIKEN";
    static final String RAV_LU = "RAV-LU-SURSEE";
    static final String IV_LU = "IV-LU-WAS";

    FixtureConfiguration<CaseLeadAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseLeadAggregate.class);
    }

    /** Aargau: the IV office leads while ALV and IV are both there, the opener again when they are not, consent. */
    static List<CaseEvent> aargau() {
        return List.of(
                new CaseOpened("cl-1", CooperationModel.AARGAU, Program.COOPERATION, RAV, D, "AG", false,
                        List.of(new Entitlement(Benefit.ALV, RAV)),
                        List.of(p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV), p(SD, InstitutionType.SOCIAL_SERVICES))),
                new ConsentRecorded("cons-1", D, List.of(RAV, IV), "dms://c"),
                new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(5)),
                new EntitlementEnded(new Entitlement(Benefit.IV, IV), D.plusDays(90)),
                new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(100)),
                new ConsentRevoked("cons-1", D.plusDays(120)),
                new ConsentRecorded("cons-2", D.plusDays(121), List.of(RAV, IV, SD), "dms://c2"),
                new CaseClosed(CaseOutcome.OTHER, false, D.plusDays(200), RAV));
    }

    /** AMIplus: the RAV leads under the mandate, the municipality again when it ends, then the abort. */
    static List<CaseEvent> amiplus() {
        return List.of(
                new CaseOpened("cl-2", CooperationModel.AARGAU, Program.AMIPLUS, SD, D, "AG", false,
                        List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                        List.of(p(SD, InstitutionType.SOCIAL_SERVICES), p(RAV, InstitutionType.RAV), p(IV, InstitutionType.IV))),
                new ConsentRecorded("cons-1", D, List.of(SD, RAV, IV), "dms://c"),
                new AmiplusMandateIssued("m1", SD, RAV, "KG-1", D.plusDays(1)),
                new AmiplusContinuationDecided("m1", 1, false, D.plusDays(40), SD),
                new AmiplusMandateIssued("m2", SD, RAV, "KG-2", D.plusDays(50)),
                new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, D.plusDays(70), SD),
                new EntitlementRecorded(new Entitlement(Benefit.ALV, RAV), D.plusDays(80)),
                new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D.plusDays(81)));
    }

    /** Luzern OPTIMA with a running handover on record: the consent stops naming the IV office, then the case ends. */
    static List<Object> optimaHistory() {
        CaseOpened opened = new CaseOpened("cl-3", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, RAV_LU, D, "LU",
                false, List.of(new Entitlement(Benefit.ALV, RAV_LU)),
                List.of(p(RAV_LU, InstitutionType.RAV), p(IV_LU, InstitutionType.IV)));
        List<Object> history = new ArrayList<>(oneAtATime(LeadState.of(CASE, List.of()), List.of(observe(opened),
                observe(new ConsentRecorded("cons-1", D, List.of(RAV_LU, IV_LU), "dms://c")))));
        history.add(new LeadHandoverProposed("ho-1", CooperationModel.LUZERN_OPTIMA, RAV_LU, RAV_LU, IV_LU, "health",
                D, D.plusDays(14), D.plusMonths(6)));
        history.add(new LeadHandoverAccepted("ho-1", IV_LU, D.plusDays(3), D.plusDays(3), D.plusMonths(6)));
        history.add(new LeadDecided("dec-ho-1-accepted", IV_LU, D.plusDays(3), LeadBasis.OPTIMA_HANDOVER, RAV_LU,
                "ho-1", List.of()));
        return history;
    }

    static List<CaseEvent> optimaAfterHandover() {
        return List.of(
                new ParticipantAdded(p("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES), D.plusDays(10)),
                new ConsentRecorded("cons-2", D.plusDays(20), List.of(RAV_LU), "dms://c2"),
                new ConsentRevoked("cons-1", D.plusDays(30)),
                new CaseClosed(CaseOutcome.OTHER, false, D.plusDays(60), RAV_LU));
    }

    /** The reference: decide one case event, apply its events, decide the next. */
    static List<Object> oneAtATime(LeadState state, List<ObserveCaseEvent> commands) {
        List<Object> all = new ArrayList<>();
        for (ObserveCaseEvent command : commands) {
            List<Object> events = LeadDecider.decide(state, command);
            events.forEach(state::apply);
            all.addAll(events);
        }
        return all;
    }

    static List<ObserveCaseEvent> observeAll(List<CaseEvent> events) {
        return events.stream().map(LeadFixtures::observe).toList();
    }

    /** A state's whole visible content, to see that deciding did not change it. */
    static String snapshot(LeadState s) {
        return s.version() + "|" + s.caseKnown() + "|" + s.lead() + "|" + s.coLeads() + "|" + s.facts() + "|"
                + s.handovers() + "|" + s.history();
    }

    /**
     * For every cut of the story into what is already stored and what arrives in one poll, and every length of
     * that poll, the fold decides the same events as one at a time, and the state it was given stays as it was.
     */
    void foldEqualsOneAtATime(List<Object> history, List<CaseEvent> story) {
        int decisions = 0;
        for (int stored = 0; stored < story.size(); stored++) {
            for (int end = stored + 1; end <= story.size(); end++) {
                List<Object> given = new ArrayList<>(history);
                given.addAll(oneAtATime(LeadState.of(CASE, history), observeAll(story.subList(0, stored))));
                List<ObserveCaseEvent> poll = observeAll(story.subList(stored, end));

                LeadState state = LeadState.of(CASE, given);
                String before = snapshot(state);
                List<List<Object>> each = LeadDecider.decideEach(state, new ObserveCaseEvents(poll));
                assertThat(snapshot(state)).as("the state the poll was decided on").isEqualTo(before);

                List<Object> expected = oneAtATime(LeadState.of(CASE, given), poll);
                assertThat(each.stream().flatMap(List::stream).toList()).as("poll %d..%d", stored, end)
                        .isEqualTo(expected);
                assertThat(LeadDecider.decide(LeadState.of(CASE, given), new ObserveCaseEvents(poll)))
                        .isEqualTo(expected);
                for (int i = 0; i < poll.size(); i++) {
                    // each case event's events stay with it: the first is its facts
                    assertThat(each.get(i).get(0)).isEqualTo(new CaseFactsObserved(poll.get(i).eventId(),
                            ((CaseFactsObserved) each.get(i).get(0)).facts()));
                }
                decisions += (int) expected.stream().filter(e -> !(e instanceof CaseFactsObserved)).count();
            }
        }
        assertThat(decisions).as("the story decides something, so the comparison means something").isPositive();
    }

    @Test
    void an_aargau_story_folds_to_the_same_events_from_any_point() {
        foldEqualsOneAtATime(List.of(), aargau());
    }

    @Test
    void an_amiplus_story_folds_to_the_same_events_from_any_point() {
        foldEqualsOneAtATime(List.of(), amiplus());
    }

    @Test
    void an_optima_handover_ended_by_consent_and_case_end_folds_to_the_same_events() {
        foldEqualsOneAtATime(optimaHistory(), optimaAfterHandover());
    }

    @Test
    void a_case_event_twice_in_a_poll_or_already_stored_decides_nothing_more() {
        List<CaseEvent> story = aargau();
        List<Object> given = oneAtATime(LeadState.of(CASE, List.of()), observeAll(story.subList(0, 3)));
        List<ObserveCaseEvent> poll = new ArrayList<>(observeAll(story.subList(1, 5))); // 1 and 2 already stored
        poll.add(3, observe(story.get(3))); // 3 twice in the poll
        List<List<Object>> each = LeadDecider.decideEach(LeadState.of(CASE, given), new ObserveCaseEvents(poll));
        assertThat(each).extracting(List::isEmpty).containsExactly(true, true, false, true, false);
        assertThat(each.stream().flatMap(List::stream).toList())
                .isEqualTo(oneAtATime(LeadState.of(CASE, given), observeAll(story.subList(3, 5))));
    }

    static MetaData causedBy(ObserveCaseEvent observed, String institution) {
        return EventMetadata.of(new Actor(institution, InstitutionType.RAV, "caseworker"), UUID.randomUUID(),
                observed.eventId());
    }

    /**
     * The aggregate, given a stream stored one command per case event (a {@code CaseFactsObserved} each), takes a
     * poll's batch and stores what one at a time would have, each event with its own case event's actor, correlation
     * and causation.
     */
    @Test
    void the_aggregate_stores_a_polls_batch_as_one_at_a_time_with_each_events_own_cause() {
        List<CaseEvent> story = aargau();
        List<Object> stored = oneAtATime(LeadState.of(CASE, List.of()), observeAll(story.subList(0, 2)));
        List<ObserveCaseEvent> poll = observeAll(story.subList(2, 6));
        List<CommandBatch.Caused> caused = new ArrayList<>();
        for (int i = 0; i < poll.size(); i++) {
            caused.add(new CommandBatch.Caused(poll.get(i), causedBy(poll.get(i), i % 2 == 0 ? RAV : IV)));
        }
        List<List<Object>> each = LeadDecider.decideEach(LeadState.of(CASE, stored), new ObserveCaseEvents(poll));
        List<Object> expected = oneAtATime(LeadState.of(CASE, stored), poll);
        List<MetaData> expectedMetaData = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            for (Object ignored : each.get(i)) {
                expectedMetaData.add(caused.get(i).metaData());
            }
        }
        assertThat(expected.stream().filter(LeadDecided.class::isInstance).count()).isGreaterThanOrEqualTo(2);

        fixture.given(stored)
                .when(new TargetedCommand(CASE, null, new CommandBatch(caused)))
                .expectEventsMatching(new BaseMatcher<List<? super EventMessage<?>>>() {
                    @Override
                    public boolean matches(Object item) {
                        List<?> messages = (List<?>) item;
                        if (messages.size() != expected.size()) {
                            return false;
                        }
                        for (int i = 0; i < messages.size(); i++) {
                            EventMessage<?> m = (EventMessage<?>) messages.get(i);
                            MetaData want = expectedMetaData.get(i);
                            if (!m.getPayload().equals(expected.get(i))
                                    || !want.entrySet().stream().allMatch(e -> e.getValue().equals(m.getMetaData().get(e.getKey())))
                                    || !CASE.equals(m.getMetaData().get(CaseLeadAggregate.CASE_ID))) {
                                return false;
                            }
                        }
                        return true;
                    }

                    @Override
                    public void describeTo(Description d) {
                        d.appendText(expected + " with the metadata " + expectedMetaData);
                    }
                });
    }

    /** A case the lead has never seen, opened and decided within one poll: the batch creates the aggregate. */
    @Test
    void a_poll_that_opens_the_case_creates_the_lead() {
        List<ObserveCaseEvent> poll = observeAll(amiplus().subList(0, 3));
        List<Object> expected = oneAtATime(LeadState.of(CASE, List.of()), poll);
        assertThat(expected).hasSize(4); // three facts and the mandate's decision
        fixture.givenNoPriorActivity()
                .when(new TargetedCommand(CASE, null, new CommandBatch(poll.stream()
                        .map(o -> new CommandBatch.Caused(o, causedBy(o, SD))).toList())))
                .expectEvents(expected.toArray());
    }

    @Test
    void the_stories_are_what_they_claim() {
        // guards the stories above: each leads somewhere other than the opener at some point
        for (List<CaseEvent> story : List.of(aargau(), amiplus())) {
            List<Object> all = oneAtATime(LeadState.of(CASE, List.of()), observeAll(story));
            assertThat(all).filteredOn(LeadDecided.class::isInstance).hasSizeGreaterThanOrEqualTo(2);
        }
        List<Object> optima = oneAtATime(LeadState.of(CASE, optimaHistory()), observeAll(optimaAfterHandover()));
        assertThat(optima).filteredOn(LeadHandoverEnded.class::isInstance).hasSize(1);
        assertThat(Arrays.asList(optima.toArray())).filteredOn(LeadDecided.class::isInstance).isNotEmpty();
    }
}
