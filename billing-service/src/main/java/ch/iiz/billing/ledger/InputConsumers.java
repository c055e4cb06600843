package ch.iiz.billing.ledger;

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
import org.jboss.logging.Logger;

import java.util.ArrayList;
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
public class InputConsumers {

    private static final Logger LOG = Logger.getLogger(InputConsumers.class);

    @Inject
    BillingEngine engine;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private DeadLetters deadLetters;

    @Incoming("inputs")
    @Blocking(ordered = true)
    public void onInputs(ConsumerRecords<String, byte[]> records) throws Exception {
        List<BillingEngine.Input> batch = new ArrayList<>(records.count());
        records.forEach(r -> batch.add(new BillingEngine.Input(r.topic(), r.partition(), r.offset(), r.value())));
        try {
            TransientFailures.retrying("applying a batch of " + batch.size(), () -> {
                engine.applyAll(batch);
                return null;
            });
        } catch (Exception e) {
            if (TransientFailures.isTransient(e)) {
                throw e; // the database stayed away past the wait: the connector's failure strategy takes over
            }
            LOG.debugf("batch of %d refused (%s): applying its records one by one", batch.size(), e.getMessage());
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    TransientFailures.retrying("applying " + r.topic() + "-" + r.partition() + "@" + r.offset(), () -> {
                        engine.apply(r.topic(), r.partition(), r.offset(), r.value());
                        return null;
                    });
                } catch (RuntimeException poison) {
                    if (TransientFailures.isTransient(poison)) {
                        throw poison;
                    }
                    LOG.warnf("dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), poison.getMessage());
                    deadLetters.sendAll(List.of(new DeadLetters.Letter(r, poison)));
                }
            }
        }
    }

    @PostConstruct
    void open() {
        deadLetters = new DeadLetters(bootstrapServers, "billing-service");
    }

    @PreDestroy
    void close() {
        deadLetters.close();
    }
}
