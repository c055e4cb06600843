package ch.iiz.reporting;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseClosed;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.CaseOutcome;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleaseReason;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcome;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * Issue #17 on the real broker and database: events of {@code iiz.placement.events} reach the event log (those about a
 * case on its timeline, history and past states; those about a course or a vacancy without a case), and the KPIs count
 * courses announced, confirmed and cancelled, seat use by institution and legal domain, vacancy proposals and hires, a
 * hire among the outcomes; duplicates and a rebuild change nothing. Its cases are Hessen cooperation cases (canton HE,
 * program COOPERATION), which no other reporting test counts.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(Integer.MAX_VALUE - 2) // after ReportingFlowTest, whose rebuild reader counts cases
class PlacementReportingFlowTest {

    static final EventCodec CODEC = new EventCodec();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String H1 = "place-case-1";
    static final String H2 = "place-case-2";
    /** Social services (Sozialhilfe) and a RAV (ALV): two legal domains reserving seats. */
    static final String SD = "SD-LU-SURSEE";
    static final String RAV = "RAV-LU-SURSEE";
    /** The organiser of both courses and the agency of the vacancies; takes part in neither case. */
    static final String ORGANISER = "IV-LU-WAS";
    static final String K1 = "place-course-1";
    static final String K2 = "place-course-2";
    static final Instant T0 = Instant.parse("2026-08-03T08:00:00Z");
    static final LocalDate D0 = LocalDate.of(2026, 8, 3);
    static final List<String[]> SENT = new ArrayList<>();
    static int caseKeyed;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static void send(String topic, String key, String caseId, long seq, long hours, String actor, IntegrationEvent event) {
        UUID id = UUID.nameUUIDFromBytes((topic + "/" + key + "/" + seq).getBytes(StandardCharsets.UTF_8));
        String json = CODEC.encode(EventEnvelope.of(id, caseId, seq, T0.plusSeconds(hours * 3600),
                new Actor(actor, InstitutionType.RAV, "caseworker"), null, null, event));
        SENT.add(new String[]{topic, key, json});
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(topic, key, json)).awaitCompletion(WAIT);
        }
        if (caseId != null) {
            caseKeyed++;
        }
    }

    /** A placement event about a case: keyed and enveloped with the case id. */
    static void aboutCase(String caseId, long seq, long hours, String actor, IntegrationEvent event) {
        send(Topics.PLACEMENT_EVENTS, caseId, caseId, seq, hours, actor, event);
    }

    /** A placement event about a course or a vacancy: keyed by it, no case. */
    static void about(String key, long seq, long hours, IntegrationEvent event) {
        send(Topics.PLACEMENT_EVENTS, key, null, seq, hours, ORGANISER, event);
    }

    static SeatReserved reserved(String course, String reservation, String caseId, String institution, int day) {
        return new SeatReserved(course, reservation, caseId, institution, institution, "KG-" + reservation,
                new BigDecimal("450.00"), D0.plusDays(day));
    }

    @BeforeAll
    static void publishTheStory() {
        String ct = Topics.CASE_EVENTS;
        send(ct, H1, H1, 0, 0, SD, new CaseOpened("cl-place-1", CooperationModel.HESSEN, Program.COOPERATION, SD, D0, "HE",
                false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, SD)),
                List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"),
                        new Participant(RAV, InstitutionType.RAV, "LU", null))));
        send(ct, H1, H1, 1, 0, SD, new ConsentRecorded("cons-p1", D0, List.of(SD, RAV), "dms://c1"));
        send(ct, H2, H2, 0, 0, RAV, new CaseOpened("cl-place-2", CooperationModel.HESSEN, Program.COOPERATION, RAV, D0, "HE",
                false, List.of(new Entitlement(Benefit.ALV, RAV)),
                List.of(new Participant(RAV, InstitutionType.RAV, "LU", null))));
        send(ct, H2, H2, 1, 0, RAV, new ConsentRecorded("cons-p2", D0, List.of(RAV), "dms://c2"));

        // course 1 reaches its minimum with the seats of both legal domains and is confirmed
        about(K1, 0, 1, new CourseAnnounced(K1, ORGANISER, MeasureKind.COACHING, "Kursanbieter AG", 10, 2,
                D0.plusDays(40), new BigDecimal("450.00"), D0.plusDays(30), D0));
        aboutCase(H1, 0, 2, SD, reserved(K1, "res-1", H1, SD, 1));
        aboutCase(H2, 0, 3, RAV, reserved(K1, "res-2", H2, RAV, 2));
        about(K1, 1, 24 * 30, new CourseConfirmed(K1, ORGANISER, D0.plusDays(30), List.of(
                new ConfirmedSeat("res-1", H1, SD, new BigDecimal("450.00")),
                new ConfirmedSeat("res-2", H2, RAV, new BigDecimal("450.00")))));
        // course 2 misses it: cancelled, and the seat released with the reason
        about(K2, 0, 1, new CourseAnnounced(K2, ORGANISER, MeasureKind.TRAINING, "Kursanbieter AG", 6, 4,
                D0.plusDays(50), new BigDecimal("300.00"), D0.plusDays(31), D0));
        aboutCase(H1, 1, 4, SD, reserved(K2, "res-3", H1, SD, 3));
        about(K2, 1, 24 * 31, new CourseCancelled(K2, ORGANISER, D0.plusDays(31), 1, 4));
        aboutCase(H1, 2, 24 * 31 + 1, ORGANISER, new SeatReleased(K2, "res-3", H1, SD, SeatReleaseReason.COURSE_CANCELLED,
                D0.plusDays(31)));
        // a shared vacancy: proposed to the RAV's client, applied, hired; another proposed to case 1, rejected
        about("place-vac-1", 0, 5, new VacancyRecorded("place-vac-1", ORGANISER, "Logistiker/in", 100, "HE",
                D0.plusDays(60), D0));
        aboutCase(H2, 1, 24 * 5, RAV, new VacancyProposed("place-vac-1", H2, RAV, D0.plusDays(5)));
        aboutCase(H2, 2, 24 * 8, RAV, new VacancyOutcomeRecorded("place-vac-1", H2, VacancyOutcome.APPLIED, RAV,
                D0.plusDays(8)));
        aboutCase(H2, 3, 24 * 20, RAV, new VacancyOutcomeRecorded("place-vac-1", H2, VacancyOutcome.HIRED, RAV,
                D0.plusDays(20)));
        aboutCase(H1, 3, 24 * 6, SD, new VacancyProposed("place-vac-1", H1, SD, D0.plusDays(6)));
        aboutCase(H1, 4, 24 * 9, SD, new VacancyOutcomeRecorded("place-vac-1", H1, VacancyOutcome.REJECTED, SD,
                D0.plusDays(9)));
        // the hired client's case is closed with another outcome: the hire still counts it as into work
        send(ct, H2, H2, 2, 24 * 25, RAV, new CaseClosed(CaseOutcome.OTHER, false, D0.plusDays(25), RAV));
        awaitLogged();
    }

    static void awaitLogged() {
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery("select count(*) filter (where case_id like 'place-case-%'), "
                         + "count(*) filter (where type = 'CourseCancelled' and wire like '%place-course-%') "
                         + "from event_log")) {
                rs.next();
                return rs.getLong(1) >= caseKeyed && rs.getLong(2) == 1;
            }
        });
    }

    /** Waits until the ingest has passed every record of the case and placement topics. */
    static void awaitCaughtUp() {
        TestInfrastructure infra = TestInfrastructure.get();
        await().atMost(WAIT).until(() -> {
            long end;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : List.of(Topics.CASE_EVENTS, Topics.PLACEMENT_EVENTS)) {
                    for (int p = 0; p < Topics.EVENT_TOPIC_PARTITIONS; p++) {
                        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(r -> r.offset()).sum();
            }
            try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
                 ResultSet rs = c.createStatement().executeQuery("select coalesce(sum(next_offset), 0) from "
                         + "projection_position where projection = 'reporting' and topic in ('" + Topics.CASE_EVENTS
                         + "', '" + Topics.PLACEMENT_EVENTS + "')")) {
                rs.next();
                return rs.getLong(1) == end;
            }
        });
    }

    static ValidatableResponse kpis(DevInstitution who, String query) {
        return given().auth().oauth2(token(who)).when().get("/kpis" + query).then().statusCode(200);
    }

    static void placementKpisAsTheAuditorSeesThem() {
        kpis(DevInstitution.AUDITOR, "?canton=HE")
                .body("cases", equalTo(2))
                .body("placement.courses.announced", equalTo(2))
                .body("placement.courses.confirmed", equalTo(1))
                .body("placement.courses.cancelled", equalTo(1))
                .body("placement.courses.awaitingDecision", equalTo(0))
                .body("placement.seats.reserved", equalTo(3))
                .body("placement.seats.confirmed", equalTo(2))
                .body("placement.seats.released", equalTo(1))
                .body("placement.seatsByInstitution.institutionId", equalTo(List.of(RAV, SD)))
                .body("placement.seatsByInstitution.legalDomain", equalTo(List.of("RAV", "SOCIAL_SERVICES")))
                .body("placement.seatsByLegalDomain.SOCIAL_SERVICES.reserved", equalTo(2))
                .body("placement.seatsByLegalDomain.SOCIAL_SERVICES.confirmed", equalTo(1))
                .body("placement.seatsByLegalDomain.SOCIAL_SERVICES.released", equalTo(1))
                .body("placement.seatsByLegalDomain.RAV.confirmed", equalTo(1))
                .body("placement.vacancies.proposals", equalTo(2))
                .body("placement.vacancies.hired", equalTo(1))
                .body("placement.vacancies.rejected", equalTo(1))
                .body("placement.vacancies.applied", equalTo(0))
                .body("outcomes.hiredFromVacancies", equalTo(1))
                .body("outcomes.casesIntoWork", equalTo(1))
                .body("outcomes.permanentJob", equalTo(0))
                .body("outcomes.closed", equalTo(1));
    }

    @Test
    @Order(1)
    void placement_events_become_kpis_by_institution_and_legal_domain() {
        placementKpisAsTheAuditorSeesThem();
        // a course counts in a period by its decision date
        kpis(DevInstitution.AUDITOR, "?canton=HE&from=2026-09-03&to=2026-09-30")
                .body("placement.courses.announced", equalTo(1)).body("placement.courses.cancelled", equalTo(1));
        // the RAV sees both cases (it takes part in both); the social services only their own case's seats
        kpis(DevInstitution.RAV_SURSEE, "?canton=HE")
                .body("cases", equalTo(2)).body("placement.seats.reserved", equalTo(3))
                .body("placement.vacancies.hired", equalTo(1));
        kpis(DevInstitution.SD_SURSEE, "?canton=HE")
                .body("cases", equalTo(1))
                .body("placement.seats.reserved", equalTo(2))
                .body("placement.seatsByInstitution.institutionId", equalTo(List.of(SD)))
                .body("placement.vacancies.hired", equalTo(0))
                .body("outcomes.hiredFromVacancies", equalTo(0));
        // the organiser takes part in no case: its own courses, no seat of anyone's case
        kpis(DevInstitution.IV_LUZERN, "?from=2026-08-01&to=2026-09-30")
                .body("placement.courses.announced", equalTo(2))
                .body("placement.seats.reserved", equalTo(0))
                .body("placement.vacancies.proposals", equalTo(0));
        // an institution outside everything sees none of it
        kpis(DevInstitution.SD_MENZIKEN, "?canton=HE")
                .body("cases", equalTo(0)).body("placement.courses.announced", equalTo(0))
                .body("placement.seats.reserved", equalTo(0));
        given().auth().oauth2(token(DevInstitution.OPS)).when().get("/kpis").then().statusCode(403);
    }

    @Test
    @Order(2)
    void the_case_timeline_history_and_past_state_show_the_events_about_the_case() {
        given().auth().oauth2(token(DevInstitution.SD_SURSEE)).when().get("/cases/" + H1 + "/timeline")
                .then().statusCode(200)
                .body("type", hasItems("SeatReserved", "SeatReleased", "VacancyProposed", "VacancyOutcomeRecorded"))
                .body("type", not(hasItem("CourseConfirmed")))
                .body("find { it.type == 'SeatReleased' }.businessDate", equalTo("2026-09-03"))
                .body("find { it.type == 'SeatReleased' }.payload.reason", equalTo("COURSE_CANCELLED"));
        given().auth().oauth2(token(DevInstitution.SD_MENZIKEN)).when().get("/cases/" + H1 + "/timeline")
                .then().statusCode(404);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + H2 + "/history")
                .then().statusCode(200)
                .body("type", hasItems("SeatReserved", "VacancyProposed", "VacancyOutcomeRecorded"));
        String state = "/audit/cases/" + H1 + "/state";
        // on 3 August both seats were reserved; by September the one of the cancelled course was released
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + "?on=2026-08-07")
                .then().statusCode(200)
                .body("courseSeats.'place-course-1/res-1'", equalTo("RESERVED"))
                .body("courseSeats.'place-course-2/res-3'", equalTo("RESERVED"))
                .body("vacancies.size()", equalTo(0));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get(state + "?on=2026-09-10")
                .then().statusCode(200)
                .body("courseSeats.'place-course-2/res-3'", equalTo("RELEASED_COURSE_CANCELLED"))
                .body("vacancies.'place-vac-1'", equalTo("REJECTED"));
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + H2 + "/state")
                .then().statusCode(200).body("vacancies.'place-vac-1'", equalTo("HIRED"))
                .body("status", equalTo("CLOSED"));
    }

    @Test
    @Order(3)
    void course_and_vacancy_events_are_in_the_log_without_a_case() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (var c = DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery("select type, count(*), count(case_id) from event_log "
                     + "where topic = '" + Topics.PLACEMENT_EVENTS + "' and wire like '%place-%' "
                     + "group by type order by type")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3));
            }
            org.assertj.core.api.Assertions.assertThat(rows).containsExactly(
                    "CourseAnnounced 2 0", "CourseCancelled 1 0", "CourseConfirmed 1 0", "SeatReleased 1 1",
                    "SeatReserved 3 3", "VacancyOutcomeRecorded 3 3", "VacancyProposed 2 2", "VacancyRecorded 1 0");
        }
    }

    @Test
    @Order(4)
    void duplicates_and_a_rebuild_from_offset_zero_change_nothing() {
        for (String[] sent : List.copyOf(SENT)) {
            try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
                companion.produceStrings().fromRecords(new ProducerRecord<>(sent[0], sent[1], sent[2])).awaitCompletion(WAIT);
            }
        }
        // one new proposal among the duplicates
        aboutCase(H1, 5, 24 * 40, SD, new VacancyProposed("place-vac-marker", H1, SD, D0.plusDays(40)));
        awaitCaughtUp();
        // the marker is the one proposal more; everything else counts once as before
        kpis(DevInstitution.AUDITOR, "?canton=HE").body("placement.vacancies.proposals", equalTo(3))
                .body("placement.seats.reserved", equalTo(3)).body("placement.seats.released", equalTo(1))
                .body("placement.courses.announced", equalTo(2)).body("outcomes.hiredFromVacancies", equalTo(1));

        given().auth().oauth2(token(DevInstitution.OPS)).when().post("/ops/projections/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token(DevInstitution.OPS)).when().get("/ops/projections/rebuild")
                        .then().body("state", equalTo("DONE")));
        kpis(DevInstitution.AUDITOR, "?canton=HE").body("placement.vacancies.proposals", equalTo(3))
                .body("placement.seats.reserved", equalTo(3)).body("placement.seats.confirmed", equalTo(2))
                .body("placement.seats.released", equalTo(1)).body("placement.courses.confirmed", equalTo(1))
                .body("placement.courses.cancelled", equalTo(1)).body("outcomes.casesIntoWork", equalTo(1));
    }
}
