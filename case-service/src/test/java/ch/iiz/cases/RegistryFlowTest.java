package ch.iiz.cases;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static ch.iiz.cases.support.CaseFixtures.openRequest;
import static ch.iiz.cases.support.CaseFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The institution registry: what an administrator registers is what a case may name, with the registry's type. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "case_service"))
class RegistryFlowTest {

    static Map<String, Object> entry(String type, String name) {
        return Map.of("institutionType", type, "name", name, "canton", "AG", "billing", Map.of(
                "name", name, "street", "Bahnhofstrasse", "houseNumber", "1", "postalCode", "5400", "town", "Baden",
                "country", "CH", "iban", "CH9300762011623852957"));
    }

    @Test
    void the_sample_institutions_are_registered_and_everyone_reads_the_registry() {
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/institutions")
                .then().statusCode(200).body("institutionId", hasItem("SD-AG-MENZIKEN"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/institutions/SD-AG-MENZIKEN")
                .then().statusCode(200).body("institutionType", equalTo("SOCIAL_SERVICES"))
                .body("municipality", equalTo("Menziken"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/institutions/NOBODY")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void only_administrators_register_and_a_case_may_name_only_registered_institutions() {
        Map<String, Object> open = new HashMap<>(openRequest("cl-reg-1"));
        open.put("participants", List.of(Map.of("institutionId", "RAV-AG-BADEN")));
        open.put("consent", Map.of("institutionIds", List.of("SD-AG-MENZIKEN", "RAV-AG-BADEN"),
                "documentRef", "dms://consent/reg"));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body(open)
                .when().post("/cases").then().statusCode(409).contentType("application/problem+json")
                .body("rule", equalTo("unknown-institution")).body("field", equalTo("participants[0].institutionId"));

        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(entry("RAV", "RAV Baden")).when().put("/institutions/RAV-AG-BADEN")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token(DevInstitution.AUDITOR)).contentType(ContentType.JSON)
                .body(entry("RAV", "RAV Baden")).when().put("/institutions/RAV-AG-BADEN")
                .then().statusCode(403);
        given().auth().oauth2(token(DevInstitution.ADMIN)).contentType(ContentType.JSON)
                .body(entry("RAV", "RAV Baden")).when().put("/institutions/RAV-AG-BADEN")
                .then().statusCode(200).body("institutionType", equalTo("RAV"));

        // now registered: the case names it, and its type is the registry's, whatever a client might claim
        String caseId = given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body(open)
                .when().post("/cases").then().statusCode(201).extract().path("caseId");
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseId)
                .then().statusCode(200)
                .body("participants.find { it.institutionId == 'RAV-AG-BADEN' }.institutionType", equalTo("RAV"));
        Map<String, Object> claimed = new HashMap<>(open);
        claimed.put("participants", List.of(Map.of("institutionId", "RAV-AG-BADEN", "institutionType", "SOCIAL_SERVICES")));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body(claimed)
                .when().post("/cases").then().statusCode(400).body("rule", equalTo("unknown-field"));
    }
}
