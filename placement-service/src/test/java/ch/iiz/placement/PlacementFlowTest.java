package ch.iiz.placement;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.placement.*;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.placement.decision.DecisionJob;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * placement-service on the real broker and database: case events in (access, consents, entitlements, cost approvals),
 * courses and vacancies through REST into the event store and out on {@code iiz.placement.events}, the decision job
 * confirming and cancelling by the clock, refusals as problems, and poison records to the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "placement_service"))
class PlacementFlowTest {

    private static final Duration WAIT = HessenCases.WAIT;
    static final DevInstitution JC = DevInstitution.JC_KASSEL;
    static final DevInstitution SA = DevInstitution.SA_KASSEL;
    static final DevInstitution AA = DevInstitution.AA_KASSEL;
    static final BigDecimal PRICE = HessenCases.PRICE;

    private final EventCodec codec = new EventCodec();
    private KafkaCompanion companion;

    @Inject
    TestClock clock;
    @Inject
    DecisionJob decisions;

    @BeforeEach
    void setUp() {
        companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers());
    }

    @AfterEach
    void tearDown() {
        companion.close();
    }

    static String token(DevInstitution who) {
        return HessenCases.token(who);
    }

    String hessenCase(DevInstitution opener, Benefit benefit, List<DevInstitution> partners, List<String> consented) {
        return HessenCases.open(companion, LocalDate.now(clock), opener, benefit, partners, consented);
    }

    String announce(int seats, int minimum, LocalDate decision) {
        LocalDate today = LocalDate.now(clock);
        String location = given().auth().oauth2(token(JC)).contentType(ContentType.JSON)
                .body(Map.of("measureKind", "TRAINING", "provider", "Bildungswerk Nordhessen", "seats", seats,
                        "minimumParticipants", minimum, "startDate", decision.plusDays(10).toString(),
                        "pricePerSeat", "1850.00", "decisionDate", decision.toString(), "announcedOn", today.toString()))
                .when().post("/courses").then().statusCode(201).contentType(ContentType.JSON)
                .body("status", equalTo("OPEN")).body("freeSeats", equalTo(seats)).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    ValidatableResponse reserve(String courseId, DevInstitution who, String caseId) {
        return given().auth().oauth2(token(who)).contentType(ContentType.JSON)
                .body(Map.of("caseId", caseId, "measureId", "mea-1"))
                .when().post("/courses/" + courseId + "/reservations").then();
    }

    /** Reserves once the case's cost approval has reached placement-service (it travels as a case event). */
    String reserveWhenApproved(String courseId, DevInstitution who, String caseId) {
        String[] location = new String[1];
        await().atMost(WAIT).untilAsserted(() -> location[0] = reserve(courseId, who, caseId).statusCode(201)
                .extract().header("Location"));
        return location[0].substring(location[0].lastIndexOf('/') + 1);
    }

    /** The records keyed {@code key} on the placement topic, read from the beginning. */
    List<ConsumerRecord<String, String>> placementRecords(String key, int expected) {
        ConsumerTask<String, String> task = companion.consumeStrings()
                .fromTopics(Topics.PLACEMENT_EVENTS, m -> m.filter(r -> key.equals(r.key())));
        task.awaitRecords(expected, WAIT);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> task.count() == expected);
        task.stop();
        return task.getRecords();
    }

    EventEnvelope<IntegrationEvent> decode(ConsumerRecord<String, String> record) {
        return codec.decode(record.value());
    }

    @Test
    void two_legal_domains_fill_a_course_to_its_minimum_and_the_decision_job_confirms_it() {
        String social = hessenCase(SA, Benefit.SOCIAL_ASSISTANCE, List.of(JC), List.of(SA.id(), JC.id()));
        String sgb2 = hessenCase(JC, Benefit.SGB_II, List.of(AA), List.of(JC.id(), AA.id()));
        LocalDate decision = LocalDate.now(clock).plusDays(5);
        String course = announce(3, 2, decision);

        String bySa = reserveWhenApproved(course, SA, social);
        String byJc = reserveWhenApproved(course, JC, sgb2);

        // reservations: the organiser sees all, a reserving institution its own, anyone else none
        given().auth().oauth2(token(JC)).when().get("/courses/" + course).then().statusCode(200)
                .body("reservations", hasSize(2)).body("freeSeats", equalTo(1)).body("reservedSeats", equalTo(2));
        given().auth().oauth2(token(SA)).when().get("/courses/" + course).then().statusCode(200)
                .body("reservations", hasSize(1)).body("reservations[0].reservationId", equalTo(bySa));
        given().auth().oauth2(token(AA)).when().get("/courses/" + course).then().statusCode(200)
                .body("reservations", hasSize(0)).body("freeSeats", equalTo(1));
        given().auth().oauth2(token(DevInstitution.OPS)).when().get("/courses").then().statusCode(403);

        assertThat(decisions.runOnce()).isZero(); // not before the decision date
        clock.advance(Duration.ofDays(6));
        decisions.runOnce();
        decisions.runOnce(); // a second run, as another instance would, changes nothing

        given().auth().oauth2(token(JC)).when().get("/courses/" + course).then().statusCode(200)
                .body("status", equalTo("CONFIRMED")).body("reservations.status", equalTo(List.of("CONFIRMED", "CONFIRMED")));
        List<ConsumerRecord<String, String>> courseRecords = placementRecords(course, 2);
        assertThat(decode(courseRecords.get(0)).payload()).isInstanceOf(CourseAnnounced.class);
        CourseConfirmed confirmed = (CourseConfirmed) decode(courseRecords.get(1)).payload();
        assertThat(confirmed.organiserInstitutionId()).isEqualTo(JC.id());
        assertThat(confirmed.decisionDate()).isEqualTo(decision);
        assertThat(confirmed.seats()).containsExactlyInAnyOrder(
                new ConfirmedSeat(bySa, social, SA.id(), PRICE), new ConfirmedSeat(byJc, sgb2, JC.id(), PRICE));
        assertThat(decode(courseRecords.get(1)).caseId()).isNull();
        assertThat(courseRecords.get(1).headers().lastHeader(Topics.HEADER_HASH)).isNotNull();

        // the case is told: its reservation is keyed by (and enveloped with) the case, and shows on the case
        List<ConsumerRecord<String, String>> caseRecords = placementRecords(social, 1);
        EventEnvelope<IntegrationEvent> reserved = decode(caseRecords.get(0));
        assertThat(reserved.caseId()).isEqualTo(social);
        assertThat(reserved.payload()).isEqualTo(new SeatReserved(course, bySa, social, SA.id(), SA.id(),
                "KG-" + social.substring(0, 8), PRICE, ((SeatReserved) reserved.payload()).reservedOn()));
        given().auth().oauth2(token(JC)).when().get("/cases/" + social + "/placements").then().statusCode(200)
                .body("reservations.status", equalTo(List.of("CONFIRMED")));
        given().auth().oauth2(token(AA)).when().get("/cases/" + social + "/placements").then().statusCode(404);
    }

    @Test
    void below_the_minimum_the_course_is_cancelled_and_every_case_told() {
        String social = hessenCase(SA, Benefit.SOCIAL_ASSISTANCE, List.of(JC), List.of(SA.id(), JC.id()));
        String course = announce(4, 3, LocalDate.now(clock).plusDays(2));
        String reservation = reserveWhenApproved(course, SA, social);

        clock.advance(Duration.ofDays(3));
        // the organiser may trigger the decision itself; anyone else may not
        given().auth().oauth2(token(SA)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/courses/" + course + "/decision").then().statusCode(409)
                .contentType("application/problem+json").body("rule", equalTo("organiser-only"));
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/courses/" + course + "/decision").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        decisions.runOnce();

        List<ConsumerRecord<String, String>> courseRecords = placementRecords(course, 2);
        assertThat(decode(courseRecords.get(1)).payload()).isInstanceOf(CourseCancelled.class);
        List<ConsumerRecord<String, String>> caseRecords = placementRecords(social, 2);
        SeatReleased released = (SeatReleased) decode(caseRecords.get(1)).payload();
        assertThat(released.reservationId()).isEqualTo(reservation);
        assertThat(released.reason()).isEqualTo(SeatReleaseReason.COURSE_CANCELLED);
        given().auth().oauth2(token(SA)).when().get("/cases/" + social + "/placements").then().statusCode(200)
                .body("reservations.releaseReason", equalTo(List.of("COURSE_CANCELLED")));
    }

    @Test
    void overbooking_withdrawal_consent_and_scoping_answer_with_problems() {
        String social = hessenCase(SA, Benefit.SOCIAL_ASSISTANCE, List.of(JC), List.of(SA.id(), JC.id()));
        String sgb2 = hessenCase(JC, Benefit.SGB_II, List.of(AA), List.of(JC.id(), AA.id()));
        String course = announce(1, 1, LocalDate.now(clock).plusDays(20));
        String first = reserveWhenApproved(course, SA, social);

        reserve(course, JC, sgb2).statusCode(409).contentType("application/problem+json")
                .body("rule", equalTo("no-overbooking")).body("field", equalTo("courseId"));
        reserve(course, SA, social).statusCode(409).body("rule", equalTo("one-seat-per-case"));
        // not the reserving institution: it cannot withdraw another's seat
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/courses/" + course + "/reservations/" + first + "/withdrawal")
                .then().statusCode(409).body("rule", equalTo("own-reservation"));
        given().auth().oauth2(token(SA)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/courses/" + course + "/reservations/" + first + "/withdrawal")
                .then().statusCode(200).body("freeSeats", equalTo(1));
        reserveWhenApproved(course, JC, sgb2); // the freed seat

        // a case the caller does not take part in does not exist for it; an unknown course neither
        reserve(course, AA, social).statusCode(404).contentType("application/problem+json");
        reserve("crs-unknown", SA, social).statusCode(404);
        // the opener reads its case without a consent, but its client's data goes nowhere without one
        String noConsent = hessenCase(SA, Benefit.SOCIAL_ASSISTANCE, List.of(JC), List.of(JC.id()));
        String other = announce(5, 1, LocalDate.now(clock).plusDays(20));
        await().atMost(WAIT).untilAsserted(() -> reserve(other, SA, noConsent).statusCode(409)
                .body("rule", equalTo("consent-required")));
        // malformed input names the field; nothing is written
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON)
                .body(Map.of("measureKind", "TRAINING", "provider", "x", "seats", 5, "minimumParticipants", 6,
                        "startDate", LocalDate.now(clock).plusDays(30).toString(), "pricePerSeat", "10.00",
                        "decisionDate", LocalDate.now(clock).plusDays(10).toString()))
                .when().post("/courses").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("minimumParticipants"));
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON)
                .body(Map.of("measureKind", "TRAINING", "provider", "x", "seats", 5, "minimumParticipants", 1,
                        "startDate", LocalDate.now(clock).plusDays(30).toString(), "pricePerSeat", "10.001",
                        "decisionDate", LocalDate.now(clock).plusDays(10).toString()))
                .when().post("/courses").then().statusCode(400).body("field", equalTo("pricePerSeat"));
    }

    @Test
    void a_vacancy_of_the_agency_is_shared_in_the_cooperation_proposed_to_a_case_and_leads_to_a_hire() {
        String sgb2 = hessenCase(JC, Benefit.SGB_II, List.of(AA), List.of(JC.id(), AA.id()));
        LocalDate today = LocalDate.now(clock);
        Map<String, Object> vacancy = new HashMap<>(Map.of("occupation", "Fachkraft Lagerlogistik",
                "workloadPercent", 100, "validUntil", today.plusDays(60).toString()));
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(vacancy)
                .when().post("/vacancies").then().statusCode(403).contentType("application/problem+json");
        String location = given().auth().oauth2(token(AA)).contentType(ContentType.JSON).body(vacancy)
                .when().post("/vacancies").then().statusCode(201).body("region", equalTo("HE"))
                .extract().header("Location");
        String vacancyId = location.substring(location.lastIndexOf('/') + 1);

        given().auth().oauth2(token(JC)).when().get("/vacancies/" + vacancyId).then().statusCode(200);
        given().auth().oauth2(token(SA)).when().get("/vacancies/" + vacancyId).then().statusCode(200);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/vacancies/" + vacancyId).then()
                .statusCode(404);
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/vacancies").then().statusCode(200)
                .body("vacancyId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(vacancyId)));

        String at = "/vacancies/" + vacancyId + "/proposals";
        given().auth().oauth2(token(SA)).contentType(ContentType.JSON).body(Map.of("caseId", sgb2))
                .when().post(at).then().statusCode(404); // SA does not take part in the case
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of("caseId", sgb2))
                .when().post(at).then().statusCode(200);
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of("outcome", "HIRED"))
                .when().post(at + "/" + sgb2 + "/outcome").then().statusCode(200);
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of("outcome", "REJECTED"))
                .when().post(at + "/" + sgb2 + "/outcome").then().statusCode(409).body("rule", equalTo("final-outcome"));
        given().auth().oauth2(token(JC)).contentType(ContentType.JSON).body(Map.of("outcome", "MAYBE"))
                .when().post(at + "/" + sgb2 + "/outcome").then().statusCode(400);

        List<ConsumerRecord<String, String>> caseRecords = placementRecords(sgb2, 2);
        assertThat(decode(caseRecords.get(0)).payload()).isEqualTo(new VacancyProposed(vacancyId, sgb2, JC.id(), today));
        assertThat(decode(caseRecords.get(1)).payload()).isEqualTo(new VacancyOutcomeRecorded(vacancyId, sgb2,
                VacancyOutcome.HIRED, JC.id(), today));
        given().auth().oauth2(token(AA)).when().get("/cases/" + sgb2 + "/placements").then().statusCode(200)
                .body("vacancyProposals.outcome", equalTo(List.of("HIRED")));
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_topic_with_the_reason() {
        String key = "poison-" + UUID.randomUUID();
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.CASE_EVENTS, key, "[1,2,3]")).awaitCompletion(WAIT);
        ConsumerTask<String, String> dlq = companion.consumeStrings()
                .fromTopics(Topics.deadLetterTopic("placement-service"), m -> m.filter(r -> key.equals(r.key())));
        dlq.awaitRecords(1, WAIT);
        dlq.stop();
        assertThat(new String(dlq.getRecords().get(0).headers().lastHeader(Topics.HEADER_DLQ_REASON).value(),
                StandardCharsets.UTF_8)).contains("envelope must be a JSON object");
    }
}
