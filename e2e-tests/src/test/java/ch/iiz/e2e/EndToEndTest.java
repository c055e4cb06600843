package ch.iiz.e2e;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.ServiceProcesses;
import ch.iiz.localstack.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The five services as they run in production (their built applications, as processes) on one real Kafka broker
 * and one real PostgreSQL server, driven only through their REST APIs and topics.
 */
class EndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final EventCodec CODEC = new EventCodec();
    static TestInfrastructure infra;
    static ServiceProcesses services;

    @BeforeAll
    static void startTheSystem() throws Exception {
        infra = TestInfrastructure.get();
        services = E2eSystem.start(infra, "main", 20081);
    }

    @AfterAll
    static void stopTheSystem() {
        if (services != null) {
            services.close();
        }
    }

    static String token(DevInstitution who) {
        return infra.tokens().mint(who, Duration.ofMinutes(30));
    }

    static String url(String service, String path) {
        return services.url(service) + path;
    }

    static Response post(DevInstitution who, String service, String path, Object body) {
        return given().auth().oauth2(token(who)).contentType(ContentType.JSON).body(body).when().post(url(service, path));
    }

    static Response get(DevInstitution who, String service, String path) {
        return given().auth().oauth2(token(who)).when().get(url(service, path));
    }

    static String openAmiplus(DevInstitution municipality, String client, String openedOn) {
        return post(municipality, "case-service", "/cases", Map.of(
                "clientId", client, "cooperationModel", "AARGAU", "program", "AMIPLUS", "canton", "AG",
                "openedOn", openedOn,
                "entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", municipality.id())),
                "participants", List.of(Map.of("institutionId", "RAV-AG-AARAU")),
                "consent", Map.of("givenOn", openedOn, "institutionIds", List.of(municipality.id(), "RAV-AG-AARAU"),
                        "documentRef", "dms://consent/" + client)))
                .then().statusCode(201).extract().path("caseId");
    }

    static void mandate(DevInstitution municipality, String caseId, String on) {
        post(municipality, "case-service", "/cases/" + caseId + "/mandate", Map.of("ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-" + caseId, "issuedOn", on)).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_AARAU, "case-service", "/cases/" + caseId)
                .then().body("leadInstitutionId", equalTo("RAV-AG-AARAU")));
    }

    /** Every record of a topic with this key, from offset zero. */
    static List<ConsumerRecord<String, String>> records(String topic, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    static long count(String database, String sql, String arg) throws Exception {
        try (var c = DriverManager.getConnection(infra.jdbcUrl(database), infra.username(), infra.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void an_amiplus_case_from_mandate_to_final_report_is_invoiced_to_the_rappen_and_counted_in_the_kpis() {
        DevInstitution sd = DevInstitution.SD_REINACH;
        String id = openAmiplus(sd, "cl-e2e-full", "2026-01-05");
        String at = "/cases/" + id;
        mandate(sd, id, "2026-01-05");
        post(DevInstitution.RAV_AARAU, "case-service", at + "/reports", Map.of("kind", "INTEGRATION_REPORT",
                "submittedOn", "2026-02-20", "documentRef", "dms://r1")).then().statusCode(200);
        post(sd, "case-service", at + "/phases/1/decision", Map.of("continueProgram", true, "decidedOn", "2026-02-25",
                "nextPhaseStartsOn", "2026-03-01", "nextPhasePlannedEndOn", "2026-12-31")).then().statusCode(200);
        post(DevInstitution.RAV_AARAU, "case-service", at + "/measures", Map.of("measureId", "mea-1", "kind", "COACHING",
                "provider", "Coach AG", "estimatedCostChf", "1000.00", "financingInstitutionId", sd.id(),
                "proposedOn", "2026-03-01")).then().statusCode(200);
        post(sd, "case-service", at + "/measures/mea-1/cost-approval", Map.of("costApprovalId", "KG-M1",
                "approvedAmountChf", "1000.00", "approvedOn", "2026-03-01")).then().statusCode(200);
        post(DevInstitution.RAV_AARAU, "case-service", at + "/measures/mea-1/start", Map.of("startedOn", "2026-03-02"))
                .then().statusCode(200);
        post(DevInstitution.RAV_AARAU, "case-service", at + "/measures/mea-1/completion", Map.of(
                "completedOn", "2026-03-25", "costChf", "980.53")).then().statusCode(200);
        post(DevInstitution.RAV_AARAU, "case-service", at + "/reports", Map.of("kind", "FINAL_REPORT",
                "submittedOn", "2026-03-30", "documentRef", "dms://final")).then().statusCode(200);
        post(DevInstitution.RAV_AARAU, "case-service", at + "/close", Map.of("outcome",
                "PERMANENT_JOB_FIRST_LABOUR_MARKET", "detachedFromSocialAssistance", true, "closedOn", "2026-03-31"))
                .then().statusCode(200).body("status", equalTo("CLOSED"));

        await().atMost(WAIT).untilAsserted(() -> get(sd, "billing-service", at + "/charge-preview?asOf=2026-04-01")
                .then().statusCode(200).body("totalChf", equalTo(1590.53f)));
        post(DevInstitution.RAV_AARAU, "billing-service", "/billing-months/2026-03/close", Map.of("closedOn", "2026-04-02"))
                .then().statusCode(200);
        get(sd, "billing-service", "/invoices/INV-2026-03-RAV-AG-AARAU-SD-AG-REINACH").then().statusCode(200)
                .body("lines.amountChf", equalTo(List.of(300.0f, 310.0f, 980.53f)))
                .body("netChf", equalTo(1590.53f)).body("roundingChf", equalTo(0.02f)).body("totalChf", equalTo(1590.55f));

        // the period of this case only: other tests of the same system open cases for Reinach today
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service",
                "/kpis?municipality=Reinach&from=2026-01-01&to=2026-03-31")
                .then().statusCode(200)
                .body("cases", equalTo(1))
                .body("outcomes.closed", equalTo(1))
                .body("outcomes.permanentJob", equalTo(1))
                .body("outcomes.detachmentRate", equalTo(1.0f))
                .body("costs.totalChf", equalTo(1590.53f))
                .body("phaseDurations.phase", equalTo(List.of(1, 2))));
    }

    @Test
    void an_optima_handover_changes_the_lead_the_fee_and_the_lead_history() {
        String id = post(DevInstitution.RAV_SURSEE, "case-service", "/cases", Map.of(
                "clientId", "cl-e2e-optima", "cooperationModel", "LUZERN_OPTIMA", "program", "OPTIMA", "canton", "LU",
                "openedOn", "2026-03-01",
                "participants", List.of(Map.of("institutionId", "IV-LU-WAS")),
                "consent", Map.of("givenOn", "2026-03-01", "institutionIds", List.of("RAV-LU-SURSEE", "IV-LU-WAS"),
                        "documentRef", "dms://c"))).then().statusCode(201).extract().path("caseId");
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + id + "/lead")
                .then().statusCode(200));
        // Dates around today: the expiry job runs on the real clock and must not end this handover during the test.
        java.time.LocalDate today = java.time.LocalDate.now();
        String acceptedOn = today.minusDays(1).toString();
        String location = post(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + id + "/handovers", Map.of(
                "toInstitutionId", "IV-LU-WAS", "reason", "health first", "proposedOn", today.minusDays(3).toString(),
                "answerDueOn", today.plusDays(7).toString(), "plannedEndOn", today.plusMonths(2).toString()))
                .then().statusCode(201).extract().header("Location");
        post(DevInstitution.IV_LUZERN, "referral-service", location.substring(location.indexOf("/cases/")) + "/acceptance",
                Map.of("on", acceptedOn)).then().statusCode(200);

        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_SURSEE, "case-service", "/cases/" + id)
                .then().body("leadInstitutionId", equalTo("IV-LU-WAS"))
                .body("leadHistory.basis", equalTo(List.of("OPENING", "OPTIMA_HANDOVER"))));
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.IV_LUZERN, "billing-service",
                "/cases/" + id + "/charge-preview?asOf=" + acceptedOn).then().statusCode(200)
                .body("charged[0].kind", equalTo("OPTIMA_LEAD_MONTH"))
                .body("charged[0].creditorId", equalTo("IV-LU-WAS"))
                .body("charged[0].debtorId", equalTo("RAV-LU-SURSEE"))
                .body("charged[0].amountChf", equalTo(300.0f)));
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service",
                "/audit/cases/" + id + "/lead-history").then().statusCode(200)
                .body("institutionId", equalTo(List.of("RAV-LU-SURSEE", "IV-LU-WAS"))));
    }

    @Test
    void a_revoked_consent_ends_an_optima_lead_its_fee_and_its_access_on_every_service() {
        java.time.LocalDate today = java.time.LocalDate.now();
        String opened = today.minusDays(10).toString();
        String id = post(DevInstitution.RAV_SURSEE, "case-service", "/cases", Map.of(
                "clientId", "cl-e2e-revoke", "cooperationModel", "LUZERN_OPTIMA", "program", "OPTIMA", "canton", "LU",
                "openedOn", opened,
                "participants", List.of(Map.of("institutionId", "IV-LU-WAS"), Map.of("institutionId", "SD-LU-SURSEE")),
                "consent", Map.of("consentId", "cons-iv", "givenOn", opened,
                        "institutionIds", List.of("RAV-LU-SURSEE", "IV-LU-WAS", "SD-LU-SURSEE"), "documentRef", "dms://c1")))
                .then().statusCode(201).extract().path("caseId");
        post(DevInstitution.RAV_SURSEE, "case-service", "/cases/" + id + "/consents", Map.of("consentId", "cons-sd",
                "givenOn", opened, "institutionIds", List.of("RAV-LU-SURSEE", "SD-LU-SURSEE"), "documentRef", "dms://c2"))
                .then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + id + "/lead")
                .then().statusCode(200));
        String location = post(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + id + "/handovers", Map.of(
                "toInstitutionId", "IV-LU-WAS", "reason", "health first", "proposedOn", today.minusDays(5).toString(),
                "answerDueOn", today.plusDays(7).toString(), "plannedEndOn", today.plusMonths(5).toString()))
                .then().statusCode(201).extract().header("Location");
        post(DevInstitution.IV_LUZERN, "referral-service", location.substring(location.indexOf("/cases/")) + "/acceptance",
                Map.of("on", today.minusDays(4).toString())).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_SURSEE, "case-service", "/cases/" + id)
                .then().body("leadInstitutionId", equalTo("IV-LU-WAS")));
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.IV_LUZERN, "billing-service", "/cases/" + id
                + "/charge-preview").then().statusCode(200));

        // The client withdraws the consent that named the IV: the lead returns to the commissioning RAV that day.
        post(DevInstitution.RAV_SURSEE, "case-service", "/cases/" + id + "/consents/cons-iv/revocation",
                Map.of("revokedOn", today.minusDays(1).toString())).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_SURSEE, "case-service", "/cases/" + id)
                .then().body("leadInstitutionId", equalTo("RAV-LU-SURSEE"))
                .body("participants.institutionId", org.hamcrest.Matchers.not(hasItem("IV-LU-WAS"))));
        // ...the former lead sees nothing more of the case, on every service
        await().atMost(WAIT).untilAsserted(() -> {
            get(DevInstitution.IV_LUZERN, "case-service", "/cases/" + id).then().statusCode(404);
            get(DevInstitution.IV_LUZERN, "referral-service", "/cases/" + id + "/lead").then().statusCode(404);
            get(DevInstitution.IV_LUZERN, "billing-service", "/cases/" + id + "/charge-preview").then().statusCode(404);
            get(DevInstitution.IV_LUZERN, "reporting-service", "/cases/" + id + "/timeline").then().statusCode(404);
        });
        // ...and the monthly fee stops: two months on, still the one lead month that started before the revocation
        await().atMost(WAIT).untilAsserted(() -> {
            Response preview = get(DevInstitution.RAV_SURSEE, "billing-service", "/cases/" + id
                    + "/charge-preview?asOf=" + today.plusMonths(2));
            preview.then().statusCode(200);
            List<String> kinds = new ArrayList<>(preview.jsonPath().getList("charged.kind", String.class));
            kinds.addAll(preview.jsonPath().getList("accruedToDate.kind", String.class));
            assertThat(kinds.stream().filter("OPTIMA_LEAD_MONTH"::equals).count()).isEqualTo(1);
        });
    }

    @Test
    void after_an_amiplus_abort_the_rav_submits_its_final_report_and_the_municipality_closes_the_case() {
        java.time.LocalDate today = java.time.LocalDate.now();
        String id = openAmiplus(DevInstitution.SD_MENZIKEN, "cl-e2e-after", today.minusDays(20).toString());
        mandate(DevInstitution.SD_MENZIKEN, id, today.minusDays(19).toString());
        post(DevInstitution.IV_AARGAU, "case-service", "/cases/" + id + "/abort", Map.of("reason", "MUNICIPALITY_REQUEST"))
                .then().statusCode(404); // not a participant at all
        post(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id + "/abort", Map.of("reason", "MUNICIPALITY_REQUEST",
                "abortedOn", today.minusDays(5).toString())).then().statusCode(409)
                .body("rule", equalTo("municipality-aborts-for-this-reason"));
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/abort", Map.of("reason", "MUNICIPALITY_REQUEST",
                "abortedOn", today.minusDays(5).toString())).then().statusCode(200);
        // the mandate ends, the lead returns to the municipality, the case stays open with its social services
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id)
                .then().body("leadInstitutionId", equalTo("SD-AG-MENZIKEN")).body("status", equalTo("OPEN")));
        post(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id + "/reports", Map.of("kind", "FINAL_REPORT",
                "submittedOn", today.minusDays(1).toString(), "documentRef", "dms://final")).then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/close", Map.of("outcome", "OTHER",
                "closedOn", today.toString())).then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void an_institution_the_registry_does_not_know_is_refused() {
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases", Map.of(
                "clientId", "cl-e2e-unknown", "cooperationModel", "AARGAU", "program", "AMIPLUS", "canton", "AG",
                "participants", List.of(Map.of("institutionId", "RAV-XX-NOWHERE")),
                "consent", Map.of("institutionIds", List.of("SD-AG-MENZIKEN", "RAV-XX-NOWHERE"), "documentRef", "dms://u")))
                .then().statusCode(409).contentType("application/problem+json")
                .body("rule", equalTo("unknown-institution")).body("field", equalTo("participants[0].institutionId"));
        post(DevInstitution.RAV_SURSEE, "referral-service", "/cases/x/handovers", Map.of("toInstitutionId", "IV-XX",
                "reason", "r")).then().statusCode(404); // no such case first: nothing is revealed
    }

    @Test
    void personal_data_is_never_in_clear_on_a_topic_or_in_a_database_and_an_erasure_makes_it_unreadable()
            throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now();
        String provider = "Stiftung Vertraulich " + UUID.randomUUID().toString().substring(0, 8);
        String reason = "Suchtbehandlung zuerst " + UUID.randomUUID().toString().substring(0, 8);
        String id = openAmiplus(DevInstitution.SD_MENZIKEN, "cl-e2e-private", today.minusDays(30).toString());
        mandate(DevInstitution.SD_MENZIKEN, id, today.minusDays(29).toString());
        String measure = "mea-e2e-private";
        post(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id + "/measures", Map.of("measureId", measure,
                "kind", "COACHING", "provider", provider, "estimatedCostChf", "900.00",
                "financingInstitutionId", "SD-AG-MENZIKEN", "proposedOn", today.minusDays(20).toString()))
                .then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/measures/" + measure + "/cost-refusal",
                Map.of("reason", reason, "refusedOn", today.minusDays(19).toString())).then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/exclusion-criteria", Map.of(
                "criterion", "ACUTE_ADDICTION", "reportedOn", today.minusDays(10).toString())).then().statusCode(200);
        // every service has seen the case's events
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service",
                "/cases/" + id + "/timeline").then().statusCode(200).body("type", hasItem("ExclusionCriterionReported")));
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.SD_MENZIKEN, "billing-service",
                "/cases/" + id + "/charge-preview").then().statusCode(200));

        // the owner shows it in clear to those who may read the case
        get(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id).then().statusCode(200)
                .body("measures.find { it.measureId == 'mea-e2e-private' }.provider", equalTo(provider));
        List<String> secrets = List.of(provider, reason, "ACUTE_ADDICTION");
        assertThat(clearTextOnTopics(id, secrets)).as("clear text on the topics").isEmpty();
        assertThat(clearTextInDatabases(secrets)).as("clear text in the databases").isEmpty();

        post(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id + "/personal-data", Map.of()).then()
                .statusCode(405); // erasure is a DELETE, by the opener only
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).contentType(ContentType.JSON)
                .body(Map.of("legalBasis", "request of the client")).when()
                .delete(url("case-service", "/cases/" + id + "/personal-data")).then().statusCode(403);
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).contentType(ContentType.JSON)
                .body(Map.of("legalBasis", "Art. 32 DSG: request of the client")).when()
                .delete(url("case-service", "/cases/" + id + "/personal-data")).then().statusCode(200);
        get(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id).then().statusCode(200)
                .body("measures.find { it.measureId == 'mea-e2e-private' }.provider", equalTo("[erased]"));
        assertThat(clearTextOnTopics(id, secrets)).isEmpty();
        assertThat(clearTextInDatabases(secrets)).isEmpty();
    }

    /** The secrets found in any record of any topic that carries this case (keyed by it). */
    static List<String> clearTextOnTopics(String caseId, List<String> secrets) {
        List<String> found = new ArrayList<>();
        for (String topic : List.of(Topics.CASE_EVENTS, Topics.REFERRAL_EVENTS, Topics.BILLING_EVENTS,
                Topics.PLACEMENT_EVENTS)) {
            for (ConsumerRecord<String, String> r : records(topic, caseId)) {
                secrets.stream().filter(x -> r.value() != null && r.value().contains(x))
                        .forEach(x -> found.add(topic + "@" + r.offset() + ": " + x));
            }
        }
        return found;
    }

    /** The secrets found in any row of any table of any service's database (bytea read as UTF-8 too). */
    static List<String> clearTextInDatabases(List<String> secrets) throws Exception {
        List<String> found = new ArrayList<>();
        for (String service : ServiceProcesses.SERVICES) {
            String database = ServiceProcesses.databaseName(service);
            try (var c = DriverManager.getConnection(infra.jdbcUrl(database), infra.username(), infra.password());
                 var tables = c.createStatement().executeQuery(
                         "select table_name from information_schema.tables where table_schema = 'public'")) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString(1));
                }
                for (String table : names) {
                    try (var rows = c.createStatement().executeQuery("select t::text from \"" + table + "\" t")) {
                        while (rows.next()) {
                            String row = rows.getString(1);
                            for (String secret : secrets) {
                                String hex = java.util.HexFormat.of().formatHex(secret.getBytes(
                                        java.nio.charset.StandardCharsets.UTF_8));
                                if (row.contains(secret) || row.contains(hex)) {
                                    found.add(database + "." + table + ": " + secret);
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void the_auditors_as_of_state_matches_the_state_the_case_had_then() {
        String id = openAmiplus(DevInstitution.SD_MENZIKEN, "cl-e2e-asof", "2026-05-04");
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service", "/cases/" + id + "/timeline")
                .then().statusCode(200).body("size()", equalTo(2)));
        Response then = get(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id);
        Instant instant = Instant.now();
        mandate(DevInstitution.SD_MENZIKEN, id, "2026-05-05");
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service",
                "/audit/cases/" + id + "/state").then().body("leadInstitutionId", equalTo("RAV-AG-AARAU")));

        get(DevInstitution.AUDITOR, "reporting-service", "/audit/cases/" + id + "/state?asOf=" + instant)
                .then().statusCode(200)
                .body("status", equalTo(then.path("status")))
                .body("leadInstitutionId", equalTo(then.path("leadInstitutionId")))
                .body("mandate", equalTo(null))
                .body("participants", equalTo(then.path("participants.institutionId")));
    }

    @Test
    void a_service_stopped_and_restarted_mid_flow_loses_and_duplicates_nothing() throws Exception {
        String id = openAmiplus(DevInstitution.SD_MENZIKEN, "cl-e2e-restart", "2026-06-01");
        services.stop("referral-service");
        services.stop("billing-service");
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/mandate", Map.of(
                "ravInstitutionId", "RAV-AG-AARAU", "costApprovalRef", "KG-r", "issuedOn", "2026-06-01"))
                .then().statusCode(200);
        post(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + id + "/integration-plans", Map.of(
                "documentRef", "dms://plan")).then().statusCode(200);
        services.start("referral-service");
        services.start("billing-service");
        services.awaitHealthy("referral-service", WAIT);
        services.awaitHealthy("billing-service", WAIT);

        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.RAV_AARAU, "case-service", "/cases/" + id)
                .then().body("leadInstitutionId", equalTo("RAV-AG-AARAU")));
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.SD_MENZIKEN, "billing-service",
                "/cases/" + id + "/charge-preview?asOf=2026-06-01").then().statusCode(200)
                .body("charged.kind", equalTo(List.of("AMIPLUS_PHASE_1_FLAT"))));

        long stored = count("case_service", "select count(*) from domainevententry where aggregateidentifier = ?", id);
        assertThat(stored).as("opened, consent, mandate, phase 1, lead changed, plan").isEqualTo(6);
        await().atMost(WAIT).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> caseRecords = records(Topics.CASE_EVENTS, id);
            List<ConsumerRecord<String, String>> referralRecords = records(Topics.REFERRAL_EVENTS, id);
            List<ConsumerRecord<String, String>> billingRecords = records(Topics.BILLING_EVENTS, id);
            assertThat(caseRecords).hasSize((int) stored);
            assertThat(distinctIds(caseRecords)).hasSize((int) stored);
            assertThat(referralRecords).extracting(r -> CODEC.decode(r.value()).type()).containsExactly("LeadDecided");
            assertThat(billingRecords).hasSize(1);
            long logged = count("reporting_service", "select count(*) from event_log where case_id = ?", id);
            assertThat(logged).isEqualTo(caseRecords.size() + referralRecords.size() + billingRecords.size());
        });
        assertThat(count("billing_service", "select count(*) from charge where case_id = ?", id)).isEqualTo(1);
        assertThat(count("referral_service", "select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%LeadDecided'", id)).isEqualTo(1);
    }

    @Test
    void a_foreign_institution_gets_404_on_every_endpoint_of_every_service() {
        String id = openAmiplus(DevInstitution.SD_MENZIKEN, "cl-e2e-private", "2026-07-01");
        mandate(DevInstitution.SD_MENZIKEN, id, "2026-07-01");
        await().atMost(WAIT).untilAsserted(() -> {
            get(DevInstitution.SD_MENZIKEN, "billing-service", "/cases/" + id + "/charge-preview").then().statusCode(200);
            get(DevInstitution.SD_MENZIKEN, "reporting-service", "/cases/" + id + "/timeline").then().statusCode(200);
            get(DevInstitution.SD_MENZIKEN, "referral-service", "/cases/" + id + "/lead").then().statusCode(200);
        });
        DevInstitution foreign = DevInstitution.SD_REINACH;
        String c = "/cases/" + id;
        for (String path : List.of(c, c + "/events", c + "/deadlines")) {
            get(foreign, "case-service", path).then().statusCode(404);
        }
        for (String path : List.of(c + "/integration-plans", c + "/consents", c + "/reports", c + "/close", c + "/abort",
                c + "/measures", c + "/mandate", c + "/participants", c + "/exclusion-criteria")) {
            post(foreign, "case-service", path, Map.of()).then().statusCode(org.hamcrest.Matchers.anyOf(
                    equalTo(404), equalTo(400)));
        }
        post(foreign, "case-service", c + "/integration-plans", Map.of("documentRef", "d")).then().statusCode(404);
        get(foreign, "referral-service", c + "/lead").then().statusCode(404);
        post(foreign, "referral-service", c + "/handovers", Map.of("toInstitutionId", "RAV-AG-AARAU", "reason", "x"))
                .then().statusCode(404);
        post(foreign, "referral-service", c + "/routing", Map.of("toInstitutionId", "RAV-AG-AARAU")).then().statusCode(404);
        get(foreign, "billing-service", c + "/charge-preview").then().statusCode(404);
        get(foreign, "reporting-service", c + "/timeline").then().statusCode(404);
        get(foreign, "reporting-service", "/kpis?municipality=Menziken").then().statusCode(200)
                .body("cases", equalTo(0));
        get(foreign, "billing-service", "/invoices").then().statusCode(200).body("debtorId",
                org.hamcrest.Matchers.not(hasItem("SD-AG-MENZIKEN")));
    }

    // ------------------------------------------------------------------ Hessen (issue #17)

    /**
     * A Hessen case opened by {@code opener} (entitled there to {@code benefit}) with {@code partner}, a consent naming
     * both, and a TRAINING measure whose cost the opener approved for {@code approvedChf}.
     */
    static String hessenCase(DevInstitution opener, String client, String benefit, DevInstitution partner,
                             java.time.LocalDate opened, String approvedChf) {
        String id = post(opener, "case-service", "/cases", Map.of(
                "clientId", client, "cooperationModel", "HESSEN", "program", "COOPERATION", "canton", "HE",
                "openedOn", opened.toString(),
                "entitlements", List.of(Map.of("benefit", benefit, "institutionId", opener.id())),
                "participants", List.of(Map.of("institutionId", partner.id())),
                "consent", Map.of("givenOn", opened.toString(), "institutionIds", List.of(opener.id(), partner.id()),
                        "documentRef", "dms://consent/" + client)))
                .then().statusCode(201).extract().path("caseId");
        post(opener, "case-service", "/cases/" + id + "/measures", Map.of("measureId", "mea-course", "kind", "TRAINING",
                "provider", "Bildungswerk Nordhessen", "estimatedCostChf", approvedChf,
                "financingInstitutionId", opener.id(), "proposedOn", opened.plusDays(1).toString()))
                .then().statusCode(200);
        post(opener, "case-service", "/cases/" + id + "/measures/mea-course/cost-approval", Map.of(
                "costApprovalId", "KG-" + client, "approvedAmountChf", approvedChf,
                "approvedOn", opened.plusDays(2).toString())).then().statusCode(200);
        return id;
    }

    /** Reserves a seat once the case's cost approval has reached placement-service (it travels as a case event). */
    static String reserveSeat(String course, DevInstitution who, String caseId, java.time.LocalDate on) {
        String[] location = new String[1];
        await().atMost(WAIT).untilAsserted(() -> location[0] = post(who, "placement-service", "/courses/" + course
                + "/reservations", Map.of("caseId", caseId, "measureId", "mea-course", "reservedOn", on.toString()))
                .then().statusCode(201).extract().header("Location"));
        return location[0].substring(location[0].lastIndexOf('/') + 1);
    }

    @Test
    void a_hessen_course_filled_by_two_legal_domains_is_invoiced_per_seat_and_a_shared_vacancy_leads_to_a_hire()
            throws Exception {
        DevInstitution jc = DevInstitution.JC_KASSEL;
        DevInstitution aa = DevInstitution.AA_KASSEL;
        DevInstitution sa = DevInstitution.SA_KASSEL;
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Zurich"));
        java.time.YearMonth month = java.time.YearMonth.from(today).minusMonths(1); // ended: it can be closed today
        String price = "1234.56";
        // clients of two legal domains (SGB III at the employment agency, social assistance at the Sozialamt) and one
        // of the Jobcenter, which organises the course and so never bills its own seat
        String byAgency = hessenCase(aa, "cl-e2e-he-aa", "SGB_III", jc, month.atDay(1), "1500.00");
        String social1 = hessenCase(sa, "cl-e2e-he-sa1", "SOCIAL_ASSISTANCE", jc, month.atDay(1), "1500.00");
        String social2 = hessenCase(sa, "cl-e2e-he-sa2", "SOCIAL_ASSISTANCE", jc, month.atDay(1), "1500.00");
        String own = hessenCase(jc, "cl-e2e-he-jc", "SGB_II", aa, month.atDay(1), "1500.00");

        String course = post(jc, "placement-service", "/courses", Map.of("measureKind", "TRAINING",
                "provider", "Bildungswerk Nordhessen", "seats", 6, "minimumParticipants", 3,
                "startDate", month.atDay(20).plusDays(14).toString(), "pricePerSeat", price,
                "decisionDate", month.atDay(20).toString(), "announcedOn", month.atDay(5).toString()))
                .then().statusCode(201).body("status", equalTo("OPEN")).extract().path("courseId");
        java.time.LocalDate reservedOn = month.atDay(10);
        String seatAgency = reserveSeat(course, aa, byAgency, reservedOn);
        reserveSeat(course, sa, social1, reservedOn);
        reserveSeat(course, sa, social2, reservedOn);
        reserveSeat(course, jc, own, reservedOn);
        // an institution outside a case reserves nothing for its client (the case does not exist for it)
        post(sa, "placement-service", "/courses/" + course + "/reservations", Map.of("caseId", byAgency,
                "measureId", "mea-course")).then().statusCode(404).contentType("application/problem+json");

        // the decision date has passed: the organiser decides, the minimum of 3 is reached with 4 seats
        post(jc, "placement-service", "/courses/" + course + "/decision", Map.of()).then().statusCode(200)
                .body("status", equalTo("CONFIRMED"));
        UUID confirmation = records(Topics.PLACEMENT_EVENTS, course).stream().map(r -> CODEC.decode(r.value()))
                .filter(e -> e.type().equals("CourseConfirmed")).map(EventEnvelope::eventId).findFirst().orElseThrow();

        // billing charges each reserving institution's seat on its own case...
        await().atMost(WAIT).untilAsserted(() -> get(aa, "billing-service", "/cases/" + byAgency + "/charge-preview")
                .then().statusCode(200).body("charged.kind", equalTo(List.of("COURSE_SEAT")))
                .body("charged[0].creditorId", equalTo(jc.id())).body("charged[0].amountChf", equalTo(1234.56f)));
        await().atMost(WAIT).untilAsserted(() -> get(sa, "billing-service", "/cases/" + social2 + "/charge-preview")
                .then().statusCode(200).body("charged.kind", equalTo(List.of("COURSE_SEAT"))));
        await().atMost(WAIT).untilAsserted(() -> get(jc, "billing-service", "/cases/" + own + "/charge-preview")
                .then().statusCode(200).body("charged", org.hamcrest.Matchers.empty()));
        // ...and the organiser's month close invoices them, with the same QR-bills as every invoice
        String toAgency = "INV-" + month + "-" + jc.id() + "-" + aa.id();
        String toSocial = "INV-" + month + "-" + jc.id() + "-" + sa.id();
        post(aa, "billing-service", "/billing-months/" + month + "/close", Map.of("closedOn", today.toString()))
                .then().statusCode(403); // only the creditor closes its months
        post(jc, "billing-service", "/billing-months/" + month + "/close", Map.of("closedOn", today.toString()))
                .then().statusCode(200).body("invoiceIds", equalTo(List.of(toAgency, toSocial)));
        get(aa, "billing-service", "/invoices/" + toAgency).then().statusCode(200)
                .body("creditorId", equalTo(jc.id()))
                .body("lines.kind", equalTo(List.of("COURSE_SEAT")))
                .body("lines[0].caseId", equalTo(byAgency))
                .body("lines[0].chargeId", org.hamcrest.Matchers.containsString(course + "-" + seatAgency))
                .body("lines[0].sourceEventIds", equalTo(List.of(confirmation.toString())))
                .body("lines[0].periodFrom", equalTo(month.atDay(20).toString()))
                .body("lines[0].unitPriceChf", equalTo(1234.56f))
                .body("netChf", equalTo(1234.56f)).body("roundingChf", equalTo(-0.01f))
                .body("totalChf", equalTo(1234.55f));
        get(sa, "billing-service", "/invoices/" + toSocial).then().statusCode(200)
                .body("lines.caseId", org.hamcrest.Matchers.containsInAnyOrder(social1, social2))
                .body("lines.amountChf", equalTo(List.of(1234.56f, 1234.56f)))
                .body("netChf", equalTo(2469.12f)).body("roundingChf", equalTo(-0.02f))
                .body("totalChf", equalTo(2469.10f));
        get(jc, "billing-service", "/invoices/INV-" + month + "-" + jc.id() + "-" + jc.id()).then().statusCode(404);
        get(sa, "billing-service", "/invoices/" + toAgency).then().statusCode(404);
        byte[] pdf = get(sa, "billing-service", "/invoices/" + toSocial + "/qr-bill").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("iiz.e2e.logs", "target/e2e-logs"))
                .resolve("course-seat-invoice-qr-bill.pdf");
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.write(out, pdf);
        assertThat(get(sa, "billing-service", "/invoices/" + toSocial + "/csv").then().statusCode(200).extract()
                .asString()).contains(";" + social1 + ";COURSE_SEAT;").contains(";TOTAL;").contains("2469.10");

        // a shared vacancy of the employment agency, proposed by the Jobcenter to its client, ends in a hire
        String vacancy = post(aa, "placement-service", "/vacancies", Map.of("occupation", "Fachkraft Lagerlogistik",
                "workloadPercent", 100, "validUntil", today.plusDays(60).toString(),
                "recordedOn", month.atDay(3).toString())).then().statusCode(201).extract().path("vacancyId");
        String v = "/vacancies/" + vacancy;
        post(jc, "placement-service", v + "/proposals", Map.of("caseId", own, "proposedOn", month.atDay(12).toString()))
                .then().statusCode(200);
        post(jc, "placement-service", v + "/proposals/" + own + "/outcome", Map.of("outcome", "APPLIED",
                "outcomeDate", month.atDay(15).toString())).then().statusCode(200);
        post(jc, "placement-service", v + "/proposals/" + own + "/outcome", Map.of("outcome", "HIRED",
                "outcomeDate", month.atDay(25).toString())).then().statusCode(200);
        get(DevInstitution.RAV_AARAU, "placement-service", v).then().statusCode(404); // not of the cooperation

        // the KPIs: the course, seat use by institution and legal domain, the proposal and the hire among the outcomes
        String period = "?canton=HE&from=" + month.atDay(1) + "&to=" + today;
        await().atMost(WAIT).untilAsserted(() -> get(DevInstitution.AUDITOR, "reporting-service", "/kpis" + period)
                .then().statusCode(200)
                .body("cases", equalTo(4))
                .body("placement.courses.announced", equalTo(1))
                .body("placement.courses.confirmed", equalTo(1))
                .body("placement.seats.confirmed", equalTo(4))
                .body("placement.seatsByLegalDomain.EMPLOYMENT_AGENCY.confirmed", equalTo(1))
                .body("placement.seatsByLegalDomain.SOCIAL_SERVICES.confirmed", equalTo(2))
                .body("placement.seatsByLegalDomain.JOBCENTER.confirmed", equalTo(1))
                .body("placement.vacancies.proposals", equalTo(1))
                .body("placement.vacancies.hired", equalTo(1))
                .body("outcomes.hiredFromVacancies", equalTo(1))
                .body("outcomes.casesIntoWork", equalTo(1))
                .body("costs.totalChf", equalTo(3703.68f)));
        // the Sozialamt sees its own cases' seats only
        get(sa, "reporting-service", "/kpis" + period).then().statusCode(200)
                .body("cases", equalTo(2)).body("placement.seatsByInstitution.institutionId", equalTo(List.of(sa.id())))
                .body("placement.vacancies.hired", equalTo(0));
        // the case's timeline shows what happened to it in placement-service
        await().atMost(WAIT).untilAsserted(() -> get(jc, "reporting-service", "/cases/" + own + "/timeline")
                .then().statusCode(200).body("type", org.hamcrest.Matchers.hasItems("SeatReserved",
                        "VacancyProposed", "VacancyOutcomeRecorded")));
        get(DevInstitution.AUDITOR, "reporting-service", "/audit/cases/" + own + "/state").then().statusCode(200)
                .body("vacancies." + "'" + vacancy + "'", equalTo("HIRED"));
    }

    static Set<UUID> distinctIds(List<ConsumerRecord<String, String>> records) {
        Set<UUID> ids = new HashSet<>();
        for (ConsumerRecord<String, String> r : records) {
            EventEnvelope<IntegrationEvent> e = CODEC.decode(r.value());
            ids.add(e.eventId());
        }
        return ids;
    }
}
