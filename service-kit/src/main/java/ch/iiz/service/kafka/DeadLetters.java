package ch.iiz.service.kafka;

import ch.iiz.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A consumer's dead-letter topic ({@code iiz.dlq.<group>}) for consumers that take records in batches: one poison
 * record is dead-lettered on its own, with the same headers SmallRye's dead-letter strategy writes (reason, cause,
 * source topic, partition, offset), while the rest of its batch is applied.
 */
public final class DeadLetters implements AutoCloseable {

    private final String topic;
    private final String bootstrapServers;
    private final String clientId;
    private KafkaProducer<byte[], byte[]> producer;

    /** Connects on the first dead letter only: a consumer that never meets a poison record holds no producer. */
    public DeadLetters(String bootstrapServers, String consumerGroup) {
        this.topic = Topics.deadLetterTopic(consumerGroup);
        this.bootstrapServers = bootstrapServers;
        this.clientId = consumerGroup + "-dead-letters";
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.CLIENT_ID_CONFIG, clientId,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    public record Letter(ConsumerRecord<String, byte[]> record, Throwable reason) {
    }

    /** Sends the letters and waits for the broker's acknowledgement of every one (before the caller commits). */
    public void sendAll(List<Letter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Letter letter : letters) {
            acks.add(producer().send(toRecord(letter)));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    ProducerRecord<byte[], byte[]> toRecord(Letter letter) {
        ConsumerRecord<String, byte[]> r = letter.record();
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null,
                r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value());
        for (Header h : r.headers()) {
            out.headers().add(h);
        }
        Throwable reason = letter.reason();
        out.headers().add(Topics.HEADER_DLQ_REASON, bytes(String.valueOf(reason.getMessage())));
        if (reason.getCause() != null) {
            out.headers().add(Topics.HEADER_DLQ_CAUSE, bytes(String.valueOf(reason.getCause().getMessage())));
        }
        out.headers().add(Topics.HEADER_DLQ_TOPIC, bytes(r.topic()));
        out.headers().add(Topics.HEADER_DLQ_PARTITION, bytes(Integer.toString(r.partition())));
        out.headers().add(Topics.HEADER_DLQ_OFFSET, bytes(Long.toString(r.offset())));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
