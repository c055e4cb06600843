package ch.iiz.service.testing;

import ch.iiz.events.Topics;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;
import ch.iiz.localstack.TestInfrastructure;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What every service must do from its first day, checked against the real broker and database: start healthy,
 * create the topics, migrate its schema, serve OpenAPI and metrics, and refuse any request without a valid token.
 * Each service's test extends it under {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationTest {

    /** The service's own database, e.g. {@code case_service}. */
    protected abstract String databaseName();

    protected static String token(DevInstitution institution) {
        return TestInfrastructure.get().tokens().mint(institution, Duration.ofMinutes(30));
    }

    @Test
    void health_is_up_with_kafka_and_the_database() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    @Test
    void requests_without_a_valid_token_are_rejected() {
        TestInfrastructure infra = TestInfrastructure.get();
        given().when().get("/me").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/me").then().statusCode(401);
        String foreignKey = DevTokens.generate().mint(DevInstitution.RAV_AARAU, Duration.ofMinutes(5));
        given().auth().oauth2(foreignKey).when().get("/me").then().statusCode(401);
        String expired = infra.tokens().sign(Map.of("iss", DevTokens.ISSUER, "sub", "x", "groups", List.of("caseworker"),
                "institution_id", "RAV-AG-AARAU", "institution_type", "RAV",
                "iat", Instant.now().minusSeconds(7200).getEpochSecond(),
                "exp", Instant.now().minusSeconds(3600).getEpochSecond()));
        given().auth().oauth2(expired).when().get("/me").then().statusCode(401);
        String otherIssuer = infra.tokens().sign(Map.of("iss", "https://somebody-else", "sub", "x",
                "groups", List.of("caseworker"), "institution_id", "RAV-AG-AARAU", "institution_type", "RAV",
                "iat", Instant.now().getEpochSecond(), "exp", Instant.now().plusSeconds(600).getEpochSecond()));
        given().auth().oauth2(otherIssuer).when().get("/me").then().statusCode(401);
    }

    @Test
    void every_refusal_at_the_edge_is_a_problem_naming_what_failed() {
        String token = token(DevInstitution.SD_MENZIKEN);
        assertProblem(given().when().get("/me"), 401, "Authorization");
        assertProblem(given().auth().oauth2("not-a-jwt").when().get("/me"), 401, "Authorization");
        assertProblem(given().auth().oauth2(token).when().get("/no-such-resource"), 404, "path");
        assertProblem(given().auth().oauth2(token).when().delete("/me"), 405, "method");
        assertProblem(given().auth().oauth2(token).accept("application/xml").when().get("/me"), 406, "Accept");
        assertProblem(given().auth().oauth2(token).when().get("/me?q=" + "x".repeat(9000)), 414, "uri");
        assertProblem(given().auth().oauth2(token).header("X-Filler", "y".repeat(20_000)).when().get("/me"), 431,
                "headers");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body("[" + "1,".repeat(600_000) + "1]")
                .when().post("/me"), 413, "body");
    }

    private static void assertProblem(io.restassured.response.Response response, int status, String field) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("field", equalTo(field))
                .body("rule", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    @Test
    void a_valid_token_identifies_the_institution_and_its_roles() {
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/me")
                .then().statusCode(200)
                .body("institutionId", equalTo("SD-AG-MENZIKEN"))
                .body("institutionType", equalTo("SOCIAL_SERVICES"))
                .body("municipality", equalTo("Menziken"))
                .body("roles", hasItem("municipality"));
    }

    @Test
    void a_token_without_an_institution_is_refused_as_problem_json() {
        String anonymous = TestInfrastructure.get().tokens().sign(Map.of("iss", DevTokens.ISSUER, "sub", "x",
                "groups", List.of("caseworker"), "iat", Instant.now().getEpochSecond(),
                "exp", Instant.now().plusSeconds(600).getEpochSecond()));
        given().auth().oauth2(anonymous).when().get("/me")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("rule", equalTo("institution-claim-required"));
    }

    @Test
    void the_topics_exist_with_the_contract_settings() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.EVENT_TOPICS).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            topics.values().forEach(t -> assertThat(t.partitions()).hasSize(Topics.EVENT_TOPIC_PARTITIONS));
            Map<ConfigResource, Config> configs = admin.describeConfigs(Topics.EVENT_TOPICS.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(30, TimeUnit.SECONDS);
            configs.values().forEach(c -> assertThat(c.get("retention.ms").value()).isEqualTo("-1"));
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.deadLetterTopics());
        }
    }

    @Test
    void the_schema_is_migrated_in_the_services_own_database() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (var connection = DriverManager.getConnection(infra.jdbcUrl(databaseName()), infra.username(),
                infra.password()); var statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("select count(*) from flyway_schema_history where success");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void openapi_swagger_and_metrics_are_served() {
        given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/me"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
