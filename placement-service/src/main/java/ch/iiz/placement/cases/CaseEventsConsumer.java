package ch.iiz.placement.cases;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.service.access.Access;
import ch.iiz.service.store.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Keeps what placement-service knows of each case: the access rule's facts ({@code case_access}, service-kit
 * {@link Access}) and the facts a reservation or proposal is decided on ({@code case_facts}: participants, consents,
 * entitlements, cost approvals). No command follows from a case event here, so the event id is claimed and both
 * tables change in one transaction of their own: a redelivery or replay changes nothing. A record that cannot be
 * applied is thrown, and the connector's dead-letter queue ({@code iiz.dlq.placement-service}) takes it with the
 * reason; types written by newer producers are skipped.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    static final String CONSUMER = "placement-service/case-events";
    private static final Logger LOG = Logger.getLogger(CaseEventsConsumer.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    ProcessedEvents processed;
    @Inject
    Access access;
    @Inject
    CaseFactsStore facts;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<CaseEvent> envelope;
        try {
            envelope = codec.decode(new String(record.value() == null ? new byte[0] : record.value(),
                    StandardCharsets.UTF_8), CaseEvent.class);
        } catch (UnknownEventTypeException e) {
            LOG.debugf("skipping %s: written by a newer producer, not needed here", e.type());
            return;
        }
        if (envelope.caseId() == null) {
            throw new IllegalArgumentException(envelope.type() + " " + envelope.eventId() + " names no case");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (processed.claim(CONSUMER, envelope.eventId())) {
                access.apply(envelope.caseId(), envelope.sequence(), envelope.payload());
                facts.apply(envelope.caseId(), envelope.sequence(), envelope.payload());
            }
        });
    }
}
