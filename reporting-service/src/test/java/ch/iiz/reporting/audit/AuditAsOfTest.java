package ch.iiz.reporting.audit;

import ch.iiz.events.Actor;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseLeadChanged;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.HandoverEndReason;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverEnded;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The auditor's two questions (DOMAIN.md "Dates"): an OPTIMA case entered into the system in 2026 with business dates
 * in 2024 (handover to the IV accepted on 2024-02-12, lead back to the social services on 2024-06-12) answers by
 * business day, and by what the system knew at an instant.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
@org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1) // after ReportingFlowTest, which counts OPTIMA cases
class AuditAsOfTest {

    static final EventCodec CODEC = new EventCodec();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CASE = "asof-optima-1";
    static final String SD = "SD-LU-SURSEE";
    static final String IV = "IV-LU-WAS";
    static final String RAV = "RAV-LU-SURSEE";
    /** Recorded in 2026: the case is entered after the fact. */
    static final Instant R0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Instant HANDOVER_RECORDED = R0.plusSeconds(3600);
    static final Instant RETURN_RECORDED = R0.plusSeconds(7200);
    static final LocalDate OPENED = LocalDate.of(2024, 1, 15);
    static final LocalDate ACCEPTED = LocalDate.of(2024, 2, 12);
    static final LocalDate BACK = LocalDate.of(2024, 6, 12);

    static void send(String topic, long seq, Instant at, Actor actor, IntegrationEvent event) {
        UUID id = UUID.nameUUIDFromBytes(("asof" + topic + CASE + seq).getBytes());
        String json = CODEC.encode(EventEnvelope.of(id, CASE, seq, at, actor, null, null, event));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(topic, CASE, json)).awaitCompletion(WAIT);
        }
    }

    @BeforeAll
    static void enterTheCaseAfterTheFact() {
        Actor sd = new Actor(SD, InstitutionType.SOCIAL_SERVICES, "caseworker");
        Actor iv = new Actor(IV, InstitutionType.IV, "caseworker");
        Actor referral = new Actor("referral-service", InstitutionType.OPERATIONS, "system");
        String ct = Topics.CASE_EVENTS;
        String rt = Topics.REFERRAL_EVENTS;
        send(ct, 0, R0, sd, new CaseOpened("cl-asof-1", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, SD, OPENED, "LU",
                false, List.of(), List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                new Participant(IV, InstitutionType.IV, "LU", null))));
        send(ct, 1, R0.plusSeconds(60), sd, new ConsentRecorded("k-asof-1", OPENED, List.of(SD, IV), "dms://k"));
        send(rt, 0, R0.plusSeconds(120), sd, new LeadHandoverProposed("ho-asof-1", CooperationModel.LUZERN_OPTIMA, SD,
                SD, IV, "health", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 15), LocalDate.of(2024, 6, 11)));
        send(rt, 1, HANDOVER_RECORDED, iv, new LeadHandoverAccepted("ho-asof-1", IV, ACCEPTED, ACCEPTED,
                LocalDate.of(2024, 6, 11)));
        send(rt, 2, HANDOVER_RECORDED, referral, new LeadDecided("dec-asof-1", IV, ACCEPTED, LeadBasis.OPTIMA_HANDOVER,
                SD, "ho-asof-1", List.of()));
        send(ct, 2, HANDOVER_RECORDED.plusSeconds(1), iv, new CaseLeadChanged(SD, IV, ACCEPTED,
                LeadBasis.OPTIMA_HANDOVER, null, "ho-asof-1", List.of()));
        send(rt, 3, RETURN_RECORDED, referral, new LeadHandoverEnded("ho-asof-1", BACK.minusDays(1), SD,
                HandoverEndReason.EXPIRED));
        send(rt, 4, RETURN_RECORDED, referral, new LeadDecided("dec-asof-2", SD, BACK, LeadBasis.OPTIMA_RETURN, SD,
                "ho-asof-1", List.of()));
        send(ct, 3, RETURN_RECORDED.plusSeconds(1), referral, new CaseLeadChanged(IV, SD, BACK,
                LeadBasis.OPTIMA_RETURN, null, "ho-asof-1", List.of()));
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "select count(*) from event_log where case_id = '" + CASE + "'")) {
                rs.next();
                return rs.getLong(1) >= 9;
            }
        });
    }

    static ValidatableResponse state(String query) {
        return given().auth().oauth2(TestInfrastructure.get().tokens().mint(DevInstitution.AUDITOR, Duration.ofMinutes(5)))
                .when().get("/audit/cases/" + CASE + "/state" + query).then().statusCode(200);
    }

    @Test
    void on_a_business_day_as_known_now_the_handover_counts_on_its_own_date() {
        state("?on=2024-04-01").body("leadInstitutionId", equalTo(IV)).body("status", equalTo("OPEN"))
                .body("on", equalTo("2024-04-01")).body("openHandovers", equalTo(0))
                .body("participants", equalTo(List.of(SD, IV)))
                .body("consentsInForce.k-asof-1", equalTo(List.of(SD, IV)))
                .body("eventsKnown", equalTo(9)).body("eventsApplied", equalTo(6));
        state("?on=2024-07-01").body("leadInstitutionId", equalTo(SD))
                .body("leadHistory.institutionId", equalTo(List.of(SD, IV, SD)));
        state("?on=2024-02-05").body("leadInstitutionId", equalTo(SD)).body("openHandovers", equalTo(1));
        state("").body("leadInstitutionId", equalTo(SD)); // today
    }

    @Test
    void before_the_case_was_opened_it_is_empty() {
        state("?on=2024-01-14").body("status", nullValue()).body("leadInstitutionId", nullValue())
                .body("eventsApplied", equalTo(0));
    }

    @Test
    void as_known_before_the_handover_was_recorded_the_opener_leads() {
        state("?on=2024-04-01&asOf=" + HANDOVER_RECORDED.minusSeconds(1))
                .body("leadInstitutionId", equalTo(SD)).body("openHandovers", equalTo(1))
                .body("eventsKnown", equalTo(3));
        state("?on=2024-04-01&asOf=" + HANDOVER_RECORDED.plusSeconds(1)).body("leadInstitutionId", equalTo(IV));
        // as known after the handover but before its end was recorded, the IV still leads in July
        state("?on=2024-07-01&asOf=" + RETURN_RECORDED.minusSeconds(1)).body("leadInstitutionId", equalTo(IV));
        // what the system knew in 2024 itself: nothing yet
        state("?on=2024-04-01&asOf=2024-04-01T12:00:00Z").body("status", nullValue()).body("eventsKnown", equalTo(0));
    }

    @Test
    void lead_history_and_timeline_show_both_dates_of_every_fact() {
        String token = TestInfrastructure.get().tokens().mint(DevInstitution.AUDITOR, Duration.ofMinutes(5));
        given().auth().oauth2(token).when().get("/audit/cases/" + CASE + "/lead-history").then().statusCode(200)
                .body("institutionId", equalTo(List.of(SD, IV, SD)))
                .body("from", equalTo(List.of(OPENED.toString(), ACCEPTED.toString(), BACK.toString())))
                .body("recordedAt", equalTo(List.of(R0.toString(), HANDOVER_RECORDED.plusSeconds(1).toString(),
                        RETURN_RECORDED.plusSeconds(1).toString())));
        given().auth().oauth2(token).when().get("/audit/cases/" + CASE + "/lead-history?asOf=" + RETURN_RECORDED)
                .then().statusCode(200).body("institutionId", equalTo(List.of(SD, IV)));
        given().auth().oauth2(token).when().get("/cases/" + CASE + "/timeline").then().statusCode(200)
                .body("size()", equalTo(9))
                .body("[0].businessDate", equalTo(OPENED.toString()))
                .body("[0].occurredAt", equalTo(R0.toString()))
                .body("find { it.type == 'LeadHandoverAccepted' }.businessDate", equalTo(ACCEPTED.toString()))
                .body("find { it.type == 'LeadHandoverEnded' }.businessDate", equalTo("2024-06-11"));
        given().auth().oauth2(token).when().get("/audit/cases/" + CASE + "/consent?on=2024-01-14").then()
                .statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void a_business_day_is_checked_like_every_date() {
        given().auth().oauth2(TestInfrastructure.get().tokens().mint(DevInstitution.AUDITOR, Duration.ofMinutes(5)))
                .when().get("/audit/cases/" + CASE + "/state?on=2024-02-30").then().statusCode(400)
                .body("field", equalTo("on"));
        given().auth().oauth2(TestInfrastructure.get().tokens().mint(DevInstitution.RAV_AARAU, Duration.ofMinutes(5)))
                .when().get("/audit/cases/" + CASE + "/state?on=2024-04-01").then().statusCode(403);
    }
}
