package ch.iiz.referral;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.referral.support.ReferralFixtures;
import ch.iiz.service.testing.GeneratedInputTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Generated malformed input on every referral-service operation, with the token of the RAV that leads an OPTIMA case
 * seeded through the case topic (as case-service would publish it) and that has proposed one handover.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "referral_service"))
class ReferralGeneratedInputTest extends GeneratedInputTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    private String token;
    private String caseId;
    private String handoverId;

    @Override
    protected String serviceName() {
        return "referral-service";
    }

    @Override
    protected void prepare() {
        token = ReferralFixtures.token(DevInstitution.RAV_SURSEE);
        caseId = UUID.randomUUID().toString();
        LocalDate today = LocalDate.now(clock);
        List<CaseEvent> events = List.of(
                new CaseOpened("cl-gen-1", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, "RAV-LU-SURSEE", today, "LU",
                        false, List.of(new Entitlement(Benefit.ALV, "RAV-LU-SURSEE")),
                        List.of(new Participant("RAV-LU-SURSEE", InstitutionType.RAV, "LU", null),
                                new Participant("IV-LU-WAS", InstitutionType.IV, "LU", null),
                                new Participant("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"))),
                new ConsentRecorded("cons-gen-1", today, List.of("RAV-LU-SURSEE", "IV-LU-WAS"), "dms://c"));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            long sequence = 0;
            for (CaseEvent event : events) {
                ReferralFixtures.publishCaseEvent(companion, caseId, sequence++, event, UUID.randomUUID());
            }
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/cases/" + caseId + "/lead")
                .then().statusCode(200).body("version", equalTo(1)));
        String location = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("toInstitutionId", "IV-LU-WAS", "reason", "generated input",
                        "plannedEndOn", today.plusDays(60).toString()))
                .when().post("/cases/" + caseId + "/handovers").then().statusCode(201).extract().header("Location");
        handoverId = location.substring(location.lastIndexOf('/') + 1);
    }

    @Override
    protected String token() {
        return token;
    }

    @Override
    protected Map<String, String> knownValues() {
        return Map.of("caseId", caseId, "handoverId", handoverId, "toInstitutionId", "IV-LU-WAS",
                "coordinatingInstitutionId", "RAV-LU-SURSEE", "coLeadInstitutionId", "IV-LU-WAS");
    }

    /** The lead's ETag (its version). */
    @Override
    protected String stateFingerprint() {
        return "lead ETag " + given().auth().oauth2(token).when().get("/cases/" + caseId + "/lead").getHeader("ETag");
    }
}
