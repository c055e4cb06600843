package ch.iiz.reporting;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverDeclined;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import ch.iiz.reporting.kpi.KpiProjector;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * reporting-service on the real broker and database: events of all three topics become KPIs, timelines and the
 * auditor's replays; duplicates change nothing; a rebuild while queries run never shows a half-built answer.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportingFlowTest {

    static final EventCodec CODEC = new EventCodec();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String A = "rep-case-a";
    static final String B = "rep-case-b";
    static final String C = "rep-case-c";
    static final String SD = "SD-AG-MENZIKEN";
    static final String SD2 = "SD-AG-REINACH";
    static final String RAV = "RAV-AG-AARAU";
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final List<String[]> SENT = new ArrayList<>();
    static int published;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static void send(String topic, String caseId, long seq, Instant at, Actor actor, IntegrationEvent event) {
        UUID id = UUID.nameUUIDFromBytes((topic + caseId + seq).getBytes());
        String json = CODEC.encode(EventEnvelope.of(id, event instanceof ch.iiz.events.EventEnvelope.Keyed ? null : caseId,
                seq, at, actor, null, null, event));
        SENT.add(new String[]{topic, caseId, json});
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(topic, caseId, json)).awaitCompletion(WAIT);
        }
        published++;
    }

    static Participant sd(String id, String municipality) {
        return new Participant(id, InstitutionType.SOCIAL_SERVICES, "AG", municipality);
    }

    static final Participant RAV_P = new Participant(RAV, InstitutionType.RAV, "AG", null);
    static final Actor SD_ACTOR = new Actor(SD, InstitutionType.SOCIAL_SERVICES, "caseworker");
    static final Actor RAV_ACTOR = new Actor(RAV, InstitutionType.RAV, "caseworker");

    @BeforeAll
    static void publishTheStory() {
        String ct = Topics.CASE_EVENTS;
        LocalDate d = LocalDate.of(2026, 1, 5);
        send(ct, A, 0, T0, SD_ACTOR, new CaseOpened("cl-a", CooperationModel.AARGAU, Program.AMIPLUS, SD, d, "AG", false,
                List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)), List.of(sd(SD, "Menziken"), RAV_P)));
        send(ct, A, 1, T0.plusSeconds(60), SD_ACTOR, new ConsentRecorded("c1", d, List.of(SD, RAV), "dms://c"));
        send(ct, A, 2, T0.plusSeconds(3600 * 24), SD_ACTOR, new AmiplusMandateIssued("m", SD, RAV, "KG", d.plusDays(1)));
        send(ct, A, 3, T0.plusSeconds(3600 * 24), SD_ACTOR, new AmiplusPhaseStarted("m", 1, d.plusDays(1), d.plusMonths(2)));
        send(ct, A, 4, T0.plusSeconds(3600 * 25), SD_ACTOR, new CaseLeadChanged(SD, RAV, d.plusDays(1),
                LeadBasis.AMIPLUS_MANDATE, UUID.randomUUID(), null, List.of()));
        send(ct, A, 5, T0.plusSeconds(3600 * 24 * 40), RAV_ACTOR, new ReportSubmitted("r1", ReportKind.INTEGRATION_REPORT,
                1, d.plusDays(40), RAV, "dms://r"));
        send(ct, A, 6, T0.plusSeconds(3600 * 24 * 41), SD_ACTOR, new AmiplusContinuationDecided("m", 1, true, d.plusDays(41), SD));
        send(ct, A, 7, T0.plusSeconds(3600 * 24 * 41), SD_ACTOR, new AmiplusPhaseEnded("m", 1, d.plusDays(55)));
        send(ct, A, 8, T0.plusSeconds(3600 * 24 * 41), SD_ACTOR, new AmiplusPhaseStarted("m", 2, d.plusDays(56), d.plusMonths(9)));
        send(ct, A, 9, T0.plusSeconds(3600 * 24 * 200), RAV_ACTOR, new CaseClosed(CaseOutcome.PERMANENT_JOB_FIRST_LABOUR_MARKET,
                true, d.plusDays(200), RAV));
        send(ct, B, 0, T0, new Actor(SD2, InstitutionType.SOCIAL_SERVICES, "caseworker"), new CaseOpened("cl-b",
                CooperationModel.AARGAU, Program.AMIPLUS, SD2, d, "AG", false, List.of(), List.of(sd(SD2, "Reinach"), RAV_P)));
        send(ct, B, 1, T0.plusSeconds(3600 * 24 * 30), RAV_ACTOR, new CaseAborted(AbortReason.LACK_OF_COOPERATION, null,
                d.plusDays(30), RAV));
        Actor lu = new Actor("RAV-LU-SURSEE", InstitutionType.RAV, "caseworker");
        send(ct, C, 0, T0, lu, new CaseOpened("cl-c", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, "RAV-LU-SURSEE", d,
                "LU", false, List.of(), List.of(new Participant("RAV-LU-SURSEE", InstitutionType.RAV, "LU", null),
                new Participant("IV-LU-WAS", InstitutionType.IV, "LU", null))));
        String rt = Topics.REFERRAL_EVENTS;
        send(rt, C, 0, T0.plusSeconds(60), lu, new LeadHandoverProposed("ho-1", CooperationModel.LUZERN_OPTIMA,
                "RAV-LU-SURSEE", "RAV-LU-SURSEE", "IV-LU-WAS", "health", d, d.plusDays(14), d.plusMonths(6)));
        send(rt, C, 1, T0.plusSeconds(3600 * 48), lu, new LeadHandoverAccepted("ho-1", "IV-LU-WAS", d.plusDays(2),
                d.plusDays(2), d.plusMonths(6)));
        send(rt, C, 2, T0.plusSeconds(3600 * 72), lu, new LeadHandoverProposed("ho-2", CooperationModel.LUZERN_OPTIMA,
                "IV-LU-WAS", "IV-LU-WAS", "RAV-LU-SURSEE", "back", d.plusDays(3), d.plusDays(10), d.plusMonths(6)));
        send(rt, C, 3, T0.plusSeconds(3600 * 24 * 12), lu, new LeadHandoverDeclined("ho-2", "RAV-LU-SURSEE",
                d.plusDays(11), "no answer by " + d.plusDays(10), true));
        String bt = Topics.BILLING_EVENTS;
        Actor billing = new Actor("billing-service", InstitutionType.OPERATIONS, "system");
        send(bt, A, 0, T0.plusSeconds(3600 * 24), billing, new ChargeRecorded("ch-a-1", A, ChargeKind.AMIPLUS_PHASE_1_FLAT,
                RAV, SD, d.plusDays(1), d.plusDays(1), BigDecimal.ONE, new BigDecimal("300.00"), new BigDecimal("300.00"),
                YearMonth.of(2026, 1), List.of(UUID.randomUUID()), null));
        send(bt, A, 1, T0.plusSeconds(3600 * 24 * 90), billing, new ChargeRecorded("ch-a-2", A, ChargeKind.AMIPLUS_DAILY,
                RAV, SD, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), BigDecimal.valueOf(31),
                new BigDecimal("10.00"), new BigDecimal("310.00"), YearMonth.of(2026, 3), List.of(UUID.randomUUID()), null));
        awaitIngested(published);
    }

    static void awaitIngested(long events) {
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "select count(*) from event_log where case_id like 'rep-case-%'")) {
                rs.next();
                return rs.getLong(1) >= events;
            }
        });
    }

    static ValidatableResponse kpis(DevInstitution who, String query) {
        return given().auth().oauth2(token(who)).when().get("/kpis" + query).then().statusCode(200);
    }

    @Test
    @Order(1)
    void events_become_kpis() {
        kpis(DevInstitution.AUDITOR, "?canton=AG")
                .body("cases", equalTo(2))
                .body("outcomes.closed", equalTo(1))
                .body("outcomes.permanentJob", equalTo(1))
                .body("outcomes.detached", equalTo(1))
                .body("outcomes.aborted", equalTo(1))
                .body("outcomes.abortsByReason.LACK_OF_COOPERATION", equalTo(1))
                .body("outcomes.detachmentRate", equalTo(0.5f))
                .body("costs.totalChf", equalTo(610.0f))
                .body("costs.perMunicipalityChf.Menziken", equalTo(610.0f))
                .body("phaseDurations[0].phase", equalTo(1))
                .body("phaseDurations[0].averageDays", equalTo(55.0f));
        kpis(DevInstitution.AUDITOR, "?program=OPTIMA")
                .body("cases", equalTo(1))
                .body("handovers.proposed", equalTo(2))
                .body("handovers.accepted", equalTo(1))
                .body("handovers.expired", equalTo(1))
                .body("handovers.averageDaysToAnswer", equalTo(2.0f))
                .body("openByProgramAndPhase[0].key", equalTo("OPTIMA"));
        kpis(DevInstitution.AUDITOR, "?municipality=Reinach").body("cases", equalTo(1));
        kpis(DevInstitution.SD_REINACH, "").body("cases", equalTo(1)); // only the cases it takes part in
        // Due and overdue reports and decisions due follow case-service's deadlines (shared AmiplusSchedule): on
        // 2026-09-10 case A's phase 2 progress report (due 09-02) is overdue, its integration report (10-05) due.
        kpis(DevInstitution.AUDITOR, "?municipality=Menziken&to=2026-09-10")
                .body("reports.due", equalTo(1)).body("reports.overdue", equalTo(1)).body("decisionsDue", equalTo(0));
        // Phase 2 (from 2026-03-02) still running beyond 18 months waits for the municipality's decision.
        kpis(DevInstitution.AUDITOR, "?municipality=Menziken&to=2027-09-02").body("decisionsDue", equalTo(1));
    }

    @Test
    @Order(2)
    void a_timeline_shows_every_service_in_order_for_participants_only() {
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/cases/" + A + "/timeline")
                .then().statusCode(200)
                .body("size()", equalTo(12))
                .body("[0].type", equalTo("CaseOpened"))
                .body("type", hasItem("ChargeRecorded"))
                .body("[11].type", equalTo("CaseClosed"));
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases/" + A + "/timeline")
                .then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.SD_REINACH)).when().get("/cases")
                .then().statusCode(200).body("caseId", equalTo(List.of(B)))
                .body("[0].status", equalTo("ABORTED")).body("[0].municipality", equalTo("Reinach"));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/cases?program=AMIPLUS&status=CLOSED")
                .then().statusCode(200).body("caseId", hasItem(A))
                .body("find { it.caseId == 'rep-case-a' }.outcome", equalTo("PERMANENT_JOB_FIRST_LABOUR_MARKET"));
    }

    @Test
    @Order(3)
    void the_auditor_sees_the_case_as_it_stood_at_three_instants_and_each_read_is_recorded() throws Exception {
        String state = "/audit/cases/" + A + "/state?asOf=";
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + T0.plusSeconds(3600))
                .then().statusCode(200).body("status", equalTo("OPEN")).body("leadInstitutionId", equalTo(SD))
                .body("mandate", equalTo(null)).body("chargedChf", equalTo(0.0f));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + T0.plusSeconds(3600 * 30))
                .then().body("leadInstitutionId", equalTo(RAV)).body("mandate", equalTo("ACTIVE"))
                .body("phase", equalTo(1)).body("chargedChf", equalTo(300.0f));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + T0.plusSeconds(3600 * 24 * 365))
                .then().body("status", equalTo("CLOSED")).body("phase", equalTo(2)).body("chargedChf", equalTo(610.0f))
                .body("outcome", equalTo("PERMANENT_JOB_FIRST_LABOUR_MARKET"));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when()
                .get("/audit/cases/" + A + "/consent?asOf=" + T0.plusSeconds(30))
                .then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + A + "/lead-history")
                .then().statusCode(200).body("institutionId", equalTo(List.of(SD, RAV)));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/audit/cases/" + A + "/history")
                .then().statusCode(403);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + "yesterday")
                .then().statusCode(400).body("field", equalTo("asOf"));
        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from audit_read where case_id = '" + A + "' and institution = 'AUDIT-IIZ'")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    @Order(4)
    void duplicates_and_late_redeliveries_change_nothing() {
        for (String[] sent : List.copyOf(SENT)) {
            try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
                companion.produceStrings().fromRecords(new ProducerRecord<>(sent[0], sent[1], sent[2])).awaitCompletion(WAIT);
            }
        }
        // a marker after the duplicates tells when they have all been read
        send(Topics.CASE_EVENTS, B, 2, T0.plusSeconds(3600 * 24 * 31), RAV_ACTOR,
                new IntegrationPlanAgreed(1, LocalDate.of(2026, 2, 1), "dms://p"));
        awaitIngested(published);
        kpis(DevInstitution.AUDITOR, "?canton=AG").body("cases", equalTo(2)).body("costs.totalChf", equalTo(610.0f))
                .body("outcomes.aborted", equalTo(1));
        kpis(DevInstitution.AUDITOR, "?program=OPTIMA").body("handovers.proposed", equalTo(2));
    }

    @Test
    @Order(5)
    void a_rebuild_while_queries_run_never_returns_a_half_built_answer() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger answers = new AtomicInteger();
        List<String> wrong = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                float total = given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/kpis?canton=AG")
                        .then().statusCode(200).extract().path("costs.totalChf");
                int cases = given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/kpis?canton=AG")
                        .then().extract().path("cases");
                if (total != 610.0f || cases != 2) {
                    wrong.add(cases + "/" + total);
                }
                answers.incrementAndGet();
            }
        });
        Map<String, List<String>> live = facts();
        reader.start();
        given().auth().oauth2(token(DevInstitution.OPS)).when().post("/ops/projections/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                        .then().body("state", equalTo("DONE")));
        done.set(true);
        reader.join();
        assertThat(wrong).isEmpty();
        assertThat(answers.get()).isPositive();
        given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                .then().body("done", equalTo((int) given().auth().oauth2(token(DevInstitution.OPS)).when()
                        .get("/ops/projections/rebuild").then().extract().path("total")));
        kpis(DevInstitution.AUDITOR, "?canton=AG").body("cases", equalTo(2)).body("costs.totalChf", equalTo(610.0f));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().post("/ops/projections/rebuild").then().statusCode(403);
        // the rebuild reproduces exactly what the live ingest produced, row by row
        assertThat(facts()).isEqualTo(live);
    }

    @Test
    @Order(6)
    void a_rebuild_started_again_after_an_interrupted_one_gives_the_live_rows() throws Exception {
        Map<String, List<String>> live = facts();
        // what an interrupted rebuild leaves: copies already partly filled (here with every live row and one more)
        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
             var s = c.createStatement()) {
            for (String table : KpiProjector.TABLES) {
                s.execute("drop table if exists " + table + "_rebuild");
                s.execute("create table " + table + "_rebuild (like " + table + " including all)");
                s.execute("insert into " + table + "_rebuild select * from " + table);
            }
            s.execute("insert into case_fact_rebuild (case_id, canton, program, cooperation_model, lead_institution, "
                    + "participants, status, opened_on) values ('left-over', 'AG', 'AMIPLUS', 'AARGAU', 'X', '{}', "
                    + "'OPEN', date '2026-01-01')");
        }
        given().auth().oauth2(token(DevInstitution.OPS)).when().post("/ops/projections/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                        .then().body("state", equalTo("DONE")));
        assertThat(facts()).isEqualTo(live);
    }

    /** Every row of every KPI table, as text, in key order. */
    static Map<String, List<String>> facts() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, List<String>> rows = new TreeMap<>();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password())) {
            for (String table : KpiProjector.TABLES) {
                List<String> list = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("select t::text from " + table + " t order by 1")) {
                    while (rs.next()) {
                        list.add(rs.getString(1));
                    }
                }
                rows.put(table, list);
            }
        }
        assertThat(rows.get("case_fact")).isNotEmpty();
        return rows;
    }

    @Test
    @Order(8)
    void poison_records_in_a_batch_are_dead_lettered_alone_and_the_rest_is_applied_once() throws Exception {
        String d = "rep-case-d";
        LocalDate day = LocalDate.of(2026, 2, 2);
        Actor tooLong = new Actor("X".repeat(100), InstitutionType.SOCIAL_SERVICES, "caseworker"); // readable, refused by the log
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(record(Topics.CASE_EVENTS, d, 0, SD_ACTOR, new CaseOpened("cl-d", CooperationModel.AARGAU,
                Program.AMIPLUS, SD, day, "AG", false, List.of(), List.of(sd(SD, "Menziken")))));
        records.add(new ProducerRecord<>(Topics.CASE_EVENTS, d, "{\"not\": \"an envelope\"}"));
        records.add(record(Topics.CASE_EVENTS, d, 1, tooLong, new CaseLeadChanged(SD, RAV, day, LeadBasis.AMIPLUS_MANDATE,
                UUID.randomUUID(), null, List.of())));
        records.add(record(Topics.CASE_EVENTS, d, 2, SD_ACTOR, new ParticipantAdded(RAV_P, day)));
        records.add(records.get(3)); // a duplicate in the same batch
        // readable, but its unpaired surrogate escape cannot be kept where the console reads the wire text as jsonb
        ProducerRecord<String, String> surrogate = record(Topics.CASE_EVENTS, d, 3, SD_ACTOR,
                new ParticipantAdded(sd("SD-AG-REINACH", "Reinxach"), day));
        records.add(new ProducerRecord<>(surrogate.topic(), d, surrogate.value().replace("Reinxach", "Rein\\ud800ach")));
        String dlq = Topics.deadLetterTopic("reporting-service");
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            ConsumerTask<String, String> letters = companion.consumeStrings()
                    .fromTopics(dlq, m -> m.filter(r -> d.equals(r.key())));
            companion.produceStrings().fromRecords(records).awaitCompletion(WAIT);
            letters.awaitRecords(3, WAIT);
            letters.stop();
            assertThat(letters.getRecords()).extracting(r -> new String(r.headers().lastHeader(Topics.HEADER_DLQ_REASON)
                    .value(), java.nio.charset.StandardCharsets.UTF_8)).hasSize(3)
                    .anySatisfy(reason -> assertThat(reason).contains("is required"))
                    .anySatisfy(reason -> assertThat(reason).contains("too long"))
                    .anySatisfy(reason -> assertThat(reason).contains("cannot be kept in the event log"));
        }
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).untilAsserted(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password())) {
                ResultSet log = c.createStatement().executeQuery("select count(*) from event_log where case_id = '" + d + "'");
                log.next();
                assertThat(log.getLong(1)).isEqualTo(2);
                ResultSet fact = c.createStatement().executeQuery(
                        "select participants::text, lead_institution from case_fact where case_id = '" + d + "'");
                assertThat(fact.next()).isTrue();
                assertThat(fact.getString(1)).isEqualTo("{" + SD + "," + RAV + "}");
                assertThat(fact.getString(2)).isEqualTo(SD); // the refused lead change changed nothing
                ResultSet access = c.createStatement().executeQuery(
                        "select version from case_access where case_id = '" + d + "'");
                assertThat(access.next()).isTrue();
                assertThat(access.getLong(1)).isEqualTo(2);
            }
        });
    }

    @Test
    @Order(9)
    void records_the_live_ingest_dead_letters_for_any_reason_are_left_out_of_a_rebuild_alike() throws Exception {
        String e = "rep-case-e";
        LocalDate day = LocalDate.of(2026, 2, 3);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(record(Topics.CASE_EVENTS, e, 0, SD_ACTOR, new CaseOpened("cl-e", CooperationModel.AARGAU,
                Program.AMIPLUS, SD, day, "AG", false, List.of(), List.of(sd(SD, "Menziken")))));
        // each decodes; the first two would change the case's facts if a rebuild took them in
        records.add(record(Topics.CASE_EVENTS, e, 1, new Actor("I".repeat(65), InstitutionType.RAV, "caseworker"),
                new CaseLeadChanged(SD, RAV, day, LeadBasis.AMIPLUS_MANDATE, UUID.randomUUID(), null, List.of())));
        ProducerRecord<String, String> low = record(Topics.CASE_EVENTS, e, 2, SD_ACTOR,
                new ParticipantAdded(sd(SD2, "Reinxach"), day));
        records.add(new ProducerRecord<>(low.topic(), e, low.value().replace("Reinxach", "Rein\\udc00ach")));
        String course = "K".repeat(101); // its stream id: wider than event_log.stream_id
        records.add(new ProducerRecord<>(Topics.PLACEMENT_EVENTS, e, CODEC.encode(EventEnvelope.of(
                UUID.nameUUIDFromBytes(course.getBytes()), null, 0, T0, SD_ACTOR, null, null,
                new ch.iiz.events.placement.CourseAnnounced(course, SD, MeasureKind.COACHING,
                        "Anbieter", 10, 2, day, BigDecimal.TEN, day, day)))));
        records.add(record(Topics.CASE_EVENTS, e, 3, SD_ACTOR, new ParticipantAdded(RAV_P, day)));
        // fit for the log, but the database refuses its KPI fact (a canton of three letters); the case goes on
        String refused = "rep-case-e-refused";
        records.add(record(Topics.CASE_EVENTS, refused, 0, SD_ACTOR, new CaseOpened("cl-e2", CooperationModel.AARGAU,
                Program.AMIPLUS, SD, day, "ZZZ", false, List.of(), List.of(sd(SD, "Menziken")))));
        records.add(record(Topics.CASE_EVENTS, refused, 1, SD_ACTOR, new ParticipantAdded(RAV_P, day)));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            ConsumerTask<String, String> letters = companion.consumeStrings()
                    .fromTopics(Topics.deadLetterTopic("reporting-service"),
                            m -> m.filter(r -> e.equals(r.key()) || refused.equals(r.key())));
            companion.produceStrings().fromRecords(records).awaitCompletion(WAIT);
            letters.awaitRecords(4, WAIT);
            letters.stop();
            assertThat(letters.getRecords()).extracting(r -> new String(r.headers().lastHeader(Topics.HEADER_DLQ_REASON)
                    .value(), java.nio.charset.StandardCharsets.UTF_8)).hasSize(4).contains(
                    "the actor institution is too long for the event log: 65 characters, at most 64",
                    "the record cannot be kept in the event log: a low surrogate escape without its high surrogate",
                    "the stream id is too long for the event log: 101 characters, at most 100")
                    .anySatisfy(reason -> assertThat(reason).contains("value too long for type character varying(2)"));
            // each noted where the rebuild looks
            for (var letter : letters.getRecords()) {
                try (var c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl("reporting_service"),
                        TestInfrastructure.get().username(), TestInfrastructure.get().password());
                     ResultSet noted = c.createStatement().executeQuery("select count(*) from ingest_refusal where topic = '"
                             + header(letter, Topics.HEADER_DLQ_TOPIC) + "' and partition = "
                             + header(letter, Topics.HEADER_DLQ_PARTITION) + " and record_offset = "
                             + header(letter, Topics.HEADER_DLQ_OFFSET))) {
                    noted.next();
                    assertThat(noted.getInt(1)).isEqualTo(1);
                }
            }
        }
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).untilAsserted(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet fact = c.createStatement().executeQuery(
                         "select participants::text, lead_institution from case_fact where case_id = '" + e + "'")) {
                assertThat(fact.next()).isTrue();
                assertThat(fact.getString(1)).isEqualTo("{" + SD + "," + RAV + "}");
                assertThat(fact.getString(2)).isEqualTo(SD);
            }
        });
        Map<String, List<String>> live = facts();
        given().auth().oauth2(token(DevInstitution.OPS)).when().post("/ops/projections/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                        .then().body("state", org.hamcrest.Matchers.oneOf("DONE", "FAILED")));
        int refusals;
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
             ResultSet noted = c.createStatement().executeQuery("select count(*) from ingest_refusal")) {
            noted.next();
            refusals = noted.getInt(1); // this test's four, and the poison of the earlier ones
        }
        assertThat(refusals).isGreaterThanOrEqualTo(4);
        given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                .then().body("state", equalTo("DONE")).body("refusedLeftOut", equalTo(refusals));
        // what the live ingest dead-lettered the rebuild left out, too: the same facts, row by row
        assertThat(facts()).isEqualTo(live);
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
             ResultSet logged = c.createStatement().executeQuery(
                     "select count(*) from event_log where case_id = '" + refused + "'")) {
            logged.next();
            assertThat(logged.getInt(1)).as("the refused case's later event is logged").isEqualTo(1);
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static ProducerRecord<String, String> record(String topic, String caseId, long seq, Actor actor, IntegrationEvent event) {
        UUID id = UUID.nameUUIDFromBytes((topic + caseId + seq).getBytes());
        return new ProducerRecord<>(topic, caseId, CODEC.encode(EventEnvelope.of(id, caseId, seq, T0, actor, null, null,
                event)));
    }

    @Test
    @Order(7)
    void operations_see_topics_lag_and_dead_letters_also_as_metrics() {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.BILLING_EVENTS, key, "garbage"))
                    .awaitCompletion(WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(DevInstitution.OPS)).when()
                .get("/ops/topics?fresh=true").then().statusCode(200)
                .body("topics.topic", hasItem(Topics.CASE_EVENTS))
                .body("topics.find { it.topic == 'iiz.case.events' }.partitions.size()", equalTo(6))
                .body("consumerGroups.group", hasItem("reporting-service"))
                .body("deadLetters.find { it.topic == 'iiz.dlq.reporting-service' }.count", equalTo(1))
                .body("deadLetters.find { it.topic == 'iiz.dlq.reporting-service' }.latest[0].reason",
                        org.hamcrest.Matchers.containsString("not JSON")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("iiz_consumer_lag"))
                .body(org.hamcrest.Matchers.containsString("iiz_dead_letters"));
        given().auth().oauth2(token(DevInstitution.RAV_AARAU)).when().get("/ops/topics").then().statusCode(403);
        assertThat(given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/topics")
                .then().extract().path("sampledAt").toString()).isNotNull();
    }
}
