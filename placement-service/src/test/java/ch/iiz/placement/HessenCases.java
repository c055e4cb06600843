package ch.iiz.placement;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.TestInfrastructure;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Hessen cases on the case topic, as case-service would publish them, for the tests of placement-service. */
final class HessenCases {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final BigDecimal PRICE = new BigDecimal("1850.00");

    private HessenCases() {
    }

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static void publish(KafkaCompanion companion, String caseId, long sequence, CaseEvent event) {
        String json = new EventCodec().encode(EventEnvelope.of(UUID.randomUUID(), caseId, sequence, Instant.now(),
                new Actor("SA-HE-KASSEL", InstitutionType.SOCIAL_SERVICES, "caseworker"), UUID.randomUUID(), null, event));
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.CASE_EVENTS, caseId, json)).awaitCompletion(WAIT);
    }

    /**
     * A Hessen case opened by {@code opener}, entitled there ({@code benefit}), with {@code partners}, a consent naming
     * {@code consented}, and a TRAINING measure {@code mea-1} whose cost the opener approved (cost approval
     * {@code KG-} + the case id's first 8 characters); returns once placement-service knows the case.
     */
    static String open(KafkaCompanion companion, LocalDate today, DevInstitution opener, Benefit benefit,
                       List<DevInstitution> partners, List<String> consented) {
        String caseId = UUID.randomUUID().toString();
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant(opener.id(), InstitutionType.valueOf(opener.type()), "HE", opener.municipality()));
        partners.forEach(p -> participants.add(new Participant(p.id(), InstitutionType.valueOf(p.type()), "HE",
                p.municipality())));
        publish(companion, caseId, 0, new CaseOpened("cl-he-" + caseId.substring(0, 8), CooperationModel.HESSEN,
                Program.COOPERATION, opener.id(), today, "HE", false, List.of(new Entitlement(benefit, opener.id())),
                participants));
        publish(companion, caseId, 1, new ConsentRecorded("cons-1", today, consented, "dms://c"));
        publish(companion, caseId, 2, new MeasureProposed("mea-1", MeasureKind.TRAINING, "Bildungswerk", PRICE,
                opener.id(), today, opener.id()));
        publish(companion, caseId, 3, new MeasureCostApproved("mea-1", "KG-" + caseId.substring(0, 8), PRICE,
                opener.id(), today));
        // the opener reads its own case as soon as placement-service has seen the opening
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token(opener)).when()
                .get("/cases/" + caseId + "/placements").then().statusCode(200));
        return caseId;
    }
}
