package ch.iiz.referral.cases;

import ch.iiz.axon.AxonRuntime;
import ch.iiz.axon.CommandBatch;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.AmiplusMandateIssued;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import ch.iiz.service.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static ch.iiz.referral.support.ReferralFixtures.referralEvents;
import static ch.iiz.referral.support.ReferralFixtures.token;
import static ch.iiz.service.testing.TestKafka.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * referral-service's case-event consumer given whole polls, on the real database and broker: the events of one case
 * in a poll reach its lead as one command and are stored as one at a time would have stored them, each decision with
 * its own cause; a redelivered poll applies nothing twice; a poison record among good ones goes to the dead-letter
 * topic alone, with its reason, and the others are applied once. The polls are handed to the consumer directly, so
 * what is one poll does not depend on the broker's timing; the records are not on the topic, so the running channel
 * does not see them.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "referral_service"))
class CaseEventsBatchTest {

    private static final String RAV = "RAV-AG-AARAU";
    private static final String IV = "IV-AG-SVA";
    private static final String SD = "SD-AG-MENZIKEN";
    private static final LocalDate D = LocalDate.of(2026, 3, 2);
    /** Offsets of the hand-made records, unique across the tests (the dead letter names its offset). */
    private static final AtomicLong OFFSETS = new AtomicLong(1_000_000);

    private final EventCodec codec = new EventCodec();
    private final List<TargetedCommand> sent = new CopyOnWriteArrayList<>();
    private Registration counting;

    @RegisterExtension
    final TestKafka kafka = new TestKafka();

    @Inject
    CaseEventsConsumer consumer;
    @Inject
    AxonRuntime axon;

    @BeforeEach
    void setUp() {
        MessageDispatchInterceptor<CommandMessage<?>> count = messages -> (i, m) -> {
            if (m.getPayload() instanceof TargetedCommand t) {
                sent.add(t);
            }
            return m;
        };
        counting = axon.configuration().commandBus().registerDispatchInterceptor(count);
    }

    @AfterEach
    void tearDown() {
        counting.cancel();
    }

    /** One case event as case-service publishes it, with its own actor and correlation. */
    record Published(UUID eventId, String caseId, long sequence, CaseEvent event, Actor actor, UUID correlationId) {
        static Published of(String caseId, long sequence, CaseEvent event, String institution, InstitutionType type) {
            return new Published(UUID.randomUUID(), caseId, sequence, event, new Actor(institution, type, "caseworker"),
                    UUID.randomUUID());
        }
    }

    ConsumerRecord<String, byte[]> record(Published p) {
        String json = codec.encode(EventEnvelope.of(p.eventId(), p.caseId(), p.sequence(), Instant.now(), p.actor(),
                p.correlationId(), null, p.event()));
        return record(p.caseId(), json);
    }

    static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>(Topics.CASE_EVENTS, 0, OFFSETS.getAndIncrement(), key,
                value.getBytes(StandardCharsets.UTF_8));
    }

    static ConsumerRecords<String, byte[]> poll(List<ConsumerRecord<String, byte[]>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.CASE_EVENTS, 0), records), Map.of());
    }

    /** Aargau, ALV and IV: once the consent names the IV office, it leads (decided on the consent). */
    static List<Published> aargauCase() {
        String caseId = UUID.randomUUID().toString();
        return List.of(
                Published.of(caseId, 0, new CaseOpened("cl-a", CooperationModel.AARGAU, Program.COOPERATION, RAV, D,
                        "AG", false, List.of(new Entitlement(Benefit.ALV, RAV), new Entitlement(Benefit.IV, IV)),
                        List.of(new Participant(RAV, InstitutionType.RAV, "AG", null),
                                new Participant(IV, InstitutionType.IV, "AG", null))), RAV, InstitutionType.RAV),
                Published.of(caseId, 1, new ConsentRecorded("c1", D, List.of(RAV, IV), "dms://c"), IV,
                        InstitutionType.IV));
    }

    /** AMIplus: the municipality opens, the mandate makes the RAV lead (decided on the mandate). */
    static List<Published> amiplusCase() {
        String caseId = UUID.randomUUID().toString();
        return List.of(
                Published.of(caseId, 0, new CaseOpened("cl-b", CooperationModel.AARGAU, Program.AMIPLUS, SD, D, "AG",
                        false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                        List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken"),
                                new Participant(RAV, InstitutionType.RAV, "AG", null))), SD,
                        InstitutionType.SOCIAL_SERVICES),
                Published.of(caseId, 1, new ConsentRecorded("c1", D, List.of(SD, RAV), "dms://c"), SD,
                        InstitutionType.SOCIAL_SERVICES),
                Published.of(caseId, 2, new AmiplusMandateIssued("m1", SD, RAV, "KG-1", D.plusDays(1)), SD,
                        InstitutionType.SOCIAL_SERVICES));
    }

    /** The lead's stored events of a case: payload type (simple name) and causation id, in order. */
    static List<String> stored(String caseId) throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("referral_service"), infra.username(), infra.password());
             PreparedStatement ps = c.prepareStatement("select payloadtype, convert_from(metadata, 'UTF8')::jsonb "
                     + "->> 'causationId' from domainevententry where aggregateidentifier = ? order by sequencenumber")) {
            ps.setString(1, caseId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1) + " " + rs.getString(2));
                }
            }
            return rows;
        }
    }

    /** The referral events published for a case, read from the beginning, once no more arrive. */
    List<EventEnvelope<IntegrationEvent>> published(String caseId, int expected) {
        return referralEvents(kafka, caseId, expected);
    }

    /** The records of two cases' events (offsets: {@code a}'s, then {@code b}'s), interleaved in one poll. */
    List<ConsumerRecord<String, byte[]>> interleaved(List<Published> cases, List<Published> others) {
        List<ConsumerRecord<String, byte[]>> a = cases.stream().map(this::record).toList();
        List<ConsumerRecord<String, byte[]>> b = others.stream().map(this::record).toList();
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }

    @Test
    void the_events_of_a_case_in_one_poll_are_one_command_and_a_redelivered_poll_changes_nothing() throws Exception {
        List<Published> a = aargauCase();
        List<Published> b = amiplusCase();
        String caseA = a.get(0).caseId();
        String caseB = b.get(0).caseId();
        List<ConsumerRecord<String, byte[]>> records = interleaved(a, b);

        consumer.onRecords(poll(records));

        assertThat(sent).filteredOn(t -> Set.of(caseA, caseB).contains(t.aggregateId()))
                .as("one command per case, carrying its events in order")
                .extracting(t -> t.aggregateId() + " " + ((CommandBatch) t.command()).commands().size())
                .containsExactly(caseA + " 2", caseB + " 3");
        assertThat(stored(caseA)).containsExactly(
                "CaseFactsObserved " + a.get(0).eventId(),
                "CaseFactsObserved " + a.get(1).eventId(),
                "LeadDecided " + a.get(1).eventId());
        assertThat(stored(caseB)).containsExactly(
                "CaseFactsObserved " + b.get(0).eventId(),
                "CaseFactsObserved " + b.get(1).eventId(),
                "CaseFactsObserved " + b.get(2).eventId(),
                "LeadDecided " + b.get(2).eventId());

        // each decision is published with the actor and correlation of the case event it was decided on
        EventEnvelope<IntegrationEvent> decidedA = published(caseA, 1).get(0);
        assertThat(((LeadDecided) decidedA.payload()).leadInstitutionId()).isEqualTo(IV);
        assertThat(((LeadDecided) decidedA.payload()).basis()).isEqualTo(LeadBasis.AARGAU_IV_ALV);
        assertThat(decidedA.causationId()).isEqualTo(a.get(1).eventId());
        assertThat(decidedA.correlationId()).isEqualTo(a.get(1).correlationId());
        assertThat(decidedA.actor()).isEqualTo(a.get(1).actor());
        EventEnvelope<IntegrationEvent> decidedB = published(caseB, 1).get(0);
        assertThat(((LeadDecided) decidedB.payload()).leadInstitutionId()).isEqualTo(RAV);
        assertThat(decidedB.causationId()).isEqualTo(b.get(2).eventId());
        assertThat(decidedB.correlationId()).isEqualTo(b.get(2).correlationId());
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + caseB + "/lead")
                .then().statusCode(200).body("leadInstitutionId", equalTo(RAV)).body("version", equalTo(3));

        // the same poll again, as after a crash before the offsets were committed
        sent.clear();
        consumer.onRecords(poll(records));
        assertThat(sent).as("nothing new: no command at all").filteredOn(t -> Set.of(caseA, caseB)
                .contains(t.aggregateId())).isEmpty();
        assertThat(stored(caseA)).hasSize(3);
        assertThat(stored(caseB)).hasSize(4);
        assertThat(published(caseA, 1)).hasSize(1);
        assertThat(published(caseB, 1)).hasSize(1);
    }

    @Test
    void a_poison_record_in_a_poll_is_dead_lettered_alone_and_the_others_are_applied_once() throws Exception {
        List<Published> a = aargauCase();
        List<Published> b = amiplusCase();
        String caseA = a.get(0).caseId();
        String caseB = b.get(0).caseId();
        String poisonKey = "poison-" + UUID.randomUUID();
        ConsumerRecord<String, byte[]> poison = record(poisonKey, "[1,2,3]");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(interleaved(a, b));
        records.add(2, poison);

        consumer.onRecords(poll(records));

        ConsumerRecord<String, String> letter = kafka.settledRecords(Topics.deadLetterTopic("referral-service"),
                r -> Set.of(poisonKey, caseA, caseB).contains(r.key()), 1).get(0);
        assertThat(letter.key()).isEqualTo(poisonKey);
        assertThat(header(letter, Topics.HEADER_DLQ_REASON)).contains("envelope must be a JSON object");
        assertThat(header(letter, Topics.HEADER_DLQ_OFFSET)).isEqualTo(Long.toString(poison.offset()));

        assertThat(stored(caseA)).extracting(s -> s.split(" ")[0])
                .containsExactly("CaseFactsObserved", "CaseFactsObserved", "LeadDecided");
        assertThat(stored(caseB)).extracting(s -> s.split(" ")[0])
                .containsExactly("CaseFactsObserved", "CaseFactsObserved", "CaseFactsObserved", "LeadDecided");
        assertThat(published(caseA, 1).get(0).causationId()).isEqualTo(a.get(1).eventId());
        assertThat(published(caseB, 1).get(0).causationId()).isEqualTo(b.get(2).eventId());
    }
}
