package ch.iiz.billing.ledger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Case, referral and placement events in: each record is applied in its own transaction together with its input position, so
 * a redelivery changes nothing and a month close knows exactly which records it saw. A record that cannot be applied
 * goes to {@code iiz.dlq.billing-service} with the reason.
 */
@ApplicationScoped
public class InputConsumers {

    @Inject
    BillingEngine engine;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onCaseEvent(ConsumerRecord<String, byte[]> record) {
        engine.apply(record.topic(), record.partition(), record.offset(), record.value());
    }

    @Incoming("referral-events")
    @Blocking(ordered = true)
    public void onReferralEvent(ConsumerRecord<String, byte[]> record) {
        engine.apply(record.topic(), record.partition(), record.offset(), record.value());
    }

    @Incoming("placement-events")
    @Blocking(ordered = true)
    public void onPlacementEvent(ConsumerRecord<String, byte[]> record) {
        engine.apply(record.topic(), record.partition(), record.offset(), record.value());
    }
}
