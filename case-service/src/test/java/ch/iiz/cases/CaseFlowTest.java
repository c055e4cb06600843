package ch.iiz.cases;

import ch.iiz.axon.AxonRuntime;
import ch.iiz.axon.KafkaOutboxRelay;
import ch.iiz.service.testing.TestKafka;
import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static ch.iiz.cases.support.CaseFixtures.clientId;
import static ch.iiz.cases.support.CaseFixtures.open;
import static ch.iiz.cases.support.CaseFixtures.openRequest;
import static ch.iiz.cases.support.CaseFixtures.post;
import static ch.iiz.cases.support.CaseFixtures.storedEvents;
import static ch.iiz.cases.support.CaseFixtures.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * case-service end to end on the real broker and database: REST command, event store rows, record on the topic;
 * lead decisions from referral-service, duplicates, poison records; the publisher restarting; the HTTP rules.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
class CaseFlowTest {

    private static final Duration WAIT = TestKafka.WAIT;
    private final EventCodec codec = new EventCodec();

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Inject
    AxonRuntime axon;

    /** A new case, its answer checked for what every opening must carry. */
    static String openCase() {
        return open(openRequest(clientId("cl-")))
                .header("Location", notNullValue()).header("ETag", "\"1\"")
                .extract().path("caseId");
    }

    List<ConsumerRecord<String, String>> recordsOf(Set<String> caseIds, int expected) {
        return kafka.settledRecords(Topics.CASE_EVENTS, r -> caseIds.contains(r.key()), expected);
    }

    void publishReferral(String key, String value) {
        kafka.publish(Topics.REFERRAL_EVENTS, key, value);
    }

    String leadDecided(UUID eventId, String caseId, String lead, LeadBasis basis) {
        LeadDecided decision = new LeadDecided("dec-" + eventId, lead, LocalDate.of(2026, 3, 3), basis,
                "SD-AG-MENZIKEN", null, List.of());
        return codec.encode(EventEnvelope.of(eventId, caseId, 0, Instant.now(),
                new Actor("SD-AG-MENZIKEN", InstitutionType.SOCIAL_SERVICES, Actor.SYSTEM_ROLE), UUID.randomUUID(),
                null, decision));
    }

    @Test
    void a_rest_command_is_stored_and_published_once_with_its_envelope() throws Exception {
        String caseId = openCase();

        assertThat(storedEvents(caseId)).isEqualTo(2);
        List<ConsumerRecord<String, String>> records = recordsOf(Set.of(caseId), 2);
        assertThat(records).hasSize(2);
        List<EventEnvelope<IntegrationEvent>> envelopes = records.stream().map(r -> codec.decode(r.value())).toList();
        assertThat(envelopes).extracting(EventEnvelope::type).containsExactly("CaseOpened", "ConsentRecorded");
        assertThat(envelopes).extracting(EventEnvelope::sequence).containsExactly(0L, 1L);
        assertThat(envelopes).allSatisfy(e -> {
            assertThat(e.caseId()).isEqualTo(caseId);
            assertThat(e.actor().institutionId()).isEqualTo("SD-AG-MENZIKEN");
            assertThat(e.actor().institutionType()).isEqualTo(InstitutionType.SOCIAL_SERVICES);
            assertThat(e.correlationId()).isNotNull();
        });
        assertThat(envelopes.get(0).correlationId()).isEqualTo(envelopes.get(1).correlationId());
        assertThat(TestKafka.header(records.get(0), Topics.HEADER_EVENT_TYPE)).isEqualTo("CaseOpened");
        assertThat(records.get(0).value()).doesNotContain("ch.iiz"); // no Java class names on the wire
    }

    @Test
    void a_lead_decision_from_referral_service_changes_the_lead_once() throws Exception {
        String caseId = openCase();
        UUID first = UUID.randomUUID();
        String decision = leadDecided(first, caseId, "RAV-AG-AARAU", LeadBasis.AMIPLUS_MANDATE);

        publishReferral(caseId, decision);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(DevInstitution.SD_MENZIKEN))
                .when().get("/cases/" + caseId).then().statusCode(200).body("leadInstitutionId", equalTo("RAV-AG-AARAU")));

        publishReferral(caseId, decision); // the same event again
        publishReferral(caseId, leadDecided(UUID.randomUUID(), caseId, "SD-AG-MENZIKEN",
                LeadBasis.AMIPLUS_MANDATE_ENDED));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(DevInstitution.SD_MENZIKEN))
                .when().get("/cases/" + caseId).then().body("leadInstitutionId", equalTo("SD-AG-MENZIKEN")));

        assertThat(storedEvents(caseId)).as("opened, consent, two lead changes; the duplicate added nothing")
                .isEqualTo(4);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseId + "/events")
                .then().statusCode(200).body("type", equalTo(List.of("CaseOpened", "ConsentRecorded",
                        "CaseLeadChanged", "CaseLeadChanged")))
                .body("[2].causationId", equalTo(first.toString()));
    }

    @Test
    void records_that_cannot_be_applied_end_in_the_dead_letter_topic_with_the_reason() {
        String poisonKey = "poison-" + UUID.randomUUID();
        String unknownCase = "no-such-case-" + UUID.randomUUID();
        publishReferral(poisonKey, "{this is not json");
        publishReferral(unknownCase, leadDecided(UUID.randomUUID(), unknownCase, "RAV-AG-AARAU",
                LeadBasis.AMIPLUS_MANDATE));

        List<ConsumerRecord<String, String>> dlq = kafka.records(Topics.deadLetterTopic("case-service"),
                r -> r.key().equals(poisonKey) || r.key().equals(unknownCase), 2);
        Map<String, String> reasons = new java.util.HashMap<>();
        dlq.forEach(r -> reasons.put(r.key(), TestKafka.header(r, Topics.HEADER_DLQ_REASON)));
        assertThat(reasons.get(poisonKey)).contains("not JSON");
        assertThat(reasons.get(unknownCase)).contains("no such case");
    }

    @Test
    void a_restarted_publisher_neither_loses_nor_repeats_events() throws Exception {
        EventProcessor publisher = axon.configuration().eventProcessingConfiguration()
                .eventProcessor(KafkaOutboxRelay.PROCESSOR).orElseThrow();
        Set<String> cases = new HashSet<>();
        cases.add(openCase());
        recordsOf(Set.copyOf(cases), 2);

        publisher.shutDown();
        for (int i = 0; i < 4; i++) {
            cases.add(openCase()); // committed while nothing publishes
        }
        publisher.start();

        long stored = 0;
        for (String caseId : cases) {
            stored += storedEvents(caseId);
        }
        List<ConsumerRecord<String, String>> records = recordsOf(cases, (int) stored);
        Set<UUID> distinct = new HashSet<>();
        records.forEach(r -> distinct.add(codec.decode(r.value()).eventId()));
        assertThat(stored).isEqualTo(10);
        assertThat(records).hasSize((int) stored);
        assertThat(distinct).hasSize((int) stored);
    }

    @Test
    void bad_input_is_a_problem_naming_the_field_and_nothing_is_written() throws Exception {
        long before = storedEvents();
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body("{\"clientId\": ")
                .when().post("/cases").then().statusCode(400).contentType("application/problem+json")
                .body("rule", equalTo("malformed-json"));
        Map<String, Object> noClient = new java.util.HashMap<>(openRequest("x"));
        noClient.remove("clientId");
        post(DevInstitution.SD_MENZIKEN, "/cases", noClient).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("clientId"))
                .body("rule", equalTo("not-null"));
        Map<String, Object> badEnum = new java.util.HashMap<>(openRequest("cl-enum-1"));
        badEnum.put("program", "SOMETHING");
        post(DevInstitution.SD_MENZIKEN, "/cases", badEnum).then().statusCode(400).body("field", equalTo("program"));
        Map<String, Object> ahv = new java.util.HashMap<>(openRequest("756.1234.5678.97"));
        post(DevInstitution.SD_MENZIKEN, "/cases", ahv).then().statusCode(400)
                .body("rule", equalTo("pseudonymous-client-id"));
        Map<String, Object> noConsent = new java.util.HashMap<>(openRequest("cl-noconsent"));
        noConsent.remove("consent");
        post(DevInstitution.SD_MENZIKEN, "/cases", noConsent).then().statusCode(409)
                .contentType("application/problem+json").body("rule", equalTo("consent-required"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void institutions_see_only_their_cases_and_auditors_only_read() {
        String caseId = openCase();
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases/" + caseId)
                .then().statusCode(404).contentType("application/problem+json");
        post(DevInstitution.SD_REINACH, "/cases/" + caseId + "/integration-plans", Map.of("documentRef", "d"))
                .then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases/" + caseId + "/events")
                .then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/cases/" + caseId).then().statusCode(200);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/cases/" + caseId).then().statusCode(200);
        post(DevInstitution.AUDITOR, "/cases/" + caseId + "/integration-plans", Map.of("documentRef", "d"))
                .then().statusCode(403);
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases?size=200")
                .then().statusCode(200).body("items.caseId", org.hamcrest.Matchers.not(hasItem(caseId)));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/cases?program=AMIPLUS&size=200")
                .then().statusCode(200).body("items.caseId", hasItem(caseId));
    }

    @Test
    void writes_honour_if_match_and_idempotency_keys() throws Exception {
        String caseId = openCase();
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).header("If-Match", "\"0\"").contentType(ContentType.JSON)
                .body(Map.of("documentRef", "dms://plan/1")).when().post("/cases/" + caseId + "/integration-plans")
                .then().statusCode(412).body("field", equalTo("If-Match"));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Map.of("documentRef", "dms://plan/1")).when().post("/cases/" + caseId + "/integration-plans")
                .then().statusCode(200).header("ETag", "\"2\"").body("integrationPlanVersion", equalTo(1));

        String key = UUID.randomUUID().toString();
        Map<String, Object> request = openRequest("cl-idem-" + key.substring(0, 6));
        String first = given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request).when().post("/cases").then().statusCode(201)
                .extract().header("Location");
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request).when().post("/cases").then().statusCode(201)
                .header("Location", equalTo(first)).header("Idempotent-Replayed", "true");
        Map<String, Object> other = new java.util.HashMap<>(request);
        other.put("clientId", "cl-other-1");
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(other).when().post("/cases").then().statusCode(422)
                .body("rule", equalTo("idempotency-key-reused"));
        String createdId = first.substring(first.lastIndexOf('/') + 1);
        assertThat(storedEvents(createdId)).isEqualTo(2);
    }

    @Test
    void an_amiplus_mandate_starts_phase_1_and_its_report_falls_due() {
        String caseId = openCase();
        post(DevInstitution.SD_MENZIKEN, "/cases/" + caseId + "/mandate", Map.of("ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-2026-1", "issuedOn", "2026-03-02"))
                .then().statusCode(200).body("mandate.status", equalTo("ACTIVE"))
                .body("phases[0].phase", equalTo(1)).body("phases[0].plannedEndOn", equalTo("2026-05-01"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when()
                .get("/cases/" + caseId + "/deadlines?asOf=2026-05-05")
                .then().statusCode(200).body("[0].kind", equalTo("INTEGRATION_REPORT"))
                .body("[0].status", equalTo("OVERDUE"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/cases?phase=1&size=200")
                .then().statusCode(200).body("items.caseId", hasItem(caseId));

        String refused = openCase();
        post(DevInstitution.SD_MENZIKEN, "/cases/" + refused + "/mandate", Map.of("ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-2026-2", "exclusionCriteria", List.of("NO_WORK_PERMIT")))
                .then().statusCode(200).body("mandate.status", equalTo("REFUSED"))
                .body("mandate.refusedFor", equalTo(List.of("NO_WORK_PERMIT")));
    }
}
