package ch.iiz.billing;

import ch.iiz.billing.ledger.BillingEngine;
import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.billing.BillingMonthClosed;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * billing-service on the real broker and database: an AMIplus case's events become charges and an invoice to the
 * Rappen; the same events twice change nothing; a late event for a closed month becomes a credit note on the next
 * month that names the corrected invoice; and a rebuild from offset zero into an empty database yields the same ledger.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "billing_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingFlowTest {

    static final String CASE = "case-billing-1";
    static final String SD = "SD-AG-MENZIKEN";
    static final String RAV = "RAV-AG-AARAU";
    static final String MARCH = "INV-2026-03-" + RAV + "-" + SD;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final EventCodec CODEC = new EventCodec();
    static final List<String> PUBLISHED = new ArrayList<>();

    @Inject
    BillingEngine engine;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static void publish(List<CaseEvent> events, int firstSequence) {
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            int sequence = firstSequence;
            for (CaseEvent event : events) {
                UUID id = UUID.nameUUIDFromBytes((CASE + "/" + sequence).getBytes(StandardCharsets.UTF_8));
                String json = CODEC.encode(EventEnvelope.of(id, CASE, sequence++, Instant.parse("2026-03-01T08:00:00Z"),
                        new Actor(RAV, InstitutionType.RAV, "caseworker"), null, null, event));
                companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.CASE_EVENTS, CASE, json))
                        .awaitCompletion(WAIT);
                PUBLISHED.add(json);
            }
        }
    }

    /** Waits until billing applied every record of the case topic. */
    static void awaitCaughtUp() {
        awaitCaughtUp(Topics.CASE_EVENTS);
    }

    /** Waits until billing applied every record of {@code topic}. */
    static void awaitCaughtUp(String topic) {
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            long end;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < Topics.EVENT_TOPIC_PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(r -> r.offset()).sum();
            }
            try (var c = DriverManager.getConnection(infra.jdbcUrl("billing_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "select coalesce(sum(next_offset), 0) from input_position where topic = '" + topic + "'")) {
                rs.next();
                return rs.getLong(1) == end;
            }
        });
    }

    static List<CaseEvent> amiplusToMarch() {
        return List.of(
                new CaseOpened("cl-bill-1", CooperationModel.AARGAU, Program.AMIPLUS, SD, LocalDate.of(2026, 1, 5), "AG",
                        false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                        List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken"),
                                new Participant(RAV, InstitutionType.RAV, "AG", null))),
                new ConsentRecorded("c1", LocalDate.of(2026, 1, 5), List.of(SD, RAV), "dms://c"),
                new AmiplusMandateIssued("m", SD, RAV, "KG-1", LocalDate.of(2026, 1, 5)),
                new AmiplusPhaseStarted("m", 1, LocalDate.of(2026, 1, 5), LocalDate.of(2026, 3, 4)),
                new AmiplusContinuationDecided("m", 1, true, LocalDate.of(2026, 2, 20), SD),
                new AmiplusPhaseEnded("m", 1, LocalDate.of(2026, 2, 28)),
                new AmiplusPhaseStarted("m", 2, LocalDate.of(2026, 3, 1), LocalDate.of(2027, 2, 28)),
                new MeasureProposed("mea-1", MeasureKind.COACHING, "Coach AG", new BigDecimal("1000.00"), SD,
                        LocalDate.of(2026, 3, 1), RAV),
                new MeasureCostApproved("mea-1", "KG-2", new BigDecimal("1000.00"), SD, LocalDate.of(2026, 3, 1)),
                new MeasureStarted("mea-1", LocalDate.of(2026, 3, 2)),
                new MeasureCompleted("mea-1", LocalDate.of(2026, 3, 25), new BigDecimal("980.53")));
    }

    @Test
    @Order(1)
    void an_amiplus_case_is_invoiced_to_the_rappen_and_duplicates_change_nothing() {
        List<CaseEvent> events = amiplusToMarch();
        publish(events, 0);
        publish(events, 0); // the same events (same ids) delivered again
        awaitCaughtUp();

        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when()
                .get("/cases/" + CASE + "/charge-preview?asOf=2026-02-28")
                .then().statusCode(200).body("charged.amountChf", equalTo(List.of(300.0f, 980.53f)));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-04-02")).when().post("/billing-months/2026-03/close")
                .then().statusCode(403);
    }

    @Test
    @Order(2)
    void the_creditor_closes_the_month_and_the_invoice_names_cases_periods_and_events() {
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-03-31")).when().post("/billing-months/2026-03/close")
                .then().statusCode(409).body("rule", equalTo("month-not-over"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-04-02")).when().post("/billing-months/2026-03/close")
                .then().statusCode(200).body("invoiceIds", hasItem(MARCH));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-04-03")).when().post("/billing-months/2026-03/close")
                .then().statusCode(409).body("rule", equalTo("month-closed"));

        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/invoices/" + MARCH)
                .then().statusCode(200)
                .body("netChf", equalTo(1590.53f))
                .body("roundingChf", equalTo(0.02f))
                .body("totalChf", equalTo(1590.55f))
                .body("lines.kind", equalTo(List.of("AMIPLUS_PHASE_1_FLAT", "AMIPLUS_DAILY", "EXTERNAL_MEASURE")))
                .body("lines[1].quantity", equalTo(31.0f))
                .body("lines[1].periodFrom", equalTo("2026-03-01"))
                .body("lines[1].periodTo", equalTo("2026-03-31"))
                .body("lines[2].amountChf", equalTo(980.53f))
                .body("lines.caseId", org.hamcrest.Matchers.everyItem(equalTo(CASE)));
    }

    @Test
    @Order(3)
    void invoices_are_scoped_and_exported_as_csv_and_qr_bill() {
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/invoices/" + MARCH).then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/invoices")
                .then().statusCode(200).body("invoiceId", not(hasItem(MARCH)));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/invoices?month=2026-03")
                .then().statusCode(200).body("invoiceId", hasItem(MARCH));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/invoices/" + MARCH).then().statusCode(200);
        String csv = given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/invoices/" + MARCH + "/csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv).contains(";TOTAL;").contains("1590.55").contains(";ROUNDING_5_RAPPEN;").contains("0.02");
        byte[] pdf = given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/invoices/" + MARCH + "/qr-bill")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + CASE + "/charge-preview?asOf=2026-04-10")
                .then().statusCode(200).body("totalChf", equalTo(1690.53f)); // + 10 days of April
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases/" + CASE + "/charge-preview")
                .then().statusCode(404);
    }

    @Test
    @Order(4)
    void a_late_event_for_a_closed_month_becomes_a_credit_note_on_the_next_month() {
        publish(List.of(new AmiplusPhaseEnded("m", 2, LocalDate.of(2026, 3, 15)),
                new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, LocalDate.of(2026, 3, 15), SD)), 11);
        awaitCaughtUp();
        String note = "CN-2026-04-" + RAV + "-" + SD;
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-05-02")).when().post("/billing-months/2026-04/close")
                .then().statusCode(200).body("invoiceIds", equalTo(List.of(note)));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/invoices/" + note)
                .then().statusCode(200)
                .body("kind", equalTo("CREDIT_NOTE"))
                .body("originalInvoiceId", equalTo(MARCH))
                .body("totalChf", equalTo(-160.0f))
                .body("lines[0].kind", equalTo("CORRECTION"))
                .body("lines[0].periodFrom", equalTo("2026-03-16"))
                .body("lines[0].correctsInvoiceId", equalTo(MARCH));
        // the March invoice itself never changes
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/invoices/" + MARCH)
                .then().body("totalChf", equalTo(1590.55f));
    }

    @Test
    @Order(5)
    void a_poison_record_goes_to_the_dead_letter_topic_with_the_reason() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        int ledgerRows = engine.ledger().size();
        // one produce: the records most likely share a batch; the poison one must not hold back the others
        String other = "case-billing-batch";
        String opened = CODEC.encode(EventEnvelope.of(UUID.randomUUID(), other, 0, Instant.parse("2026-03-01T08:00:00Z"),
                new Actor(SD, InstitutionType.SOCIAL_SERVICES, "caseworker"), null, null, new CaseOpened("cl-bill-b",
                        CooperationModel.AARGAU, Program.AMIPLUS, SD, LocalDate.of(2026, 3, 1), "AG", false, List.of(),
                        List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken")))));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.CASE_EVENTS, other, opened),
                    new ProducerRecord<>(Topics.CASE_EVENTS, key, "not json"),
                    new ProducerRecord<>(Topics.CASE_EVENTS, CASE, PUBLISHED.get(0)),
                    new ProducerRecord<>(Topics.CASE_EVENTS, other, opened))).awaitCompletion(WAIT);
            ConsumerTask<String, String> dlq = companion.consumeStrings()
                    .fromTopics(Topics.deadLetterTopic("billing-service"), m -> m.filter(r -> key.equals(r.key())));
            dlq.awaitRecords(1, WAIT);
            dlq.stop();
            assertThat(new String(dlq.getRecords().get(0).headers().lastHeader(Topics.HEADER_DLQ_REASON).value(),
                    StandardCharsets.UTF_8)).contains("not JSON");
            assertThat(dlq.getRecords()).hasSize(1);
        }
        awaitCaughtUp();
        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("billing_service"), infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery("select (select count(*) from account where case_id = '"
                     + other + "'), (select version from case_access where case_id = '" + other + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getLong(2)).isZero();
        }
        assertThat(engine.ledger()).hasSize(ledgerRows); // the duplicates changed nothing
    }

    @Inject
    ch.iiz.billing.ledger.AutoClose autoClose;

    @Test
    @Order(6)
    void an_optima_lead_is_billed_to_the_commissioning_institution_and_its_month_closes_by_itself() {
        String optimaCase = "case-billing-optima";
        LeadDecided decision = new LeadDecided("dec-1", "IV-LU-WAS", LocalDate.of(2026, 6, 10), LeadBasis.OPTIMA_HANDOVER,
                "RAV-LU-SURSEE", "ho-1", List.of());
        String json = CODEC.encode(EventEnvelope.of(UUID.randomUUID(), optimaCase, 3, Instant.parse("2026-06-10T08:00:00Z"),
                new Actor("IV-LU-WAS", InstitutionType.IV, "caseworker"), null, null, decision));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.REFERRAL_EVENTS, optimaCase, json))
                    .awaitCompletion(WAIT);
        }
        String invoice = "INV-2026-06-IV-LU-WAS-RAV-LU-SURSEE";
        // today (2026 or later) is long past June: the job closes it; months of other creditors stay as they are
        await().atMost(WAIT).untilAsserted(() -> {
            autoClose.runOnce();
            given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when().get("/invoices/" + invoice)
                    .then().statusCode(200).body("totalChf", equalTo(300.0f))
                    .body("lines[0].kind", equalTo("OPTIMA_LEAD_MONTH"))
                    .body("lines[0].periodFrom", equalTo("2026-06-10"));
        });
    }

    @Test
    @Order(7)
    void a_rebuild_from_offset_zero_yields_the_same_ledger() throws Exception {
        awaitCaughtUp();
        assertThat(rebuiltLedger("billing_rebuild")).isEqualTo(sorted(engine.ledger()));
        assertThat(engine.ledger()).isNotEmpty();
    }

    /** The ledger, sorted, of a rebuild from offset zero into the empty database {@code database}. */
    static List<String> rebuiltLedger(String database) {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.createDatabase(database);
        PGSimpleDataSource fresh = new PGSimpleDataSource();
        fresh.setUrl(infra.jdbcUrl(database));
        fresh.setUser(infra.username());
        fresh.setPassword(infra.password());
        Flyway.configure().dataSource(fresh).locations("classpath:db/migration").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(fresh).locations("classpath:db/migration").load().migrate();
        rebuild(new BillingEngine(fresh), infra.bootstrapServers());
        return sorted(new BillingEngine(fresh).ledger());
    }

    /**
     * Replays the input topics from offset zero and the closings from the billing topic, each closing at the input
     * positions it recorded: the same inputs and closings in the same order.
     */
    static void rebuild(BillingEngine target, String bootstrap) {
        List<ConsumerRecord<String, byte[]>> inputs = readAll(bootstrap,
                List.of(Topics.CASE_EVENTS, Topics.REFERRAL_EVENTS, Topics.PLACEMENT_EVENTS));
        List<EventEnvelope<IntegrationEvent>> closings = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, List.of(Topics.BILLING_EVENTS))) {
            EventEnvelope<IntegrationEvent> e = CODEC.decode(r.value());
            if (e.payload() instanceof BillingMonthClosed) {
                closings.add(e);
            }
        }
        closings.sort(Comparator.comparingLong((EventEnvelope<IntegrationEvent> e) -> ((BillingMonthClosed) e.payload())
                        .inputPositions().values().stream().mapToLong(Long::longValue).sum())
                .thenComparing(e -> ((BillingMonthClosed) e.payload()).month())); // the job closes months oldest first
        Map<String, Long> applied = new HashMap<>();
        for (EventEnvelope<IntegrationEvent> e : closings) {
            BillingMonthClosed close = (BillingMonthClosed) e.payload();
            applyUpTo(target, inputs, close.inputPositions(), applied);
            target.closeMonth(close.creditorId(), close.month(), close.closedOn(), close.automatic(), e.actor());
        }
        applyUpTo(target, inputs, null, applied);
    }

    static void applyUpTo(BillingEngine target, List<ConsumerRecord<String, byte[]>> inputs, Map<String, Long> positions,
                          Map<String, Long> applied) {
        for (ConsumerRecord<String, byte[]> r : inputs) {
            String tp = r.topic() + "-" + r.partition();
            long limit = positions == null ? Long.MAX_VALUE : positions.getOrDefault(tp, 0L);
            if (r.offset() < limit && r.offset() >= applied.getOrDefault(tp, 0L)) {
                try {
                    target.apply(r.topic(), r.partition(), r.offset(), r.value());
                } catch (RuntimeException poison) {
                    // went to the dead-letter topic when it was live, too
                }
                applied.put(tp, r.offset() + 1);
            }
        }
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, List<String> topics) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        all.sort(Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.topic()).thenComparing(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return all;
    }

    static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
