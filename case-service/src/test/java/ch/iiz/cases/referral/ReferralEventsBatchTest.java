package ch.iiz.cases.referral;

import ch.iiz.service.testing.TestKafka;
import ch.iiz.events.Actor;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.events.referral.ReferralEvent;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static ch.iiz.cases.support.CaseFixtures.openCase;
import static ch.iiz.cases.support.CaseFixtures.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * case-service's consumer of referral events given whole polls, on the real database and broker: the lead decisions
 * of several cases in one poll, two for one case, are applied in their order and once; a redelivered poll changes
 * nothing; negotiations are skipped; a poison record goes to the dead-letter topic alone, with its reason. The polls
 * are handed to the consumer directly (not through the topic), so what is one poll does not depend on timing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
class ReferralEventsBatchTest {

    private static final AtomicLong OFFSETS = new AtomicLong(1_000_000);
    private final EventCodec codec = new EventCodec();

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Inject
    ReferralEventsConsumer consumer;

    ConsumerRecord<String, byte[]> record(String caseId, UUID eventId, ReferralEvent event) {
        return record(caseId, codec.encode(EventEnvelope.of(eventId, caseId, 0, Instant.now(),
                new Actor("SD-AG-MENZIKEN", InstitutionType.SOCIAL_SERVICES, Actor.SYSTEM_ROLE), UUID.randomUUID(),
                null, event)));
    }

    static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>(Topics.REFERRAL_EVENTS, 0, OFFSETS.getAndIncrement(), key,
                value.getBytes(StandardCharsets.UTF_8));
    }

    static LeadDecided decided(UUID eventId, String lead, LeadBasis basis) {
        return new LeadDecided("dec-" + eventId, lead, LocalDate.of(2026, 3, 3), basis, "SD-AG-MENZIKEN", null, List.of());
    }

    static ConsumerRecords<String, byte[]> poll(List<ConsumerRecord<String, byte[]>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.REFERRAL_EVENTS, 0), records), Map.of());
    }

    static List<String> events(String caseId, String field) {
        return given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseId + "/events")
                .then().statusCode(200).extract().jsonPath().getList(field, String.class);
    }

    @Test
    void a_poll_of_several_cases_decisions_is_applied_in_order_once_and_its_poison_dead_lettered_alone()
            throws Exception {
        String caseA = openCase();
        String caseB = openCase();
        UUID toRav = UUID.randomUUID();
        UUID back = UUID.randomUUID();
        UUID toRavB = UUID.randomUUID();
        String poisonKey = "poison-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = List.of(
                record(caseA, toRav, decided(toRav, "RAV-AG-AARAU", LeadBasis.AMIPLUS_MANDATE)),
                record(caseB, UUID.randomUUID(), new LeadHandoverProposed("ho-1", CooperationModel.AARGAU,
                        "SD-AG-MENZIKEN", "SD-AG-MENZIKEN", "RAV-AG-AARAU", "negotiation, not ours",
                        LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 10), LocalDate.of(2026, 6, 3))),
                record(caseB, toRavB, decided(toRavB, "RAV-AG-AARAU", LeadBasis.AMIPLUS_MANDATE)),
                record(poisonKey, "{this is not json"),
                record(caseA, back, decided(back, "SD-AG-MENZIKEN", LeadBasis.AMIPLUS_MANDATE_ENDED)));

        consumer.onRecords(poll(records));

        assertThat(events(caseA, "type")).containsExactly("CaseOpened", "ConsentRecorded", "CaseLeadChanged",
                "CaseLeadChanged");
        assertThat(events(caseA, "causationId")).endsWith(toRav.toString(), back.toString());
        assertThat(events(caseB, "type")).containsExactly("CaseOpened", "ConsentRecorded", "CaseLeadChanged");
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseA)
                .then().statusCode(200).body("leadInstitutionId", equalTo("SD-AG-MENZIKEN"));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseB)
                .then().statusCode(200).body("leadInstitutionId", equalTo("RAV-AG-AARAU"));

        List<ConsumerRecord<String, String>> dlq = kafka.settledRecords(Topics.deadLetterTopic("case-service"),
                r -> Set.of(poisonKey, caseA, caseB).contains(r.key()), 1);
        assertThat(dlq.get(0).key()).isEqualTo(poisonKey);
        assertThat(TestKafka.header(dlq.get(0), Topics.HEADER_DLQ_REASON)).contains("not JSON");

        // the same poll again, poison and all, as after a crash before the offsets were committed
        consumer.onRecords(poll(records));
        assertThat(events(caseA, "type")).hasSize(4);
        assertThat(events(caseB, "type")).hasSize(3);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseA)
                .then().statusCode(200).body("leadInstitutionId", equalTo("SD-AG-MENZIKEN"));
    }
}
