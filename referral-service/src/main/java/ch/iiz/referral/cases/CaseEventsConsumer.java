package ch.iiz.referral.cases;

import ch.iiz.axon.EventToCommandConsumer;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvent;
import ch.iiz.service.time.ClockProducer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ch.iiz.events.cases.PersonalDataErased;
import ch.iiz.service.privacy.ClientKeys;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds every case event to the case's lead, which updates its facts and applies the cooperation model's automatic
 * rules (Aargau: ALV + IV → the IV office leads; AMIplus: the RAV leads while the mandate runs; a case that ends
 * cancels open proposals). A poll at a time: the events of one case in a poll reach its lead as one command, decided
 * as a fold ({@code ObserveCaseEvents}). Idempotent; poison records go to {@code iiz.dlq.referral-service}.
 */
@ApplicationScoped
public class CaseEventsConsumer extends EventToCommandConsumer<CaseEvent> {

    @Inject
    ClientKeys keys;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onRecords(ConsumerRecords<String, byte[]> records) throws Exception {
        consume(records);
    }

    @Override
    protected boolean batchesPerAggregate() {
        return true;
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
        if (envelope.payload() instanceof PersonalDataErased e) {
            // case-service erased the client's personal data: our key for the client goes too (idempotent, so a
            // redelivery or a replay changes nothing; the first erasure stays on record)
            keys.erase(e.clientId(), e.erasedBy(), e.legalBasis(), envelope.occurredAt());
        }
        return new TargetedCommand(envelope.caseId(), null, new ObserveCaseEvent(envelope.eventId(), envelope.payload(),
                envelope.occurredAt().atZone(ClockProducer.BUSINESS_ZONE).toLocalDate()));
    }
}
