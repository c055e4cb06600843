package ch.iiz.cases.support;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What case-service's tests need again and again: dev tokens, an AMIplus case opened by REST, the event store. */
public final class CaseFixtures {

    private CaseFixtures() {
    }

    public static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    /** POST {@code body} as JSON to {@code path} with the token of {@code who}. */
    public static Response post(DevInstitution who, String path, Object body) {
        return given().auth().oauth2(token(who)).contentType(ContentType.JSON).body(body).when().post(path);
    }

    /** A fresh pseudonymous client id with this prefix. */
    public static String clientId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An Aargau AMIplus case opened by the Menziken social services, the Aarau RAV taking part, both consented. */
    public static Map<String, Object> openRequest(String clientId) {
        return openRequest(clientId, "dms://consent/test");
    }

    public static Map<String, Object> openRequest(String clientId, String consentRef) {
        return Map.of(
                "clientId", clientId,
                "cooperationModel", "AARGAU",
                "program", "AMIPLUS",
                "canton", "AG",
                "openedOn", "2026-03-02",
                "entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", "SD-AG-MENZIKEN")),
                "participants", List.of(Map.of("institutionId", "RAV-AG-AARAU")),
                "consent", Map.of("givenOn", "2026-03-01", "institutionIds", List.of("SD-AG-MENZIKEN", "RAV-AG-AARAU"),
                        "documentRef", consentRef));
    }

    /** POST /cases as the Menziken social services; the answer, checked to be 201. */
    public static ValidatableResponse open(Map<String, Object> request) {
        return given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON).body(request)
                .when().post("/cases").then().statusCode(201);
    }

    /** A new case of {@link #openRequest}; its id. */
    public static String openCase() {
        return openCase("dms://consent/test");
    }

    public static String openCase(String consentRef) {
        return open(openRequest(clientId("cl-"), consentRef)).extract().path("caseId");
    }

    public static Connection database() throws SQLException {
        TestInfrastructure infra = TestInfrastructure.get();
        return DriverManager.getConnection(infra.jdbcUrl("case_service"), infra.username(), infra.password());
    }

    /** The events in case-service's event store, of all cases. */
    public static long storedEvents() throws SQLException {
        try (var c = database(); var rs = c.createStatement().executeQuery("select count(*) from domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The events of one case in case-service's event store. */
    public static long storedEvents(String caseId) throws SQLException {
        try (var c = database();
             PreparedStatement ps = c.prepareStatement("select count(*) from domainevententry where aggregateidentifier = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
