package ch.iiz.service.registry;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.service.web.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This service's copy of the institution registry: every record of the compacted registry topic, read from its
 * beginning by a consumer of its own (no consumer group: each instance keeps the whole, small registry in memory)
 * and kept current while the service runs. A lookup that misses waits briefly until the copy has caught up with
 * what the topic held at that moment, so an institution registered a moment ago is found.
 */
@ApplicationScoped
public class Institutions {

    private static final Logger LOG = Logger.getLogger(Institutions.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How long the broker holds an empty fetch and poll waits; stop() wakes the reader at once. */
    private static final int IDLE_WAIT_MS = 5_000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "iiz.registry.enabled", defaultValue = "true")
    boolean enabled;

    private final Map<String, InstitutionRegistered> entries = new ConcurrentHashMap<>();
    private final EventCodec codec = new EventCodec();
    private volatile long appliedUpTo = -1; // highest offset applied (one partition)
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    // After the topics exist (TopicProvisioner observes at priority 1).
    void start(@Observes @Priority(10) StartupEvent event) {
        if (!enabled) {
            return;
        }
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // An idle reader costs one fetch per wait: with fetch.min.bytes=1 the broker answers as soon as a
                // record arrives, so a long wait adds no latency (docs/benchmarks-idle.md).
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_WAIT_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "registry-copy-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(Topics.INSTITUTION_REGISTRY, 0)));
        consumer.seekToBeginning(consumer.assignment());
        running = true;
        reader = new Thread(this::read, "institution-registry");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(IDLE_WAIT_MS))) {
                    apply(record);
                    appliedUpTo = record.offset();
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            entries.remove(record.key()); // a tombstone
            return;
        }
        try {
            EventEnvelope<IntegrationEvent> envelope = codec.decode(record.value());
            if (envelope.payload() instanceof InstitutionRegistered entry) {
                entries.put(entry.institutionId(), entry);
            }
        } catch (RuntimeException e) {
            // A record no reader can use is skipped, never applied half: the registry stays as it was.
            LOG.warnf("registry record at offset %d skipped: %s", record.offset(), e.getMessage());
        }
    }

    /** The institution's current entry, if registered. */
    public Optional<InstitutionRegistered> find(String institutionId) {
        if (institutionId == null) {
            return Optional.empty();
        }
        InstitutionRegistered entry = entries.get(institutionId);
        if (entry == null && enabled) {
            awaitCaughtUp();
            entry = entries.get(institutionId);
        }
        return Optional.ofNullable(entry);
    }

    /**
     * The registered, active institution a request names in {@code field}; 409 naming the field otherwise (the
     * request is well formed, but the registry does not know the institution).
     */
    public InstitutionRegistered require(String field, String institutionId) {
        InstitutionRegistered entry = find(institutionId).orElseThrow(() -> ProblemException.conflict(field,
                "unknown-institution", institutionId + " is not a registered institution"));
        if (!entry.active()) {
            throw ProblemException.conflict(field, "retired-institution", institutionId + " is retired from the registry");
        }
        return entry;
    }

    public List<InstitutionRegistered> all() {
        return entries.values().stream().sorted(java.util.Comparator.comparing(InstitutionRegistered::institutionId))
                .toList();
    }

    /** Waits until every record the topic held when called is applied, or {@link #CATCH_UP} passed. */
    private void awaitCaughtUp() {
        long end = endOffset();
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (appliedUpTo < end - 1 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long endOffset() {
        try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.INSTITUTION_REGISTRY, 0);
            return probe.endOffsets(List.of(partition), Duration.ofSeconds(5)).getOrDefault(partition, 0L);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the registry's end offset: %s", e.getMessage());
            return 0;
        }
    }
}
