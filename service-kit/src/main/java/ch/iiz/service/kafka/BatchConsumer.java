package ch.iiz.service.kafka;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A consumer that takes its topics a poll at a time: subclasses bind {@link #consume} with {@code @Incoming} on a
 * channel with {@code batch=true} and say in {@link #applyAll} how records are applied in one transaction. The poll
 * goes through {@link BatchApplier}: whole, else record by record, the record that cannot be applied going to the
 * dead-letter topic {@code iiz.dlq.<application name>} with the reason. A dead-lettered record's offset is committed
 * with the poll it came in, like the others'.
 */
public abstract class BatchConsumer {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;
    /** The consumer group, whose dead-letter topic is {@code iiz.dlq.<application name>}. */
    @ConfigProperty(name = "quarkus.application.name")
    protected String applicationName;

    private DeadLetters deadLetters;
    private BatchApplier<ConsumerRecord<String, byte[]>> applier;

    /** Applies the records (a poll, or one record of it) in one transaction, or throws. */
    protected abstract void applyAll(List<ConsumerRecord<String, byte[]>> records) throws Exception;

    /** Applies one record of a poll that was refused; by default as a poll of one. */
    protected void applyOne(ConsumerRecord<String, byte[]> record) throws Exception {
        applyAll(List.of(record));
    }

    @PostConstruct
    protected void openDeadLetters() {
        deadLetters = new DeadLetters(bootstrapServers, applicationName);
        applier = new BatchApplier<>(Function.identity(), this::applyAll, one -> applyOne(one.get(0)),
                letter -> deadLetters.sendAll(List.of(letter)),
                r -> { }); // passed with the poll's offsets
    }

    @PreDestroy
    protected void closeDeadLetters() {
        deadLetters.close();
    }

    protected void consume(ConsumerRecords<String, byte[]> records) throws Exception {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        applier.apply(batch);
    }
}
