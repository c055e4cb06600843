package ch.iiz.cases.audit;

import ch.iiz.service.testing.TestKafka;
import ch.iiz.events.Topics;
import ch.iiz.events.integrity.EventChain;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.PreparedStatement;
import java.util.List;

import static ch.iiz.cases.support.CaseFixtures.database;
import static ch.iiz.cases.support.CaseFixtures.openCase;
import static ch.iiz.cases.support.CaseFixtures.token;
import static ch.iiz.service.testing.TestKafka.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Tamper evidence at the source: every case event's hash rests in event_hash and travels as record headers; the
 * auditor verifies a case's chain against the store and sees the first event altered by SQL named; anchors over all
 * heads are published on demand.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaseChainTest {

    static String caseId;

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Test
    @Order(1)
    void each_event_carries_its_chained_hash_on_the_topic_and_the_chain_verifies_intact() {
        caseId = openCase("dms://consent/chain"); // the event the last test forges
        List<ConsumerRecord<String, String>> records = kafka.records(Topics.CASE_EVENTS, r -> caseId.equals(r.key()), 2);
        byte[] previous = EventChain.GENESIS;
        for (ConsumerRecord<String, String> r : records) {
            assertThat(header(r, Topics.HEADER_PREV_HASH)).isEqualTo(EventChain.hex(previous));
            byte[] recomputed = EventChain.link(previous, EventChain.canonical(r.value()));
            assertThat(header(r, Topics.HEADER_HASH)).isEqualTo(EventChain.hex(recomputed));
            previous = recomputed;
        }
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + caseId + "/chain")
                .then().statusCode(200).body("intact", equalTo(true)).body("events", equalTo(2))
                .body("service", equalTo("case-service"))
                .body("headHash", equalTo(EventChain.hex(previous))).body("firstBrokenSequence", nullValue());
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/audit/cases/" + caseId + "/chain")
                .then().statusCode(403);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/no-such-case/chain")
                .then().statusCode(404);
    }

    @Test
    @Order(2)
    void an_anchor_over_all_heads_is_published_on_demand_for_auditors_and_operations() {
        String anchorId = given().auth().oauth2(token(DevInstitution.AUDITOR)).when().post("/audit/anchors")
                .then().statusCode(201).body("service", equalTo("case-service")).body("digest", notNullValue())
                .body("trigger", equalTo("ON_DEMAND")).extract().path("anchorId");
        given().auth().oauth2(token(DevInstitution.OPS)).when().post("/audit/anchors").then().statusCode(201);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().post("/audit/anchors").then().statusCode(403);
        assertThat(kafka.records(Topics.AUDIT_ANCHORS, r -> r.value().contains(anchorId), 1).get(0).key())
                .isEqualTo("case-service");
    }

    @Test
    @Order(3)
    void an_event_altered_by_sql_is_detected_and_named() throws Exception {
        try (var c = database();
             PreparedStatement ps = c.prepareStatement("update domainevententry set payload = convert_to(replace("
                     + "convert_from(payload, 'UTF8'), 'dms://consent/chain', 'dms://consent/forged'), 'UTF8') "
                     + "where aggregateidentifier = ? and sequencenumber = 1")) {
            ps.setString(1, caseId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + caseId + "/chain")
                .then().statusCode(200).body("intact", equalTo(false)).body("firstBrokenSequence", equalTo(1))
                .body("problem", equalTo("the stored event no longer matches its hash"));
    }
}
