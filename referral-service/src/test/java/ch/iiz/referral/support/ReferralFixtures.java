package ch.iiz.referral.support;

import ch.iiz.service.testing.TestKafka;
import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.TestInfrastructure;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What referral-service's tests need again and again: dev tokens, case events on the topic, its decisions read back. */
public final class ReferralFixtures {

    private static final EventCodec CODEC = new EventCodec();

    private ReferralFixtures() {
    }

    public static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    /** A case event as case-service publishes it (by a Sursee RAV caseworker), sent to the case topic; its JSON. */
    public static String publishCaseEvent(KafkaCompanion companion, String caseId, long sequence, CaseEvent event,
                                          UUID eventId) {
        String json = CODEC.encode(EventEnvelope.of(eventId, caseId, sequence, Instant.now(),
                new Actor("RAV-LU-SURSEE", InstitutionType.RAV, "caseworker"), UUID.randomUUID(), null, event));
        companion.produceStrings().fromRecords(new ProducerRecord<>(Topics.CASE_EVENTS, caseId, json))
                .awaitCompletion(TestKafka.WAIT);
        return json;
    }

    /** The lead decisions (and other referral events) published for a case, read from the beginning, once no more arrive. */
    public static List<EventEnvelope<IntegrationEvent>> referralEvents(TestKafka kafka, String caseId, int expected) {
        return kafka.settledRecords(Topics.REFERRAL_EVENTS, r -> caseId.equals(r.key()), expected).stream()
                .map(ConsumerRecord::value).map(CODEC::decode).toList();
    }
}
