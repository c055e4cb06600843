package ch.iiz.placement.axon;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.*;
import ch.iiz.events.placement.*;
import ch.iiz.placement.domain.CaseFacts;
import ch.iiz.placement.domain.CourseCommand;
import ch.iiz.placement.domain.CourseCommand.AnnounceCourse;
import ch.iiz.placement.domain.CourseCommand.DecideCourse;
import ch.iiz.placement.domain.CourseCommand.ReserveSeat;
import ch.iiz.placement.domain.CourseCommand.WithdrawReservation;
import ch.iiz.service.rules.RuleViolation;
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

/**
 * The rules of joint measure planning, given/when/then on the course aggregate: minimum reached on the decision date,
 * not reached, overbooking, withdrawal, consent and cost approval missing, and the announcement's terms.
 */
class CourseAggregateTest {

    static final String COURSE = "crs-1";
    static final String JOBCENTER = "JC-HE-KASSEL";
    static final String SOZIALAMT = "SA-HE-KASSEL";
    static final String AGENTUR = "AA-HE-KASSEL";
    static final LocalDate D = LocalDate.of(2026, 3, 2);
    static final LocalDate DECISION = D.plusDays(30);
    static final LocalDate START = D.plusDays(45);
    static final BigDecimal PRICE = new BigDecimal("1850.00");

    FixtureConfiguration<CourseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CourseAggregate.class);
    }

    static CourseTarget cmd(CourseCommand command) {
        return new CourseTarget(COURSE, null, command);
    }

    static CourseAnnounced announced(int seats, int minimum) {
        return new CourseAnnounced(COURSE, JOBCENTER, MeasureKind.TRAINING, "Bildungswerk Nordhessen", seats, minimum,
                START, PRICE, DECISION, D);
    }

    /** A Hessen case the reserving institution takes part in, with consent and an approved TRAINING measure. */
    static CaseFacts caseOf(String reserving, String entitled, CaseEvent... more) {
        List<CaseEvent> events = new java.util.ArrayList<>(List.of(
                new CaseOpened("cl-1", CooperationModel.HESSEN, Program.COOPERATION, reserving, D, "HE", false,
                        List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, entitled)),
                        List.of(new Participant(reserving, InstitutionType.SOCIAL_SERVICES, "HE", "Kassel"),
                                new Participant(entitled, InstitutionType.SOCIAL_SERVICES, "HE", "Kassel"))),
                new ConsentRecorded("cons-1", D, List.of(reserving, entitled, JOBCENTER), "dms://c"),
                new MeasureProposed("mea-1", MeasureKind.TRAINING, "Bildungswerk", PRICE, entitled, D, reserving),
                new MeasureCostApproved("mea-1", "KG-1", PRICE, entitled, D)));
        events.addAll(List.of(more));
        return CaseFacts.of(events);
    }

    static ReserveSeat reserve(String reservationId, String caseId, String by) {
        return new ReserveSeat(by, reservationId, caseId, "mea-1", caseOf(by, by), D.plusDays(1));
    }

    static SeatReserved reserved(String reservationId, String caseId, String by) {
        return new SeatReserved(COURSE, reservationId, caseId, by, by, "KG-1", PRICE, D.plusDays(1));
    }

    static Matcher<Throwable> rule(String rule) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object actual) {
                return actual instanceof RuleViolation v && v.rule().equals(rule);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a RuleViolation of rule " + rule);
            }
        };
    }

    @Nested
    class Announcing {
        @Test
        void the_caller_organises_and_the_price_is_kept_in_chf_cents() {
            fixture.givenNoPriorActivity()
                    .when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "Bildungswerk Nordhessen",
                            12, 8, START, new BigDecimal("1850"), DECISION, D)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(announced(12, 8));
        }

        @Test
        void minimum_above_the_seats_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 5, 6, START, PRICE,
                            DECISION, D)))
                    .expectException(rule("minimum-within-seats")).expectNoEvents();
        }

        @Test
        void no_seat_a_decision_after_the_start_a_negative_or_fractional_price_are_refused() {
            fixture.givenNoPriorActivity().when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 0,
                    1, START, PRICE, DECISION, D))).expectException(rule("at-least-one-seat"));
            fixture.givenNoPriorActivity().when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 5,
                    1, START, PRICE, START, D))).expectException(rule("decision-before-start"));
            fixture.givenNoPriorActivity().when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 5,
                    1, START, new BigDecimal("-1"), DECISION, D))).expectException(rule("chf-amount"));
            fixture.givenNoPriorActivity().when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 5,
                    1, START, new BigDecimal("10.005"), DECISION, D))).expectException(rule("chf-amount"));
        }

        @Test
        void a_course_is_announced_once() {
            fixture.given(announced(12, 8))
                    .when(cmd(new AnnounceCourse(JOBCENTER, COURSE, MeasureKind.TRAINING, "p", 5, 1, START, PRICE,
                            DECISION, D)))
                    .expectException(rule("course-exists"));
        }
    }

    @Nested
    class Reserving {
        @Test
        void a_participant_with_consent_and_the_entitled_institutions_cost_approval_reserves_a_seat() {
            fixture.given(announced(2, 1))
                    .when(cmd(reserve("rsv-1", "case-1", SOZIALAMT)))
                    .expectEvents(reserved("rsv-1", "case-1", SOZIALAMT));
        }

        @Test
        void overbooking_is_refused() {
            fixture.given(announced(2, 1), reserved("rsv-1", "case-1", SOZIALAMT), reserved("rsv-2", "case-2", AGENTUR))
                    .when(cmd(reserve("rsv-3", "case-3", SOZIALAMT)))
                    .expectException(rule("no-overbooking")).expectNoEvents();
        }

        @Test
        void a_case_holds_one_seat_per_course() {
            fixture.given(announced(5, 1), reserved("rsv-1", "case-1", SOZIALAMT))
                    .when(cmd(reserve("rsv-2", "case-1", SOZIALAMT)))
                    .expectException(rule("one-seat-per-case"));
        }

        @Test
        void without_a_consent_naming_the_caller_no_seat_is_reserved() {
            CaseFacts revoked = caseOf(SOZIALAMT, SOZIALAMT, new ConsentRevoked("cons-1", D));
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-1", revoked, D.plusDays(1))))
                    .expectException(rule("consent-required")).expectNoEvents();
        }

        @Test
        void a_non_participant_reserves_nothing() {
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(AGENTUR, "rsv-1", "case-1", "mea-1", caseOf(SOZIALAMT, SOZIALAMT),
                            D.plusDays(1))))
                    .expectException(rule("participant-only"));
        }

        @Test
        void the_cost_must_be_approved_by_an_entitled_institution_for_a_measure_of_the_courses_kind() {
            CaseFacts proposedOnly = CaseFacts.of(List.of(
                    new CaseOpened("cl-1", CooperationModel.HESSEN, Program.COOPERATION, SOZIALAMT, D, "HE",
                            false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SOZIALAMT)),
                            List.of(new Participant(SOZIALAMT, InstitutionType.SOCIAL_SERVICES, "HE", "Kassel"))),
                    new ConsentRecorded("cons-1", D, List.of(SOZIALAMT), "dms://c"),
                    new MeasureProposed("mea-1", MeasureKind.TRAINING, "B", PRICE, SOZIALAMT, D, SOZIALAMT)));
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-1", proposedOnly, D.plusDays(1))))
                    .expectException(rule("cost-approval-required"));

            CaseFacts entitlementEnded = caseOf(SOZIALAMT, SOZIALAMT,
                    new EntitlementEnded(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SOZIALAMT), D));
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-1", entitlementEnded, D.plusDays(1))))
                    .expectException(rule("approved-by-entitled-institution"));

            CaseFacts coaching = caseOf(SOZIALAMT, SOZIALAMT,
                    new MeasureProposed("mea-2", MeasureKind.COACHING, "B", PRICE, SOZIALAMT, D, SOZIALAMT),
                    new MeasureCostApproved("mea-2", "KG-2", PRICE, SOZIALAMT, D));
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-2", coaching, D.plusDays(1))))
                    .expectException(rule("measure-kind-matches"));

            CaseFacts tooLittle = caseOf(SOZIALAMT, SOZIALAMT,
                    new MeasureProposed("mea-3", MeasureKind.TRAINING, "B", PRICE, SOZIALAMT, D, SOZIALAMT),
                    new MeasureCostApproved("mea-3", "KG-3", new BigDecimal("1000.00"), SOZIALAMT, D));
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-3", tooLittle, D.plusDays(1))))
                    .expectException(rule("approval-covers-price"));
        }

        @Test
        void another_institution_of_a_different_legal_domain_reserves_under_the_entitled_institutions_approval() {
            // the job centre takes part; the client's social assistance finances it (Sozialamt approved the cost)
            CaseFacts facts = caseOf(JOBCENTER, SOZIALAMT);
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(JOBCENTER, "rsv-1", "case-1", "mea-1", facts, D.plusDays(1))))
                    .expectEvents(new SeatReserved(COURSE, "rsv-1", "case-1", JOBCENTER, SOZIALAMT, "KG-1", PRICE,
                            D.plusDays(1)));
        }

        @Test
        void no_reservation_on_or_after_the_decision_date_nor_after_the_decision() {
            fixture.given(announced(5, 1))
                    .when(cmd(new ReserveSeat(SOZIALAMT, "rsv-1", "case-1", "mea-1", caseOf(SOZIALAMT, SOZIALAMT),
                            DECISION)))
                    .expectException(rule("before-decision-date"));
            fixture.given(announced(5, 1), reserved("rsv-1", "case-1", SOZIALAMT),
                            new CourseConfirmed(COURSE, JOBCENTER, DECISION, List.of(
                                    new ConfirmedSeat("rsv-1", "case-1", SOZIALAMT, PRICE))))
                    .when(cmd(reserve("rsv-2", "case-2", AGENTUR)))
                    .expectException(rule("course-open"));
        }

        @Test
        void an_unknown_course_takes_no_reservation() {
            fixture.givenNoPriorActivity()
                    .when(cmd(reserve("rsv-1", "case-1", SOZIALAMT)))
                    .expectException(rule("unknown-course"));
        }
    }

    @Nested
    class Withdrawing {
        @Test
        void a_withdrawal_before_the_decision_frees_the_seat_for_another_case() {
            fixture.given(announced(1, 1), reserved("rsv-1", "case-1", SOZIALAMT),
                            new SeatReleased(COURSE, "rsv-1", "case-1", SOZIALAMT, SeatReleaseReason.WITHDRAWN,
                                    D.plusDays(2)))
                    .when(cmd(reserve("rsv-2", "case-2", AGENTUR)))
                    .expectEvents(reserved("rsv-2", "case-2", AGENTUR));
        }

        @Test
        void the_reserving_institution_withdraws() {
            fixture.given(announced(1, 1), reserved("rsv-1", "case-1", SOZIALAMT))
                    .when(cmd(new WithdrawReservation(SOZIALAMT, "rsv-1", D.plusDays(2))))
                    .expectEvents(new SeatReleased(COURSE, "rsv-1", "case-1", SOZIALAMT, SeatReleaseReason.WITHDRAWN,
                            D.plusDays(2)));
        }

        @Test
        void nobody_else_withdraws_and_not_on_the_decision_date() {
            fixture.given(announced(1, 1), reserved("rsv-1", "case-1", SOZIALAMT))
                    .when(cmd(new WithdrawReservation(JOBCENTER, "rsv-1", D.plusDays(2))))
                    .expectException(rule("own-reservation"));
            fixture.given(announced(1, 1), reserved("rsv-1", "case-1", SOZIALAMT))
                    .when(cmd(new WithdrawReservation(SOZIALAMT, "rsv-1", DECISION)))
                    .expectException(rule("before-decision-date"));
        }
    }

    @Nested
    class Deciding {
        @Test
        void minimum_reached_on_the_decision_date_confirms_the_course_with_its_seats() {
            fixture.given(announced(3, 2), reserved("rsv-1", "case-1", SOZIALAMT), reserved("rsv-2", "case-2", AGENTUR))
                    .when(cmd(new DecideCourse(null, DECISION)))
                    .expectEvents(new CourseConfirmed(COURSE, JOBCENTER, DECISION, List.of(
                            new ConfirmedSeat("rsv-1", "case-1", SOZIALAMT, PRICE),
                            new ConfirmedSeat("rsv-2", "case-2", AGENTUR, PRICE))));
        }

        @Test
        void minimum_not_reached_cancels_the_course_and_releases_every_seat_each_case_told() {
            fixture.given(announced(5, 3), reserved("rsv-1", "case-1", SOZIALAMT), reserved("rsv-2", "case-2", AGENTUR))
                    .when(cmd(new DecideCourse(null, DECISION.plusDays(1))))
                    .expectEvents(new CourseCancelled(COURSE, JOBCENTER, DECISION, 2, 3),
                            new SeatReleased(COURSE, "rsv-1", "case-1", SOZIALAMT, SeatReleaseReason.COURSE_CANCELLED,
                                    DECISION),
                            new SeatReleased(COURSE, "rsv-2", "case-2", AGENTUR, SeatReleaseReason.COURSE_CANCELLED,
                                    DECISION));
        }

        @Test
        void a_withdrawn_seat_does_not_count_towards_the_minimum() {
            fixture.given(announced(3, 2), reserved("rsv-1", "case-1", SOZIALAMT), reserved("rsv-2", "case-2", AGENTUR),
                            new SeatReleased(COURSE, "rsv-2", "case-2", AGENTUR, SeatReleaseReason.WITHDRAWN, D.plusDays(3)))
                    .when(cmd(new DecideCourse(JOBCENTER, DECISION)))
                    .expectEvents(new CourseCancelled(COURSE, JOBCENTER, DECISION, 1, 2),
                            new SeatReleased(COURSE, "rsv-1", "case-1", SOZIALAMT, SeatReleaseReason.COURSE_CANCELLED,
                                    DECISION));
        }

        @Test
        void not_before_the_decision_date_only_by_the_organiser_and_once() {
            fixture.given(announced(3, 1)).when(cmd(new DecideCourse(null, DECISION.minusDays(1))))
                    .expectException(rule("decision-date-reached"));
            fixture.given(announced(3, 1)).when(cmd(new DecideCourse(SOZIALAMT, DECISION)))
                    .expectException(rule("organiser-only"));
            fixture.given(announced(3, 1), new CourseCancelled(COURSE, JOBCENTER, DECISION, 0, 1))
                    .when(cmd(new DecideCourse(null, DECISION)))
                    .expectException(rule("decided-once"));
        }
    }
}
