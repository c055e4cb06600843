package ch.iiz.cases;

import ch.iiz.service.testing.TestKafka;
import ch.iiz.events.Topics;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.DatabaseDump;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ch.iiz.cases.support.CaseFixtures.database;
import static ch.iiz.cases.support.CaseFixtures.open;
import static ch.iiz.cases.support.CaseFixtures.openRequest;
import static ch.iiz.cases.support.CaseFixtures.post;
import static ch.iiz.cases.support.CaseFixtures.storedEvents;
import static ch.iiz.cases.support.CaseFixtures.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Personal data of the client (provider names, reasons, health-related exclusion criteria) on the real broker and
 * database: sealed with the client's key before any event, so neither the topic nor any table of case-service holds
 * it in clear; readable in clear only through GET /cases/{id}; erased by the opening institution on a legal basis
 * (its key deleted), after which it reads as [erased] and the erasure is on the topic and in the auditor's view.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
class CasePersonalDataTest {

    private static final String HEALTH_1 = "ACUTE_ADDICTION";
    private static final String HEALTH_2 = "PERMANENT_WORK_INCAPACITY_OVER_80_PERCENT";
    private static final String LEGAL_BASIS = "Art. 32 Abs. 2 lit. c DSG: request of the client";

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Test
    void personal_data_is_sealed_everywhere_readable_by_the_owner_and_erased_by_the_opener() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String clientId = "cl-" + unique;
        String provider = "Stiftung Wendepunkt " + unique;
        String refusal = "Budget erschoepft, Klient in Suchttherapie " + unique;
        String cancellation = "Klient ins Spital eingetreten " + unique;
        String caseId = open(openRequest(clientId)).extract().path("caseId");
        String base = "/cases/" + caseId;

        post(DevInstitution.SD_MENZIKEN, base + "/measures", Map.of("measureId", "mea-a", "kind", "EMPLOYMENT_PROGRAMME",
                "provider", provider, "estimatedCostChf", "2400.00", "financingInstitutionId", "SD-AG-MENZIKEN",
                "proposedOn", "2026-03-05"))
                .then().statusCode(200).body("measures[0].provider", equalTo("[sealed]")); // the stored answer
        post(DevInstitution.SD_MENZIKEN, base + "/measures/mea-a/cost-refusal",
                Map.of("reason", refusal, "refusedOn", "2026-03-06")).then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, base + "/measures", Map.of("measureId", "mea-b", "kind", "COACHING",
                "provider", provider, "estimatedCostChf", "300.00", "financingInstitutionId", "SD-AG-MENZIKEN",
                "proposedOn", "2026-03-05")).then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, base + "/measures/mea-b/cancellation",
                Map.of("reason", cancellation, "cancelledOn", "2026-03-07")).then().statusCode(200);
        // the intake assessment finds a health-related and another criterion: refused, decided on both
        post(DevInstitution.SD_MENZIKEN, base + "/mandate", Map.of("mandateId", "man-1", "ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-1", "issuedOn", "2026-03-10", "exclusionCriteria", List.of(HEALTH_1, "NO_WORK_PERMIT")))
                .then().statusCode(200).body("mandate.status", equalTo("REFUSED"));

        JsonPath owner = read(DevInstitution.SD_MENZIKEN, caseId);
        assertThat(owner.getString("measures.find { it.measureId == 'mea-a' }.provider")).isEqualTo(provider);
        assertThat(owner.getString("measures.find { it.measureId == 'mea-a' }.costRefusalReason")).isEqualTo(refusal);
        assertThat(owner.getString("measures.find { it.measureId == 'mea-b' }.cancellationReason")).isEqualTo(cancellation);
        assertThat(owner.getList("mandate.refusedFor", String.class)).containsExactlyInAnyOrder("NO_WORK_PERMIT", HEALTH_1);

        post(DevInstitution.SD_MENZIKEN, base + "/mandate", Map.of("mandateId", "man-2", "ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-2", "issuedOn", "2026-03-12")).then().statusCode(200);
        post(DevInstitution.RAV_AARAU, base + "/exclusion-criteria", Map.of("criterion", HEALTH_2, "reportedOn", "2026-03-20"))
                .then().statusCode(200).body("abortReason", equalTo("EXCLUSION_CRITERION"))
                .body("exclusionCriterion", equalTo("[sealed]"));
        // every reader the access rule lets read the case reads it in clear from the owner
        assertThat(read(DevInstitution.RAV_AARAU, caseId).getString("exclusionCriterion")).isEqualTo(HEALTH_2);
        assertThat(read(DevInstitution.AUDITOR, caseId).getString("exclusionCriterion")).isEqualTo(HEALTH_2);

        // only the opening institution erases: a participant, an auditor, operations are refused
        erase(DevInstitution.RAV_AARAU, caseId).then().statusCode(403).body("rule", equalTo("opener-erases"));
        erase(DevInstitution.AUDITOR, caseId).then().statusCode(403);
        erase(DevInstitution.OPS, caseId).then().statusCode(403);
        erase(DevInstitution.SD_REINACH, caseId).then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body(Map.of())
                .when().delete(base + "/personal-data").then().statusCode(400).body("field", equalTo("legalBasis"));

        String consentId = owner.getString("consents[0].consentId");
        post(DevInstitution.SD_MENZIKEN, base + "/consents/" + consentId + "/revocation", Map.of("revokedOn", "2026-03-25"))
                .then().statusCode(200);
        String removal = "consent " + consentId + " revoked";
        assertThat(read(DevInstitution.SD_MENZIKEN, caseId).getString("removedParticipants[0].reason")).isEqualTo(removal);

        List<String> clear = List.of(provider, refusal, cancellation, removal, HEALTH_1, HEALTH_2);
        List<ConsumerRecord<String, String>> before = records(caseId, storedEvents(caseId));
        assertNoClearText(before, clear);
        assertThat(before.stream().map(ConsumerRecord::value).filter(v -> v.contains("\"enc:v1:")).count())
                .as("sealed values on the topic").isGreaterThanOrEqualTo(7);
        assertNoClearTextInTheDatabase(clear);

        // the opening institution erases the client's personal data
        erase(DevInstitution.SD_MENZIKEN, caseId).then().statusCode(200)
                .body("personalDataErasures[0].legalBasis", equalTo(LEGAL_BASIS))
                .body("personalDataErasures[0].erasedBy", equalTo("SD-AG-MENZIKEN"));
        erase(DevInstitution.SD_MENZIKEN, caseId).then().statusCode(409).body("rule", equalTo("already-erased"));

        JsonPath after = read(DevInstitution.SD_MENZIKEN, caseId);
        assertThat(after.getString("measures.find { it.measureId == 'mea-a' }.provider")).isEqualTo("[erased]");
        assertThat(after.getString("measures.find { it.measureId == 'mea-a' }.costRefusalReason")).isEqualTo("[erased]");
        assertThat(after.getString("measures.find { it.measureId == 'mea-b' }.cancellationReason")).isEqualTo("[erased]");
        assertThat(after.getString("exclusionCriterion")).isEqualTo("[erased]");
        assertThat(after.getString("removedParticipants[0].reason")).isEqualTo("[erased]");
        // what is not personal data stays: amounts, statuses, the abort reason
        assertThat(after.getDouble("measures.find { it.measureId == 'mea-a' }.estimatedCostChf")).isEqualTo(2400.0);
        assertThat(after.getString("measures.find { it.measureId == 'mea-a' }.status")).isEqualTo("REFUSED");
        assertThat(after.getString("abortReason")).isEqualTo("EXCLUSION_CRITERION");
        assertThat(read(DevInstitution.AUDITOR, caseId).getString("exclusionCriterion")).isEqualTo("[erased]");
        // no new personal data for an erased client
        post(DevInstitution.SD_MENZIKEN, base + "/measures", Map.of("kind", "COACHING", "provider", "Neuer Anbieter",
                "estimatedCostChf", "100.00", "financingInstitutionId", "SD-AG-MENZIKEN"))
                .then().statusCode(409).body("rule", equalTo("personal-data-erased"));

        try (var c = database();
             PreparedStatement ps = c.prepareStatement(
                     "select key, erased_at, erased_by, legal_basis from client_key where client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).as("the key is gone").isNull();
                assertThat(rs.getTimestamp(2)).isNotNull();
                assertThat(rs.getString(3)).isEqualTo("SD-AG-MENZIKEN");
                assertThat(rs.getString(4)).isEqualTo(LEGAL_BASIS);
            }
        }

        List<ConsumerRecord<String, String>> all = records(caseId, storedEvents(caseId));
        assertThat(all.get(all.size() - 1).value()).contains("\"type\":\"PersonalDataErased\"").contains(clientId)
                .contains(LEGAL_BASIS);
        assertNoClearText(all, clear);
        assertNoClearTextInTheDatabase(clear);

        // the auditor sees who erased what and when; nobody else
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + caseId + "/erasures")
                .then().statusCode(200).body("size()", equalTo(1))
                .body("[0].erasedBy", equalTo("SD-AG-MENZIKEN")).body("[0].legalBasis", equalTo(LEGAL_BASIS))
                .body("[0].clientId", equalTo(clientId)).body("[0].actor.institutionId", equalTo("SD-AG-MENZIKEN"));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/audit/cases/" + caseId + "/erasures")
                .then().statusCode(403);
    }

    private static JsonPath read(DevInstitution who, String caseId) {
        return given().auth().oauth2(token(who)).when().get("/cases/" + caseId).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response erase(DevInstitution who, String caseId) {
        return given().auth().oauth2(token(who)).contentType(ContentType.JSON).body(Map.of("legalBasis", LEGAL_BASIS))
                .when().delete("/cases/" + caseId + "/personal-data");
    }

    private List<ConsumerRecord<String, String>> records(String caseId, long expected) {
        return kafka.records(Topics.CASE_EVENTS, r -> caseId.equals(r.key()), (int) expected);
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
        Map<String, List<String>> dump = DatabaseDump.rows(infra.jdbcUrl("case_service"), infra.username(),
                infra.password());
        assertThat(dump).containsKeys("domainevententry", "client_key", "idempotency_key", "case_summary");
        assertThat(dump.get("domainevententry")).isNotEmpty();
        for (String text : clear) {
            assertThat(DatabaseDump.containing(dump, text)).as("tables holding '%s'", text).isEmpty();
        }
    }
}
