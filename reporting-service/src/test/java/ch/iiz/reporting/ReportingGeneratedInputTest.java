package ch.iiz.reporting;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.GeneratedInputTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Generated malformed input on every reporting-service operation: the auditor's token on the audit endpoints (only
 * auditors pass there), elsewhere the token of the social services of a Luzern case seeded through the case topic
 * (canton LU, program COOPERATION: outside every KPI the flow test counts). The operations endpoints therefore refuse
 * with 403 and no rebuild is ever started.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
class ReportingGeneratedInputTest extends GeneratedInputTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String token;
    private String auditor;
    private String caseId;

    @Override
    protected String serviceName() {
        return "reporting-service";
    }

    @Override
    protected void prepare() {
        token = TestInfrastructure.get().tokens().mint(DevInstitution.SD_SURSEE, Duration.ofMinutes(30));
        auditor = TestInfrastructure.get().tokens().mint(DevInstitution.AUDITOR, Duration.ofMinutes(30));
        caseId = "case-gen-" + UUID.randomUUID();
        LocalDate opened = LocalDate.of(2026, 1, 12);
        EventCodec codec = new EventCodec();
        List<CaseEvent> events = List.of(
                new CaseOpened("cl-gen-rep", CooperationModel.LUZERN_OPTIMA, Program.COOPERATION, "SD-LU-SURSEE",
                        opened, "LU", false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, "SD-LU-SURSEE")),
                        List.of(new Participant("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                                new Participant("RAV-LU-SURSEE", InstitutionType.RAV, "LU", null))),
                new ConsentRecorded("cons-gen-1", opened, List.of("SD-LU-SURSEE", "RAV-LU-SURSEE"), "dms://c"));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            long sequence = 0;
            for (CaseEvent event : events) {
                String json = codec.encode(EventEnvelope.of(UUID.randomUUID(), caseId, sequence++, Instant.now(),
                        new Actor("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES, "caseworker"), null, null, event));
                companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.CASE_EVENTS, caseId, json))
                        .awaitCompletion(WAIT);
            }
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when()
                .get("/cases/" + caseId + "/timeline").then().statusCode(200));
    }

    @Override
    protected String token() {
        return token;
    }

    @Override
    protected String token(String method, String pathTemplate) {
        return pathTemplate.startsWith("/audit/") ? auditor : token;
    }

    @Override
    protected Map<String, String> knownValues() {
        return Map.of("caseId", caseId, "canton", "LU", "municipality", "Sursee");
    }
}
