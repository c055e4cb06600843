package ch.iiz.reporting.audit;

import ch.iiz.events.Actor;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.audit.ChainAnchored;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.IntegrationPlanAgreed;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.integrity.EventChain;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.SeatReleaseReason;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
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
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * Tamper evidence as it arrived: records carrying their chain hashes (as the source's relay sets them) verify intact;
 * a record whose value differs from the hash it carries is named; anchors on iiz.audit.anchors are shown.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
class AuditChainTest {

    static final EventCodec CODEC = new EventCodec();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String INTACT = "chain-intact-1";
    static final String FORGED = "chain-forged-1";
    /** A case whose placement records sit in a course's chain between another case's. */
    static final String SEATED = "chain-seated-1";
    static final String COURSE = "course-chain-1";
    static final Instant T = Instant.parse("2026-04-01T08:00:00Z");
    static final LocalDate D = LocalDate.of(2026, 4, 1);
    static final Actor SD = new Actor("SD-LU-SURSEE", InstitutionType.SOCIAL_SERVICES, "caseworker");
    static final Map<String, byte[]> HEADS = new HashMap<>();
    static final String ANCHOR_ID = "anc-test-" + UUID.randomUUID();

    /** Sends an event with its chain headers, as the source's relay does; {@code sent} replaces the value sent. */
    static void send(String topic, String caseId, long seq, IntegrationEvent event, IntegrationEvent sent) {
        send(topic, caseId, caseId, seq, event, sent);
    }

    /** {@code aggregateId} names the chain: the case's own, or a course's that holds several cases' records. */
    static void send(String topic, String aggregateId, String caseId, long seq, IntegrationEvent event,
                     IntegrationEvent sent) {
        UUID id = UUID.nameUUIDFromBytes(("chain" + topic + aggregateId + seq).getBytes());
        String json = CODEC.encode(EventEnvelope.of(id, caseId, seq, T.plusSeconds(seq), SD, null, null, event));
        String key = topic + "/" + aggregateId;
        byte[] previous = HEADS.getOrDefault(key, EventChain.GENESIS);
        byte[] hash = EventChain.link(previous, EventChain.canonical(json));
        HEADS.put(key, hash);
        String value = sent == null ? json
                : CODEC.encode(EventEnvelope.of(id, caseId, seq, T.plusSeconds(seq), SD, null, null, sent));
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, caseId == null ? aggregateId : caseId,
                value);
        record.headers().add(new RecordHeader(Topics.HEADER_HASH, EventChain.hex(hash).getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(Topics.HEADER_PREV_HASH, EventChain.hex(previous).getBytes(StandardCharsets.UTF_8)));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(record).awaitCompletion(WAIT);
        }
    }

    static CaseOpened opened(String client) {
        return new CaseOpened(client, CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, SD.institutionId(), D, "LU", false,
                List.of(), List.of(new Participant(SD.institutionId(), InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                new Participant("IV-LU-WAS", InstitutionType.IV, "LU", null)));
    }

    @BeforeAll
    static void publish() {
        String ct = Topics.CASE_EVENTS;
        for (String caseId : List.of(INTACT, FORGED)) {
            send(ct, caseId, 0, opened("cl-" + caseId), null);
            send(ct, caseId, 1, new ConsentRecorded("k-" + caseId, D, List.of("SD-LU-SURSEE", "IV-LU-WAS"), "dms://k"),
                    null);
        }
        send(ct, INTACT, 2, new IntegrationPlanAgreed(1, D, "dms://plan/1"), null);
        // the value sent is not the one hashed: the plan's document reference was changed on the way
        send(ct, FORGED, 2, new IntegrationPlanAgreed(1, D, "dms://plan/1"),
                new IntegrationPlanAgreed(1, D, "dms://plan/forged"));
        send(ct, FORGED, 3, new IntegrationPlanAgreed(2, D, "dms://plan/2"), null);
        send(Topics.REFERRAL_EVENTS, INTACT, 1, new LeadHandoverProposed("ho-chain-1", CooperationModel.LUZERN_OPTIMA,
                "SD-LU-SURSEE", "SD-LU-SURSEE", "IV-LU-WAS", "health", D, D.plusDays(14), D.plusMonths(6)), null);
        // One course's chain: the seated case's reservation and withdrawal with another case's reservation between.
        String pt = Topics.PLACEMENT_EVENTS;
        send(pt, COURSE, null, 0, new CourseAnnounced(COURSE, "SD-LU-SURSEE", MeasureKind.COACHING, "Coaching AG", 5, 2,
                D.plusDays(30), new BigDecimal("900.00"), D.plusDays(10), D), null);
        send(ct, SEATED, 0, opened("cl-" + SEATED), null);
        send(pt, COURSE, SEATED, 1, seat(SEATED), null);
        send(pt, COURSE, "chain-other-1", 2, seat("chain-other-1"), null);
        send(pt, COURSE, SEATED, 3, new SeatReleased(COURSE, "res-" + SEATED, SEATED, "SD-LU-SURSEE",
                SeatReleaseReason.WITHDRAWN, D), null);
        String anchor = CODEC.encode(EventEnvelope.of(UUID.randomUUID(), null, 0, T, new Actor("case-service",
                InstitutionType.OPERATIONS, "system"), null, null, new ChainAnchored(ANCHOR_ID, "case-service", T, D, 2,
                7, EventChain.hex(EventChain.anchor(List.of(new EventChain.Head(INTACT, HEADS.get(Topics.CASE_EVENTS
                + "/" + INTACT))))), "ON_DEMAND")));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.AUDIT_ANCHORS, "case-service", anchor))
                    .awaitCompletion(WAIT);
        }
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "select count(*) from event_log where case_id like 'chain-%'")) {
                rs.next();
                return rs.getLong(1) >= 12;
            }
        });
    }

    static SeatReserved seat(String caseId) {
        return new SeatReserved(COURSE, "res-" + caseId, caseId, "SD-LU-SURSEE", "SD-LU-SURSEE", "KG-" + caseId,
                new BigDecimal("900.00"), D);
    }

    static ValidatableResponse get(DevInstitution who, String path) {
        return given().auth().oauth2(TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(5)))
                .when().get(path).then();
    }

    @Test
    void the_normal_flow_verifies_intact_per_source_stream() {
        get(DevInstitution.AUDITOR, "/audit/cases/" + INTACT + "/chain").statusCode(200)
                .body("intact", equalTo(true))
                .body("streams.topic", equalTo(List.of(Topics.CASE_EVENTS, Topics.REFERRAL_EVENTS)))
                .body("streams[0].events", equalTo(3)).body("streams[0].chained", equalTo(3))
                .body("streams[0].headHash", equalTo(EventChain.hex(HEADS.get(Topics.CASE_EVENTS + "/" + INTACT))))
                .body("streams[1].chained", equalTo(1)).body("streams[1].firstBrokenSequence", nullValue());
    }

    @Test
    void a_case_sees_its_own_links_of_a_course_chain_that_holds_other_cases_records() {
        get(DevInstitution.AUDITOR, "/audit/cases/" + SEATED + "/chain").statusCode(200)
                .body("intact", equalTo(true))
                .body("streams.topic", equalTo(List.of(Topics.CASE_EVENTS, Topics.PLACEMENT_EVENTS)))
                .body("streams.aggregateId", equalTo(List.of(SEATED, COURSE)))
                .body("streams[1].events", equalTo(2)).body("streams[1].chained", equalTo(2))
                .body("streams[1].headHash", equalTo(EventChain.hex(HEADS.get(Topics.PLACEMENT_EVENTS + "/" + COURSE))));
    }

    @Test
    void a_record_whose_value_differs_from_its_hash_is_named() {
        get(DevInstitution.AUDITOR, "/audit/cases/" + FORGED + "/chain").statusCode(200)
                .body("intact", equalTo(false))
                .body("streams[0].intact", equalTo(false))
                .body("streams[0].firstBrokenSequence", equalTo(2))
                .body("streams[0].firstBrokenEventId",
                        equalTo(UUID.nameUUIDFromBytes(("chain" + Topics.CASE_EVENTS + FORGED + 2).getBytes()).toString()))
                .body("streams[0].problem", equalTo("the record does not match its hash"));
        get(DevInstitution.SD_SURSEE, "/audit/cases/" + FORGED + "/chain").statusCode(403);
    }

    @Test
    void the_auditor_and_operations_see_the_anchors() {
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "/audit/anchors").statusCode(200)
                .body("anchorId", hasItem(ANCHOR_ID)));
        get(DevInstitution.OPS, "/audit/anchors?limit=5").statusCode(200);
        get(DevInstitution.SD_SURSEE, "/audit/anchors").statusCode(403);
        get(DevInstitution.AUDITOR, "/audit/anchors?limit=0").statusCode(400).body("field", equalTo("limit"));
    }
}
