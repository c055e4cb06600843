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
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleaseReason;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Issue #17 on the real broker and database: placement events produced onto {@code iiz.placement.events} become
 * charges of the course's organiser to each reserving institution on the monthly invoices (one line per confirmed
 * seat, traced to the confirmation and the reservation, with QR-bills); the organiser's own seat and a seat released
 * before the decision are not charged; the same events twice change nothing; a poison record goes to the dead-letter
 * topic; and a rebuild from offset zero yields the same ledger. Its creditor (the social services of Sursee) and month
 * (September 2026) are those of no other billing test.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "billing_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlacementBillingFlowTest {

    static final String ORGANISER = "SD-LU-SURSEE";
    static final String RAV = "RAV-LU-SURSEE";
    static final String IV = "IV-LU-WAS";
    static final String COURSE = "course-billing-1";
    static final String CASE_RAV = "case-placement-rav";
    static final String CASE_IV_1 = "case-placement-iv-1";
    static final String CASE_IV_2 = "case-placement-iv-2";
    static final String CASE_OWN = "case-placement-own";
    static final String CASE_WITHDRAWN = "case-placement-withdrawn";
    static final BigDecimal PRICE = new BigDecimal("452.32");
    static final LocalDate DECIDED = LocalDate.of(2026, 9, 15);
    static final String INVOICE_RAV = "INV-2026-09-" + ORGANISER + "-" + RAV;
    static final String INVOICE_IV = "INV-2026-09-" + ORGANISER + "-" + IV;
    static final UUID CONFIRMATION = UUID.nameUUIDFromBytes("placement-billing/confirmed".getBytes(StandardCharsets.UTF_8));
    static final Duration WAIT = Duration.ofSeconds(30);
    static final EventCodec CODEC = new EventCodec();

    @Inject
    BillingEngine engine;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static String envelope(UUID id, String caseId, long sequence, IntegrationEvent event) {
        return CODEC.encode(EventEnvelope.of(id, caseId, sequence, Instant.parse("2026-09-15T16:00:00Z"),
                new Actor(ORGANISER, InstitutionType.SOCIAL_SERVICES, "caseworker"), null, null, event));
    }

    static void produce(String topic, String key, String value) {
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value)).awaitCompletion(WAIT);
        }
    }

    static UUID id(String what) {
        return UUID.nameUUIDFromBytes(("placement-billing/" + what).getBytes(StandardCharsets.UTF_8));
    }

    static SeatReserved reserved(String reservation, String caseId, String institution) {
        return new SeatReserved(COURSE, reservation, caseId, institution, institution, "KG-" + reservation, PRICE,
                LocalDate.of(2026, 9, 1));
    }

    static CourseConfirmed confirmed() {
        return new CourseConfirmed(COURSE, ORGANISER, DECIDED, List.of(
                new ConfirmedSeat("res-rav", CASE_RAV, RAV, PRICE),
                new ConfirmedSeat("res-iv-1", CASE_IV_1, IV, PRICE),
                new ConfirmedSeat("res-iv-2", CASE_IV_2, IV, PRICE),
                new ConfirmedSeat("res-own", CASE_OWN, ORGANISER, PRICE)));
    }

    static void awaitCaughtUp() {
        BillingFlowTest.awaitCaughtUp(Topics.PLACEMENT_EVENTS);
    }

    @Test
    @Order(1)
    void a_confirmed_course_charges_each_reserving_institution_per_seat_and_duplicates_change_nothing() {
        // the RAV's case, so that the charge preview of the case can be read by its participants
        LocalDate opened = LocalDate.of(2026, 8, 3);
        produce(Topics.CASE_EVENTS, CASE_RAV, envelope(id("opened"), CASE_RAV, 0, new CaseOpened("cl-placement-1",
                CooperationModel.LUZERN_OPTIMA, Program.COOPERATION, RAV, opened, "LU", false,
                List.of(new Entitlement(Benefit.ALV, RAV)), List.of(new Participant(RAV, InstitutionType.RAV, "LU", null)))));
        produce(Topics.CASE_EVENTS, CASE_RAV, envelope(id("consent"), CASE_RAV, 1,
                new ConsentRecorded("cons-p", opened, List.of(RAV), "dms://c")));

        String p = Topics.PLACEMENT_EVENTS;
        produce(p, COURSE, envelope(id("announced"), null, 0, new CourseAnnounced(COURSE, ORGANISER, MeasureKind.COACHING,
                "Kursanbieter AG", 8, 4, LocalDate.of(2026, 10, 5), PRICE, DECIDED, LocalDate.of(2026, 8, 20))));
        produce(p, CASE_RAV, envelope(id("r-rav"), CASE_RAV, 0, reserved("res-rav", CASE_RAV, RAV)));
        produce(p, CASE_IV_1, envelope(id("r-iv-1"), CASE_IV_1, 0, reserved("res-iv-1", CASE_IV_1, IV)));
        produce(p, CASE_IV_2, envelope(id("r-iv-2"), CASE_IV_2, 0, reserved("res-iv-2", CASE_IV_2, IV)));
        produce(p, CASE_OWN, envelope(id("r-own"), CASE_OWN, 0, reserved("res-own", CASE_OWN, ORGANISER)));
        produce(p, CASE_WITHDRAWN, envelope(id("r-wd"), CASE_WITHDRAWN, 0, reserved("res-wd", CASE_WITHDRAWN, RAV)));
        produce(p, CASE_WITHDRAWN, envelope(id("wd"), CASE_WITHDRAWN, 1, new SeatReleased(COURSE, "res-wd",
                CASE_WITHDRAWN, RAV, SeatReleaseReason.WITHDRAWN, LocalDate.of(2026, 9, 10))));
        String confirmation = envelope(CONFIRMATION, null, 1, confirmed());
        produce(p, COURSE, confirmation);
        produce(p, COURSE, confirmation); // the same event delivered again
        awaitCaughtUp();

        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when()
                .get("/cases/" + CASE_RAV + "/charge-preview?asOf=2026-09-30")
                .then().statusCode(200)
                .body("charged.kind", equalTo(List.of("COURSE_SEAT")))
                .body("charged[0].creditorId", equalTo(ORGANISER))
                .body("charged[0].debtorId", equalTo(RAV))
                .body("charged[0].amountChf", equalTo(452.32f))
                .body("charged[0].sourceEventIds", equalTo(List.of(CONFIRMATION.toString())));
        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/cases/" + CASE_RAV + "/charge-preview")
                .then().statusCode(404); // not a participant of the RAV's case
    }

    @Test
    @Order(2)
    void the_organisers_month_close_invoices_each_institution_its_seats_traced_to_the_confirmation() throws Exception {
        Response close = given().auth().oauth2(token(DevInstitution.SD_SURSEE)).contentType(ContentType.JSON)
                .body(Map.of("closedOn", "2026-10-02")).when().post("/billing-months/2026-09/close");
        // another billing test's automatic close may have closed this ended month already: its invoices stand
        close.then().statusCode(anyOf(equalTo(200), equalTo(409)));
        if (close.statusCode() == 409) {
            close.then().body("rule", equalTo("month-closed"));
        } else {
            close.then().body("invoiceIds", equalTo(List.of(INVOICE_IV, INVOICE_RAV)));
        }

        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when().get("/invoices/" + INVOICE_RAV)
                .then().statusCode(200)
                .body("creditorId", equalTo(ORGANISER))
                .body("lines.kind", equalTo(List.of("COURSE_SEAT")))
                .body("lines[0].caseId", equalTo(CASE_RAV))
                .body("lines[0].chargeId", org.hamcrest.Matchers.containsString(COURSE + "-res-rav"))
                .body("lines[0].sourceEventIds", equalTo(List.of(CONFIRMATION.toString())))
                .body("lines[0].quantity", equalTo(1.0f))
                .body("lines[0].unitPriceChf", equalTo(452.32f))
                .body("lines[0].periodFrom", equalTo("2026-09-15"))
                .body("netChf", equalTo(452.32f))
                .body("roundingChf", equalTo(-0.02f))
                .body("totalChf", equalTo(452.30f));
        given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/invoices/" + INVOICE_IV)
                .then().statusCode(200)
                .body("lines.caseId", equalTo(List.of(CASE_IV_1, CASE_IV_2)))
                .body("lines.kind", everyItem(equalTo("COURSE_SEAT")))
                .body("netChf", equalTo(904.64f))
                .body("roundingChf", equalTo(0.01f))
                .body("totalChf", equalTo(904.65f));
        // never to itself, and nothing for the seat withdrawn before the decision
        given().auth().oauth2(token(DevInstitution.SD_SURSEE)).when().get("/invoices?month=2026-09")
                .then().statusCode(200)
                .body("invoiceId", hasItem(INVOICE_RAV))
                .body("findAll { it.creditorId == 'SD-LU-SURSEE' }.debtorId", not(hasItem(ORGANISER)));
        given().auth().oauth2(token(DevInstitution.RAV_SURSEE)).when().get("/invoices/" + INVOICE_IV).then().statusCode(404);
        String csv = given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/invoices/" + INVOICE_IV + "/csv")
                .then().statusCode(200).extract().asString();
        assertThat(csv).contains(";" + CASE_IV_1 + ";COURSE_SEAT;2026-09-15;").contains(CONFIRMATION.toString())
                .contains(";TOTAL;").contains("904.65");
        byte[] pdf = given().auth().oauth2(token(DevInstitution.IV_LUZERN)).when().get("/invoices/" + INVOICE_IV + "/qr-bill")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/qr-bill-course-seats.pdf"), pdf);

        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("billing_service"), infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery("select count(*), count(distinct charge_id) from charge "
                     + "where kind = 'COURSE_SEAT' and charge_id like '%" + COURSE + "%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("one charge per seat of another institution").isEqualTo(3);
            assertThat(rs.getLong(2)).isEqualTo(3);
        }
    }

    @Test
    @Order(3)
    void a_poison_placement_record_goes_to_the_dead_letter_topic_with_the_reason() {
        String key = "poison-placement-" + UUID.randomUUID();
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.PLACEMENT_EVENTS, key, "{ not an event"))
                    .awaitCompletion(WAIT);
            ConsumerTask<String, String> dlq = companion.consumeStrings()
                    .fromTopics(Topics.deadLetterTopic("billing-service"), m -> m.filter(r -> key.equals(r.key())));
            dlq.awaitRecords(1, WAIT);
            dlq.stop();
            assertThat(new String(dlq.getRecords().get(0).headers().lastHeader(Topics.HEADER_DLQ_REASON).value(),
                    StandardCharsets.UTF_8)).isNotBlank();
            assertThat(new String(dlq.getRecords().get(0).headers().lastHeader(Topics.HEADER_DLQ_TOPIC).value(),
                    StandardCharsets.UTF_8)).isEqualTo(Topics.PLACEMENT_EVENTS);
        }
        awaitCaughtUp();
    }

    @Test
    @Order(4)
    void a_rebuild_from_offset_zero_yields_the_same_ledger_with_the_seat_charges() {
        BillingFlowTest.awaitCaughtUp();
        awaitCaughtUp();
        List<String> rebuilt = BillingFlowTest.rebuiltLedger("billing_rebuild_placement");
        assertThat(rebuilt).isEqualTo(BillingFlowTest.sorted(engine.ledger()));
        assertThat(rebuilt).anyMatch(row -> row.contains("COURSE_SEAT") && row.contains(COURSE + "-res-iv-2"));
    }
}
