package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.audit.ChainAnchored;
import ch.iiz.events.codec.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The anchors the event-sourced services published to {@code iiz.audit.anchors}, read from the topic itself when
 * asked (there are few: one per service and period), newest first.
 */
@ApplicationScoped
public class Anchors {

    private final EventCodec codec = new EventCodec();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** One anchor with where it stands on the topic. */
    public record Anchor(String anchorId, String service, Instant anchoredAt, long aggregates, long events,
                         String digest, String trigger, int partition, long offset) {
    }

    public List<Anchor> latest(int limit) {
        List<Anchor> anchors = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "reporting-service-anchors"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.AUDIT_ANCHORS, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return anchors;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - limit));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        EventEnvelope<IntegrationEvent> e = codec.decode(r.value());
                        if (e.payload() instanceof ChainAnchored a) {
                            anchors.add(new Anchor(a.anchorId(), a.service(), a.anchoredAt(), a.aggregates(),
                                    a.events(), a.digest(), a.trigger(), r.partition(), r.offset()));
                        }
                    } catch (RuntimeException ignored) {
                        // not an anchor this version can read: left out
                    }
                }
            }
        }
        anchors.sort(Comparator.comparing(Anchor::anchoredAt).reversed());
        return anchors.size() > limit ? anchors.subList(0, limit) : anchors;
    }
}
