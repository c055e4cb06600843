package ch.iiz.billing.ledger;

import ch.iiz.service.kafka.BatchApplier;
import ch.iiz.service.kafka.DeadLetters;
import ch.iiz.service.kafka.TransientFailures;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The input topics (channel {@code inputs}; the topics are listed in its configuration), a poll's batch at a time:
 * the batch is applied in one transaction together with its input positions, so a redelivery changes nothing and a
 * month close knows exactly which records it saw. When the batch fails, its records are applied one by one and the
 * one that cannot be applied goes to {@code iiz.dlq.billing-service} with the reason; the others are applied once.
 * A batch or record that failed because the database was away is applied again once it is back
 * ({@link TransientFailures}), never dead-lettered for it.
 */
@ApplicationScoped
public class InputConsumers {

    @Inject
    BillingEngine engine;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private DeadLetters deadLetters;
    private BatchApplier<ConsumerRecord<String, byte[]>> applier;

    @Incoming("inputs")
    @Blocking(ordered = true)
    public void onInputs(ConsumerRecords<String, byte[]> records) throws Exception {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        applier.apply(batch);
    }

    @PostConstruct
    void open() {
        deadLetters = new DeadLetters(bootstrapServers, "billing-service");
        applier = new BatchApplier<>(Function.identity(),
                batch -> engine.applyAll(batch.stream()
                        .map(r -> new BillingEngine.Input(r.topic(), r.partition(), r.offset(), r.value())).toList()),
                one -> one.forEach(r -> engine.apply(r.topic(), r.partition(), r.offset(), r.value())),
                letter -> deadLetters.sendAll(List.of(letter)),
                r -> { }); // the next applied record of the partition moves its input position past it
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}
