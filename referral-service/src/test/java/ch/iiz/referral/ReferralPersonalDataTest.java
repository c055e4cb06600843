package ch.iiz.referral;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.cases.PersonalDataErased;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.TestKafka;
import ch.iiz.service.testing.DatabaseDump;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ch.iiz.referral.support.ReferralFixtures.publishCaseEvent;
import static ch.iiz.referral.support.ReferralFixtures.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Handover reasons are personal data of the client: referral-service seals them with its own key for the client
 * before they reach an event, so neither iiz.referral.events nor any of its tables holds them in clear; GET
 * /cases/{id}/lead opens them for readers of the case; case-service's PersonalDataErased deletes referral-service's
 * key, after which they read as [erased].
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "referral_service"))
class ReferralPersonalDataTest {

    private static final Duration WAIT = TestKafka.WAIT;
    private static final String LEGAL_BASIS = "Art. 32 Abs. 2 lit. c DSG: request of the client";

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Inject
    TestClock clock;

    @Test
    void handover_reasons_are_sealed_everywhere_readable_by_the_case_readers_and_erased_with_the_client() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String clientId = "cl-ref-" + unique;
        String caseId = UUID.randomUUID().toString();
        LocalDate today = LocalDate.now(clock);
        publish(caseId, 0, new CaseOpened(clientId, CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, "RAV-LU-SURSEE",
                today, "LU", false, List.of(new Entitlement(Benefit.ALV, "RAV-LU-SURSEE")),
                List.of(new Participant("RAV-LU-SURSEE", InstitutionType.RAV, "LU", null),
                        new Participant("IV-LU-WAS", InstitutionType.IV, "LU", null))));
        publish(caseId, 1, new ConsentRecorded("cons-1", today, List.of("RAV-LU-SURSEE", "IV-LU-WAS"), "dms://c"));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(DevInstitution.RAV_SURSEE))
                .when().get("/cases/" + caseId + "/lead").then().statusCode(200).body("version", equalTo(1)));

        String proposal1 = "Gesundheitliche Einschraenkungen stehen im Vordergrund " + unique;
        String decline = "Keine Kapazitaet, Klient hat IV-Verfahren hängig " + unique;
        String proposal2 = "Psychische Belastung, Fallfuehrung durch IV sinnvoll " + unique;
        String withdrawal = "Klient zieht nach Bern " + unique;
        String first = propose(caseId, proposal1);
        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).contentType(ContentType.JSON)
                .body(Map.of("reason", decline)).when().post("/cases/" + caseId + "/handovers/" + first + "/decline")
                .then().statusCode(200).body("handovers[0].answerReason", equalTo("[sealed]")); // the stored answer
        String second = propose(caseId, proposal2);
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("reason", withdrawal)).when().post("/cases/" + caseId + "/handovers/" + second + "/withdrawal")
                .then().statusCode(200);

        JsonPath lead = lead(DevInstitution.IV_LUZERN, caseId);
        assertThat(reason(lead, first, "reason")).isEqualTo(proposal1);
        assertThat(reason(lead, first, "answerReason")).isEqualTo(decline);
        assertThat(reason(lead, second, "reason")).isEqualTo(proposal2);
        assertThat(reason(lead, second, "answerReason")).isEqualTo(withdrawal);
        assertThat(reason(lead(DevInstitution.AUDITOR, caseId), first, "answerReason")).isEqualTo(decline);
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when().get("/cases/" + caseId + "/handovers/" + first)
                .then().statusCode(200).body("reason", equalTo(proposal1)).body("answerReason", equalTo(decline));
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when().get("/handovers?direction=outgoing")
                .then().statusCode(200).body("find { it.handoverId == '" + second + "' }.reason", equalTo(proposal2));

        List<String> clear = List.of(proposal1, decline, proposal2, withdrawal);
        List<ConsumerRecord<String, String>> before = referralRecords(caseId, 4);
        assertNoClearText(before, clear);
        assertThat(before).allSatisfy(r -> assertThat(r.value()).contains("\"reason\":\"enc:v1:"));
        assertNoClearTextInTheDatabase(clear);

        // case-service erased the client's personal data: referral-service's key for the client goes too
        publish(caseId, 2, new PersonalDataErased(clientId, LEGAL_BASIS, "RAV-LU-SURSEE", today));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(reason(lead(DevInstitution.RAV_SURSEE, caseId), first, "reason")).isEqualTo("[erased]"));
        JsonPath after = lead(DevInstitution.RAV_SURSEE, caseId);
        assertThat(reason(after, first, "answerReason")).isEqualTo("[erased]");
        assertThat(reason(after, second, "reason")).isEqualTo("[erased]");
        assertThat(reason(after, second, "answerReason")).isEqualTo("[erased]");
        assertThat(after.getString("leadInstitutionId")).isEqualTo("RAV-LU-SURSEE"); // the rest stays as it was

        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("referral_service"), infra.username(), infra.password());
             PreparedStatement ps = c.prepareStatement(
                     "select key, erased_at, erased_by, legal_basis from client_key where client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).as("the key is gone").isNull();
                assertThat(rs.getTimestamp(2)).isNotNull();
                assertThat(rs.getString(3)).isEqualTo("RAV-LU-SURSEE");
                assertThat(rs.getString(4)).isEqualTo(LEGAL_BASIS);
            }
        }
        assertNoClearText(referralRecords(caseId, 4), clear);
        assertNoClearTextInTheDatabase(clear);
        // no new personal data for an erased client
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "IV-LU-WAS", "reason", "neu")).when().post("/cases/" + caseId + "/handovers")
                .then().statusCode(409).body("rule", equalTo("personal-data-erased"));
    }

    private void publish(String caseId, long sequence, CaseEvent event) {
        publishCaseEvent(kafka.companion(), caseId, sequence, event, UUID.randomUUID());
    }

    private static String propose(String caseId, String reason) {
        String location = given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "IV-LU-WAS", "reason", reason)).when().post("/cases/" + caseId + "/handovers")
                .then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static JsonPath lead(DevInstitution who, String caseId) {
        return given().auth().oauth2(token(who)).when().get("/cases/" + caseId + "/lead").then().statusCode(200)
                .extract().jsonPath();
    }

    private static String reason(JsonPath lead, String handoverId, String field) {
        return lead.getString("handovers.find { it.handoverId == '" + handoverId + "' }." + field);
    }

    private List<ConsumerRecord<String, String>> referralRecords(String caseId, int expected) {
        return kafka.records(Topics.REFERRAL_EVENTS, r -> caseId.equals(r.key()), expected);
    }

    private static void assertNoClearText(List<ConsumerRecord<String, String>> records, List<String> clear) {
        for (ConsumerRecord<String, String> record : records) {
            for (String text : clear) {
                assertThat(record.value()).as("record at offset %d", record.offset()).doesNotContain(text);
            }
        }
    }

    private static void assertNoClearTextInTheDatabase(List<String> clear) throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, List<String>> dump = DatabaseDump.rows(infra.jdbcUrl("referral_service"), infra.username(),
                infra.password());
        assertThat(dump).containsKeys("domainevententry", "client_key", "idempotency_key", "handover_view");
        for (String text : clear) {
            assertThat(DatabaseDump.containing(dump, text)).as("tables holding '%s'", text).isEmpty();
        }
    }
}
