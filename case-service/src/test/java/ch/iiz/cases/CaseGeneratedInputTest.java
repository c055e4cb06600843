package ch.iiz.cases;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.GeneratedInputTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Generated malformed input on every case-service operation, with the token of the municipality that opened the case. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
class CaseGeneratedInputTest extends GeneratedInputTest {

    private String token;
    private String caseId;

    @Override
    protected String serviceName() {
        return "case-service";
    }

    @Override
    protected void prepare() {
        token = TestInfrastructure.get().tokens().mint(DevInstitution.SD_MENZIKEN, Duration.ofMinutes(30));
        Map<String, Object> open = Map.of(
                "clientId", "cl-gen-" + UUID.randomUUID().toString().substring(0, 8),
                "cooperationModel", "AARGAU",
                "program", "AMIPLUS",
                "canton", "AG",
                "openedOn", "2026-03-02",
                "entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", "SD-AG-MENZIKEN")),
                "participants", List.of(Map.of("institutionId", "RAV-AG-AARAU")),
                "consent", Map.of("givenOn", "2026-03-01", "institutionIds", List.of("SD-AG-MENZIKEN", "RAV-AG-AARAU"),
                        "documentRef", "dms://consent/generated-input"));
        caseId = given().auth().oauth2(token).contentType(ContentType.JSON).body(open)
                .when().post("/cases").then().statusCode(201).extract().path("caseId");
    }

    @Override
    protected String token() {
        return token;
    }

    @Override
    protected Map<String, String> knownValues() {
        return Map.of("caseId", caseId, "institutionId", "RAV-AG-AARAU", "canton", "AG",
                "clientId", "cl-gen-known");
    }

    /** The case's ETag and the number of its events. */
    @Override
    protected String stateFingerprint() {
        Response c = given().auth().oauth2(token).when().get("/cases/" + caseId);
        Response events = given().auth().oauth2(token).when().get("/cases/" + caseId + "/events");
        return "ETag " + c.getHeader("ETag") + ", " + events.jsonPath().getList("$").size() + " events";
    }
}
