package ch.iiz.placement;

import ch.iiz.events.Benefit;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.GeneratedInputTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Generated malformed input on every placement-service operation, with the token of the Jobcenter Kassel, which
 * organises a course and takes part in a Hessen case seeded through the case topic; vacancies are recorded with the
 * token of the Agentur fuer Arbeit, the only kind of institution that may.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "placement_service"))
class PlacementGeneratedInputTest extends GeneratedInputTest {

    @Inject
    TestClock clock;

    private String caseId;
    private String courseId;
    private String reservationId;
    private String vacancyId;

    @Override
    protected String serviceName() {
        return "placement-service";
    }

    @Override
    protected void prepare() {
        LocalDate today = LocalDate.now(clock);
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            caseId = HessenCases.open(companion, today, DevInstitution.JC_KASSEL, Benefit.SGB_II,
                    List.of(DevInstitution.AA_KASSEL), List.of("JC-HE-KASSEL", "AA-HE-KASSEL"));
        }
        String course = given().auth().oauth2(token()).contentType(ContentType.JSON)
                .body(Map.of("measureKind", "TRAINING", "provider", "Bildungswerk Nordhessen", "seats", 10,
                        "minimumParticipants", 2, "startDate", today.plusDays(40).toString(), "pricePerSeat", "1850.00",
                        "decisionDate", today.plusDays(30).toString()))
                .when().post("/courses").then().statusCode(201).extract().header("Location");
        courseId = course.substring(course.lastIndexOf('/') + 1);
        String[] reservation = new String[1];
        await().atMost(HessenCases.WAIT).untilAsserted(() -> reservation[0] = given().auth().oauth2(token())
                .contentType(ContentType.JSON).body(Map.of("caseId", caseId, "measureId", "mea-1"))
                .when().post("/courses/" + courseId + "/reservations").then().statusCode(201).extract()
                .header("Location"));
        reservationId = reservation[0].substring(reservation[0].lastIndexOf('/') + 1);
        String vacancy = given().auth().oauth2(HessenCases.token(DevInstitution.AA_KASSEL)).contentType(ContentType.JSON)
                .body(Map.of("occupation", "Fachkraft Lagerlogistik", "workloadPercent", 100,
                        "validUntil", today.plusDays(60).toString()))
                .when().post("/vacancies").then().statusCode(201).extract().header("Location");
        vacancyId = vacancy.substring(vacancy.lastIndexOf('/') + 1);
    }

    @Override
    protected String token() {
        return HessenCases.token(DevInstitution.JC_KASSEL);
    }

    @Override
    protected String token(String method, String pathTemplate) {
        return method.equalsIgnoreCase("POST") && pathTemplate.equals("/vacancies")
                ? HessenCases.token(DevInstitution.AA_KASSEL) : token();
    }

    @Override
    protected Map<String, String> knownValues() {
        return Map.of("caseId", caseId, "courseId", courseId, "reservationId", reservationId, "vacancyId", vacancyId,
                "measureId", "mea-1");
    }

    /** The course's and the vacancy's versions (ETags). */
    @Override
    protected String stateFingerprint() {
        return "course " + given().auth().oauth2(token()).when().get("/courses/" + courseId).getHeader("ETag")
                + " vacancy " + given().auth().oauth2(token()).when().get("/vacancies/" + vacancyId).getHeader("ETag")
                + " courses " + given().auth().oauth2(token()).when().get("/courses").body().asString().length()
                + " vacancies " + given().auth().oauth2(token()).when().get("/vacancies").body().asString().length();
    }
}
