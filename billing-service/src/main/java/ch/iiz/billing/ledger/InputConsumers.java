package ch.iiz.billing.ledger;

import ch.iiz.service.kafka.TransientFailures;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Case and referral events in: each record is applied in its own transaction together with its input position, so
 * a redelivery changes nothing and a month close knows exactly which records it saw. A record that cannot be applied
 * goes to {@code iiz.dlq.billing-service} with the reason; one that failed because the database was away is applied
 * again once it is back.
 */
@ApplicationScoped
public class InputConsumers {

    @Inject
    BillingEngine engine;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onCaseEvent(ConsumerRecord<String, byte[]> record) throws Exception {
        apply(record);
    }

    @Incoming("referral-events")
    @Blocking(ordered = true)
    public void onReferralEvent(ConsumerRecord<String, byte[]> record) throws Exception {
        apply(record);
    }

    /** While the database restarts, the record waits and is applied again; only poison goes to the dead letters. */
    private void apply(ConsumerRecord<String, byte[]> record) throws Exception {
        TransientFailures.retrying("applying " + record.topic() + "-" + record.partition() + "@" + record.offset(), () -> {
            engine.apply(record.topic(), record.partition(), record.offset(), record.value());
            return null;
        });
    }
}
