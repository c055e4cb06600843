package ch.iiz.cases;

import ch.iiz.cases.support.CaseFixtures;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.service.testing.GeneratedInputTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import java.util.Map;

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
        token = CaseFixtures.token(DevInstitution.SD_MENZIKEN);
        caseId = CaseFixtures.open(CaseFixtures.openRequest(CaseFixtures.clientId("cl-gen-"),
                "dms://consent/generated-input")).extract().path("caseId");
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
