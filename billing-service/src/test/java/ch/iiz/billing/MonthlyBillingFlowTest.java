package ch.iiz.billing;

import ch.iiz.billing.ledger.AutoClose;
import ch.iiz.billing.ledger.BillingEngine;
import ch.iiz.billing.payment.PaymentReference;
import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static ch.iiz.billing.payment.Camt054Test.file;
import static ch.iiz.billing.payment.Camt054Test.tx;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Issue #11 on the real broker and database: a running AMIplus phase and an OPTIMA lead are invoiced month by month by
 * the automatic close alone (called with controlled days), two closes of one month at once issue one invoice, QR-bills
 * carry each creditor's own account and a reference, and a camt.054 file pays them. Its institutions and months (2025)
 * are used by no other billing test.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "billing_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonthlyBillingFlowTest {

    static final String AMIPLUS = "case-monthly-amiplus";
    static final String OPTIMA = "case-monthly-optima";
    static final String NOCONF = "case-monthly-noconf";
    static final String RAV = "RAV-LU-SURSEE";
    static final String SD = "SD-LU-SURSEE";
    static final String IV = "IV-AG-SVA";
    static final String COMMISSIONING = "SD-AG-REINACH";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final EventCodec CODEC = new EventCodec();

    @Inject
    AutoClose autoClose;
    @Inject
    BillingEngine engine;
    @Inject
    DataSource dataSource;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static void publish(String topic, String caseId, List<? extends IntegrationEvent> events, String at) {
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            int sequence = 0;
            for (IntegrationEvent event : events) {
                UUID id = UUID.nameUUIDFromBytes((caseId + "/" + topic + "/" + sequence).getBytes(StandardCharsets.UTF_8));
                String json = CODEC.encode(EventEnvelope.of(id, caseId, sequence++, Instant.parse(at),
                        new Actor(RAV, InstitutionType.RAV, "caseworker"), null, null, event));
                companion.produceStrings().fromRecords(new ProducerRecord<>(topic, caseId, json)).awaitCompletion(WAIT);
            }
        }
    }

    String running(String caseId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select array_to_string(running, ',') from account where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long count(String sql, String... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    @Order(1)
    void a_running_amiplus_phase_and_an_optima_lead_are_invoiced_each_month_with_nobody_closing() throws Exception {
        LocalDate opened = LocalDate.of(2025, 1, 6);
        publish(Topics.CASE_EVENTS, AMIPLUS, List.of(
                new CaseOpened("cl-monthly-1", CooperationModel.AARGAU, Program.AMIPLUS, SD, opened, "LU", false,
                        List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                        List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                                new Participant(RAV, InstitutionType.RAV, "LU", null))),
                new ConsentRecorded("c1", opened, List.of(SD, RAV), "dms://c"),
                new AmiplusMandateIssued("m", SD, RAV, "KG-1", opened),
                new AmiplusPhaseStarted("m", 1, opened, opened.plusMonths(2).minusDays(1)),
                new AmiplusContinuationDecided("m", 1, true, LocalDate.of(2025, 1, 28), SD),
                new AmiplusPhaseEnded("m", 1, LocalDate.of(2025, 1, 31)),
                new AmiplusPhaseStarted("m", 2, LocalDate.of(2025, 2, 1), LocalDate.of(2026, 1, 31))),
                "2025-01-28T08:00:00Z");
        publish(Topics.REFERRAL_EVENTS, OPTIMA, List.of(new LeadDecided("dec-m1", IV, LocalDate.of(2025, 1, 15),
                LeadBasis.OPTIMA_HANDOVER, COMMISSIONING, "ho-m1", List.of())), "2025-01-15T08:00:00Z");
        publish(Topics.REFERRAL_EVENTS, NOCONF, List.of(new LeadDecided("dec-m2", "IV-ZZ-NOCONF",
                LocalDate.of(2025, 1, 20), LeadBasis.OPTIMA_HANDOVER, COMMISSIONING, "ho-m2", List.of())),
                "2025-01-20T08:00:00Z");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(running(AMIPLUS)).isEqualTo(RAV);
            assertThat(running(OPTIMA)).isEqualTo(IV);
            assertThat(running(NOCONF)).isEqualTo("IV-ZZ-NOCONF");
        });

        assertThat(autoClose.runOnce(LocalDate.of(2025, 2, 5))).isZero(); // January's grace days are not over
        autoClose.runOnce(LocalDate.of(2025, 2, 6));
        autoClose.runOnce(LocalDate.of(2025, 3, 6));
        autoClose.runOnce(LocalDate.of(2025, 3, 7)); // again: nothing new
        autoClose.runOnce(LocalDate.of(2025, 4, 6));

        String sd = token(DevInstitution.SD_SURSEE);
        String reinach = token(DevInstitution.SD_REINACH);
        given().auth().oauth2(sd).get("/invoices/INV-2025-01-" + RAV + "-" + SD).then().statusCode(200)
                .body("totalChf", equalTo(300.0f)).body("lines.kind", equalTo(List.of("AMIPLUS_PHASE_1_FLAT")));
        given().auth().oauth2(sd).get("/invoices/INV-2025-02-" + RAV + "-" + SD).then().statusCode(200)
                .body("totalChf", equalTo(280.0f)).body("lines[0].periodFrom", equalTo("2025-02-01"))
                .body("lines[0].periodTo", equalTo("2025-02-28"));
        given().auth().oauth2(sd).get("/invoices/INV-2025-03-" + RAV + "-" + SD).then().statusCode(200)
                .body("totalChf", equalTo(310.0f)).body("lines[0].quantity", equalTo(31.0f));
        for (String month : List.of("2025-01", "2025-02", "2025-03")) {
            given().auth().oauth2(reinach).get("/invoices/INV-" + month + "-" + IV + "-" + COMMISSIONING).then()
                    .statusCode(200).body("totalChf", equalTo(300.0f))
                    .body("lines[0].kind", equalTo("OPTIMA_LEAD_MONTH"))
                    .body("lines[0].periodFrom", equalTo(month + "-15"));
            assertThat(count("select count(*) from billing_month where creditor_id = ? and month = ?", IV, month))
                    .isEqualTo(1);
        }
        assertThat(count("select count(*) from invoice where creditor_id = ? and month like '2025-%'", RAV)).isEqualTo(3);
        assertThat(count("select count(*) from billing_month where automatic and creditor_id = ? and month like '2025-%'",
                RAV)).isEqualTo(3);
    }

    @Test
    @Order(2)
    void two_closes_of_one_month_at_once_issue_one_invoice() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Callable<String> close = () -> {
                start.await();
                try {
                    return engine.closeMonth(IV, YearMonth.of(2025, 4), LocalDate.of(2025, 5, 2), true,
                            BillingEngine.SYSTEM).invoiceIds().toString();
                } catch (BillingEngine.CloseRefused e) {
                    return e.rule();
                }
            };
            results.add(pool.submit(close));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsExactlyInAnyOrder("[INV-2025-04-" + IV + "-" + COMMISSIONING + "]", "month-closed");
        assertThat(count("select count(*) from invoice where creditor_id = ? and month = '2025-04'", IV)).isEqualTo(1);
        assertThat(count("select count(*) from billing_month where creditor_id = ? and month = '2025-04'", IV)).isEqualTo(1);
        // and the job, run by two instances at once, closes May once
        ExecutorService jobs = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(jobs.submit(() -> {
                together.await();
                return autoClose.runOnce(LocalDate.of(2025, 6, 6));
            }));
        }
        for (Future<Integer> r : runs) {
            r.get();
        }
        jobs.shutdown();
        assertThat(count("select count(*) from invoice where creditor_id = ? and month = '2025-05'", IV)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void qr_bills_carry_the_creditors_own_account_and_a_reference_and_an_unconfigured_creditor_gets_409() throws Exception {
        byte[] qrr = given().auth().oauth2(token(DevInstitution.SD_SURSEE))
                .get("/invoices/INV-2025-03-" + RAV + "-" + SD + "/qr-bill")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        byte[] rf = given().auth().oauth2(token(DevInstitution.SD_REINACH))
                .get("/invoices/INV-2025-01-" + IV + "-" + COMMISSIONING + "/qr-bill")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/qr-bill-qrr.pdf"), qrr);
        Files.write(Path.of("target/qr-bill-rf.pdf"), rf);
        given().auth().oauth2(token(DevInstitution.SD_REINACH))
                .get("/invoices/INV-2025-01-IV-ZZ-NOCONF-" + COMMISSIONING + "/qr-bill")
                .then().statusCode(409).body("rule", equalTo("creditor-billing-details-configured"));
    }

    @Test
    @Order(4)
    void a_camt054_file_pays_one_invoice_in_full_one_in_part_and_keeps_an_unknown_credit() {
        String jan = "INV-2025-01-" + IV + "-" + COMMISSIONING;
        String feb = "INV-2025-02-" + IV + "-" + COMMISSIONING;
        String unknown = PaymentReference.scor(PaymentReference.numberOf("no such invoice"));
        String camt = file(tx("SVA-TX-1", "300.00", PaymentReference.scor(PaymentReference.numberOf(jan)), "Gemeinde Reinach"),
                tx("SVA-TX-2", "100.00", PaymentReference.qrr(PaymentReference.numberOf(feb)), "Gemeinde Reinach"),
                tx("SVA-TX-3", "42.00", unknown, "Somebody"));
        String iv = token(DevInstitution.IV_AARGAU);
        given().auth().oauth2(iv).contentType("application/xml").body(camt).post("/payments/camt054")
                .then().statusCode(200).body("recorded", equalTo(3)).body("matched", equalTo(2))
                .body("unmatched", equalTo(1));
        given().auth().oauth2(iv).contentType("application/xml").body(camt).post("/payments/camt054")
                .then().statusCode(200).body("recorded", equalTo(0)).body("alreadyRecorded", equalTo(3));
        String reinach = token(DevInstitution.SD_REINACH);
        given().auth().oauth2(reinach).get("/invoices/" + jan).then().statusCode(200)
                .body("paidChf", equalTo(300.0f)).body("openChf", equalTo(0.0f))
                .body("payments[0].paymentId", equalTo("ASR:SVA-TX-1"));
        given().auth().oauth2(reinach).get("/invoices/" + feb).then().statusCode(200)
                .body("paidChf", equalTo(100.0f)).body("openChf", equalTo(200.0f));
        given().auth().oauth2(iv).get("/payments/unmatched").then().statusCode(200)
                .body("reference", hasItem(unknown)).body("amountChf", hasItem(42.0f));
        given().auth().oauth2(reinach).get("/payments/unmatched").then().statusCode(200)
                .body("reference", org.hamcrest.Matchers.not(hasItem(unknown)));
        // refused input: a DTD, not XML, another institution
        given().auth().oauth2(iv).contentType("application/xml")
                .body("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>")
                .post("/payments/camt054").then().statusCode(400).body("rule", equalTo("xml-no-doctype"));
        given().auth().oauth2(iv).contentType("application/xml").body("<Document>").post("/payments/camt054")
                .then().statusCode(400).body("rule", equalTo("xml-well-formed"));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).contentType("application/xml").body(camt)
                .post("/payments/camt054").then().statusCode(403);

        String statement = given().auth().oauth2(reinach).get("/statements?from=2025-01&to=2025-03")
                .then().statusCode(200).extract().asString();
        assertThat(statement).contains(";INVOICE;" + jan + ";").contains(";PAYMENT;" + jan + ";")
                .contains(";TOTAL_PAID;").contains(";BALANCE_OPEN;");
        String creditorView = given().auth().oauth2(iv).get("/statements?debtor=" + COMMISSIONING + "&from=2025-01&to=2025-03")
                .then().statusCode(200).extract().asString();
        assertThat(creditorView).contains(jan).doesNotContain("IV-ZZ-NOCONF")
                .contains(";TOTAL_INVOICED;;;" + COMMISSIONING + ";;;900.00;")
                .contains(";BALANCE_OPEN;;;" + COMMISSIONING + ";;;500.00;");
        given().auth().oauth2(reinach).get("/statements?from=2025-04&to=2025-01").then().statusCode(400);
    }
}
