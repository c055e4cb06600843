package ch.iiz.billing.ledger;

import ch.iiz.service.kafka.BatchConsumer;
import ch.iiz.service.kafka.TransientFailures;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * The input topics (channel {@code inputs}; the topics are listed in its configuration), a poll's batch at a time:
 * the batch is applied in one transaction together with its input positions, so a redelivery changes nothing and a
 * month close knows exactly which records it saw. When the batch fails, its records are applied one by one and the
 * one that cannot be applied goes to {@code iiz.dlq.billing-service} with the reason; the others are applied once.
 * A batch or record that failed because the database was away is applied again once it is back
 * ({@link TransientFailures}), never dead-lettered for it.
 */
@ApplicationScoped
public class InputConsumers extends BatchConsumer {

    @Inject
    BillingEngine engine;

    @Incoming("inputs")
    @Blocking(ordered = true)
    public void onInputs(ConsumerRecords<String, byte[]> records) throws Exception {
        consume(records);
    }

    @Override
    protected void applyAll(List<ConsumerRecord<String, byte[]>> records) {
        engine.applyAll(records.stream()
                .map(r -> new BillingEngine.Input(r.topic(), r.partition(), r.offset(), r.value())).toList());
    }

    /** A record that cannot be applied still moves its input position past it ({@link BillingEngine#apply}). */
    @Override
    protected void applyOne(ConsumerRecord<String, byte[]> r) {
        engine.apply(r.topic(), r.partition(), r.offset(), r.value());
    }
}
