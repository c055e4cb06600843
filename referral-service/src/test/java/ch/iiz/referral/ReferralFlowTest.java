package ch.iiz.referral;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverDeclined;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.referral.expiry.ExpiryJob;
import ch.iiz.referral.support.ReferralFixtures;
import ch.iiz.service.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ch.iiz.referral.support.ReferralFixtures.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * referral-service on the real broker and database: case events in, lead decisions out, exactly once; an OPTIMA
 * handover accepted and then expired by the clock; duplicates and poison records.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "referral_service"))
class ReferralFlowTest {

    private static final Duration WAIT = TestKafka.WAIT;

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Inject
    TestClock clock;
    @Inject
    ExpiryJob expiry;

    String publishCaseEvent(String caseId, long sequence, CaseEvent event, UUID eventId) {
        return ReferralFixtures.publishCaseEvent(kafka.companion(), caseId, sequence, event, eventId);
    }

    /** Lead decisions (and other referral events) published for the case, read from the beginning. */
    List<EventEnvelope<IntegrationEvent>> referralEvents(String caseId, int expected) {
        return ReferralFixtures.referralEvents(kafka, caseId, expected);
    }

    String openOptimaCase() {
        String caseId = UUID.randomUUID().toString();
        LocalDate today = LocalDate.now(clock);
        publishCaseEvent(caseId, 0, new CaseOpened("cl-opt-1", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA,
                "RAV-LU-SURSEE", today, "LU", false, List.of(new Entitlement(Benefit.ALV, "RAV-LU-SURSEE")),
                List.of(new Participant("RAV-LU-SURSEE", InstitutionType.RAV, "LU", null),
                        new Participant("IV-LU-WAS", InstitutionType.IV, "LU", null),
                        new Participant("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"))),
                UUID.randomUUID());
        publishCaseEvent(caseId, 1, new ConsentRecorded("cons-1", today, List.of("RAV-LU-SURSEE", "IV-LU-WAS"),
                "dms://c"), UUID.randomUUID());
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(DevInstitution.RAV_SURSEE))
                .when().get("/cases/" + caseId + "/lead").then().statusCode(200).body("version", equalTo(1)));
        return caseId;
    }

    String propose(String caseId, Map<String, Object> body) {
        String location = given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(body).when().post("/cases/" + caseId + "/handovers")
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void aargau_alv_and_iv_on_the_case_topic_makes_the_iv_office_lead_once() {
        String caseId = UUID.randomUUID().toString();
        UUID opened = UUID.randomUUID();
        CaseEvent open = new CaseOpened("cl-ag-1", CooperationModel.AARGAU, Program.COOPERATION, "RAV-AG-AARAU",
                LocalDate.of(2026, 3, 2), "AG", false,
                List.of(new Entitlement(Benefit.ALV, "RAV-AG-AARAU"), new Entitlement(Benefit.IV, "IV-AG-SVA")),
                List.of(new Participant("RAV-AG-AARAU", InstitutionType.RAV, "AG", null),
                        new Participant("IV-AG-SVA", InstitutionType.IV, "AG", null)));
        UUID consent = UUID.randomUUID();
        ConsentRecorded consented = new ConsentRecorded("c1", LocalDate.of(2026, 3, 2),
                List.of("RAV-AG-AARAU", "IV-AG-SVA"), "dms://c");
        publishCaseEvent(caseId, 0, open, opened);
        publishCaseEvent(caseId, 1, consented, consent);
        publishCaseEvent(caseId, 1, consented, consent); // delivered twice
        publishCaseEvent(caseId, 0, open, opened);

        List<EventEnvelope<IntegrationEvent>> events = referralEvents(caseId, 1);
        assertThat(events).hasSize(1);
        LeadDecided decision = (LeadDecided) events.get(0).payload();
        assertThat(decision.leadInstitutionId()).isEqualTo("IV-AG-SVA");
        assertThat(decision.basis()).isEqualTo(LeadBasis.AARGAU_IV_ALV);
        assertThat(events.get(0).causationId()).isEqualTo(consent);
    }

    @Test
    void an_accepted_optima_handover_decides_the_lead_once_and_returns_it_when_it_ends() {
        String caseId = openOptimaCase();
        LocalDate today = LocalDate.now(clock);
        String handover = propose(caseId, Map.of("toInstitutionId", "IV-LU-WAS",
                "reason", "health limitations dominate", "plannedEndOn", today.plusDays(30).toString()));
        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/handovers?direction=incoming&status=PROPOSED")
                .then().statusCode(200).body("handoverId", hasItem(handover));
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/cases/" + caseId + "/handovers/" + handover + "/acceptance")
                .then().statusCode(409).body("rule", equalTo("proposed-institution-answers"));
        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).contentType(ContentType.JSON).body(Map.of())
                .when().post("/cases/" + caseId + "/handovers/" + handover + "/acceptance")
                .then().statusCode(200).body("leadInstitutionId", equalTo("IV-LU-WAS"));

        clock.advance(Duration.ofDays(32));
        assertThat(expiry.runOnce()).isGreaterThanOrEqualTo(1);

        List<EventEnvelope<IntegrationEvent>> events = referralEvents(caseId, 5);
        assertThat(events).extracting(EventEnvelope::type).containsExactly("LeadHandoverProposed",
                "LeadHandoverAccepted", "LeadDecided", "LeadHandoverEnded", "LeadDecided");
        LeadDecided handedOver = (LeadDecided) events.get(2).payload();
        assertThat(handedOver.leadInstitutionId()).isEqualTo("IV-LU-WAS");
        assertThat(handedOver.commissioningInstitutionId()).isEqualTo("RAV-LU-SURSEE");
        LeadDecided returned = (LeadDecided) events.get(4).payload();
        assertThat(returned.basis()).isEqualTo(LeadBasis.OPTIMA_RETURN);
        assertThat(returned.leadInstitutionId()).isEqualTo("RAV-LU-SURSEE");
        assertThat(returned.effectiveOn()).isEqualTo(today.plusDays(31));
        assertThat(events).extracting(EventEnvelope::sequence).isSorted();

        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/cases/" + caseId + "/lead")
                .then().statusCode(200).body("leadInstitutionId", equalTo("RAV-LU-SURSEE"))
                .body("leadHistory.basis", equalTo(List.of("OPENING", "OPTIMA_HANDOVER", "OPTIMA_RETURN")));
    }

    @Test
    void silence_past_the_answer_deadline_is_recorded_as_declined() {
        String caseId = openOptimaCase();
        LocalDate today = LocalDate.now(clock);
        propose(caseId, Map.of("toInstitutionId", "IV-LU-WAS", "reason", "better competences",
                "answerDueOn", today.plusDays(2).toString()));
        clock.advance(Duration.ofDays(4));
        expiry.runOnce();
        expiry.runOnce(); // a second run, as another instance would, changes nothing

        List<EventEnvelope<IntegrationEvent>> events = referralEvents(caseId, 2);
        assertThat(events.get(1).payload()).isInstanceOf(LeadHandoverDeclined.class);
        assertThat(((LeadHandoverDeclined) events.get(1).payload()).deadlineExpired()).isTrue();
    }

    @Test
    void rules_and_scoping_answer_with_problems() {
        String caseId = openOptimaCase();
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "SD-LU-SURSEE", "reason", "social first"))
                .when().post("/cases/" + caseId + "/handovers")
                .then().statusCode(409).contentType("application/problem+json").body("rule", equalTo("consent-required"));
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("reason", "no target"))
                .when().post("/cases/" + caseId + "/handovers")
                .then().statusCode(400).body("field", equalTo("toInstitutionId"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/cases/" + caseId + "/lead")
                .then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "IV-LU-WAS", "reason", "x"))
                .when().post("/cases/" + caseId + "/handovers").then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/cases/" + caseId + "/lead").then().statusCode(200);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "IV-LU-WAS", "reason", "x"))
                .when().post("/cases/" + caseId + "/handovers").then().statusCode(403);
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_topic_with_the_reason() {
        String key = "poison-" + UUID.randomUUID();
        kafka.publish(Topics.CASE_EVENTS, key, "[1,2,3]");
        List<ConsumerRecord<String, String>> dlq = kafka.records(Topics.deadLetterTopic("referral-service"),
                r -> key.equals(r.key()), 1);
        assertThat(TestKafka.header(dlq.get(0), Topics.HEADER_DLQ_REASON)).contains("envelope must be a JSON object");
    }
}
