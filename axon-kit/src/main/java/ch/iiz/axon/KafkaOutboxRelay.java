package ch.iiz.axon;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.integrity.EventChain;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox relay: a tracking processor reads committed events from the event store and sends every integration
 * event to its topic, keyed by case id; internal events (not {@link IntegrationEvent}s) stay inside. The sends of a
 * batch are awaited before the batch's unit of work commits, and the processor's token is written in that same
 * transaction, so the token moves only past events the broker acknowledged. A failure rolls the batch back and the
 * processor retries it: at least once, never lost.
 *
 * <p>A plain {@link KafkaProducer} (idempotent, acks=all), not a SmallRye emitter: an emitter inside the unit of work
 * drags the JTA transaction onto its sending thread.
 */
@ProcessingGroup(KafkaOutboxRelay.PROCESSOR)
public class KafkaOutboxRelay implements AutoCloseable {

    public static final String PROCESSOR = "kafka-publisher";
    private static final String PENDING = KafkaOutboxRelay.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private volatile EventHashes hashes;

    public KafkaOutboxRelay(String bootstrapServers, String clientId) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** From now on every record carries its chain hash from the store ({@code iiz-hash}, {@code iiz-prev-hash}). */
    public void chainWith(EventHashes hashes) {
        this.hashes = hashes;
    }

    /**
     * Takes the message, not its payload: an event hashed by this process is sent as the bytes hashed in its command's
     * transaction, so its payload and metadata are never deserialized from the store here. Any other event (stored
     * by another instance, or older than this process) is read back and encoded the same way.
     */
    @EventHandler(payloadType = IntegrationEvent.class)
    public void on(DomainEventMessage<?> message, UnitOfWork<?> unitOfWork) {
        EventHashes chain = hashes;
        Optional<EventHashes.Hashed> hashed = chain == null ? Optional.empty() : chain.take(message.getIdentifier());
        ProducerRecord<String, byte[]> record;
        Optional<EventHashes.Link> link;
        if (hashed.isPresent()) {
            record = record(hashed.get().envelope(), hashed.get().canonical());
            link = Optional.of(hashed.get().link());
        } else {
            EventEnvelope<IntegrationEvent> envelope =
                    EventHashes.storedEnvelope((IntegrationEvent) message.getPayload(), message);
            record = record(envelope, EventChain.canonical(envelope));
            link = chain == null ? Optional.empty() : chain.of(message);
        }
        link.ifPresent(l -> record.headers()
                .add(new RecordHeader(Topics.HEADER_HASH, bytes(EventChain.hex(l.hash()))))
                .add(new RecordHeader(Topics.HEADER_PREV_HASH, bytes(EventChain.hex(l.prevHash())))));
        Future<RecordMetadata> sent = producer.send(record);
        UnitOfWork<?> root = unitOfWork.root();
        List<Future<RecordMetadata>> pending = root.getOrComputeResource(PENDING, key -> {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            root.onPrepareCommit(u -> awaitAll(futures));
            return futures;
        });
        pending.add(sent);
    }

    /**
     * A record whose value is the envelope's canonical JSON ({@link EventChain#canonical}: the codec's JSON with
     * sorted keys), the form its chain hash covers: any JSON reader decodes it like the codec's own.
     */
    private static ProducerRecord<String, byte[]> record(EventEnvelope<?> envelope, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(envelope.topic(), envelope.partitionKey(), value);
        record.headers()
                .add(new RecordHeader(Topics.HEADER_EVENT_ID, bytes(envelope.eventId().toString())))
                .add(new RecordHeader(Topics.HEADER_EVENT_TYPE, bytes(envelope.type())))
                .add(new RecordHeader(Topics.HEADER_SCHEMA_VERSION, bytes(Integer.toString(envelope.schemaVersion()))));
        return record;
    }

    /** Sends one envelope that does not come from the event store (an anchor) and waits for the acknowledgement. */
    public void publish(EventEnvelope<?> envelope) {
        awaitAll(List.of(producer.send(record(envelope, codec.encodeBytes(envelope)))));
    }

    /**
     * The envelope of a stored event: the store's event id, the aggregate's id as case id (most aggregates of this
     * system are per case; a course's or vacancy's events name their case themselves, or none) and its sequence, and
     * actor, correlation and causation from the metadata.
     */
    public static <E extends IntegrationEvent> EventEnvelope<E> toEnvelope(E event, DomainEventMessage<?> message) {
        return EventEnvelope.of(UUID.fromString(message.getIdentifier()), caseId(event, message),
                message.getSequenceNumber(), message.getTimestamp(), EventMetadata.actor(message.getMetaData()),
                EventMetadata.uuid(message.getMetaData(), EventMetadata.CORRELATION_ID),
                EventMetadata.uuid(message.getMetaData(), EventMetadata.CAUSATION_ID), event);
    }

    private static String caseId(IntegrationEvent event, DomainEventMessage<?> message) {
        if (event instanceof EventEnvelope.AboutCase aboutCase) {
            return aboutCase.caseId();
        }
        if (event instanceof EventEnvelope.Keyed) {
            return null;
        }
        return message.getAggregateIdentifier();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitAll(List<Future<RecordMetadata>> futures) {
        try {
            for (Future<RecordMetadata> future : futures) {
                future.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch; it will be sent again", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
