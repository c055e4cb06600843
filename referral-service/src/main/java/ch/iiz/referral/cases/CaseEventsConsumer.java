package ch.iiz.referral.cases;

import ch.iiz.axon.EventToCommandConsumer;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvent;
import ch.iiz.service.time.ClockProducer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds every case event to the case's lead, which updates its facts and applies the cooperation model's automatic
 * rules (Aargau: ALV + IV → the IV office leads; AMIplus: the RAV leads while the mandate runs; a case that ends
 * cancels open proposals). Idempotent; poison records go to {@code iiz.dlq.referral-service}.
 */
@ApplicationScoped
public class CaseEventsConsumer extends EventToCommandConsumer<CaseEvent> {

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        consume(record);
    }

    @Override
    protected Class<CaseEvent> root() {
        return CaseEvent.class;
    }

    @Override
    protected String consumerName() {
        return "referral-service/case-events";
    }

    @Override
    protected Object command(EventEnvelope<CaseEvent> envelope) {
        if (envelope.caseId() == null) {
            throw new IllegalArgumentException(envelope.type() + " " + envelope.eventId() + " names no case");
        }
        return new TargetedCommand(envelope.caseId(), null, new ObserveCaseEvent(envelope.eventId(), envelope.payload(),
                envelope.occurredAt().atZone(ClockProducer.BUSINESS_ZONE).toLocalDate()));
    }
}
