package ch.iiz.reporting.ops;

import ch.iiz.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What operations watch: every project topic with its partitions, end offsets and recent rate, every consumer group's
 * lag per partition, and the dead-letter topics with their counts and latest reasons. Sampled on a schedule and
 * exported as Prometheus gauges ({@code iiz_topic_end_offset}, {@code iiz_topic_records_per_second},
 * {@code iiz_consumer_lag}, {@code iiz_dead_letters}) so any dashboard can show them.
 */
@ApplicationScoped
public class TopicMonitor {

    private static final Logger LOG = Logger.getLogger(TopicMonitor.class);

    public record PartitionView(int partition, long startOffset, long endOffset) {
    }

    public record TopicView(String topic, List<PartitionView> partitions, long records, double recordsPerSecond) {
    }

    public record LagView(String topic, int partition, long committed, long endOffset, long lag) {
    }

    public record GroupView(String group, long totalLag, List<LagView> partitions) {
    }

    public record DeadLetter(String key, int partition, long offset, Instant timestamp, String reason, String sourceTopic) {
    }

    public record DeadLetterView(String topic, long count, List<DeadLetter> latest) {
    }

    public record Snapshot(Instant sampledAt, List<TopicView> topics, List<GroupView> consumerGroups,
                           List<DeadLetterView> deadLetters) {
    }

    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicReference<Snapshot> last = new AtomicReference<>();
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> previousEnds = Map.of();
    private volatile Instant previousAt;

    public Snapshot snapshot() {
        Snapshot snapshot = last.get();
        return snapshot != null ? snapshot : sample();
    }

    @Scheduled(every = "${iiz.ops.sample-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warnf("sampling topics failed: %s", e.getMessage());
        }
    }

    /** One admin client for every sample: creating one each time cost more CPU than the sample itself. */
    private Admin admin;
    /** The latest dead letters per topic, read again only when the topic's end offsets moved. */
    private final Map<String, Map.Entry<Map<TopicPartition, Long>, List<DeadLetter>>> latestLetters = new ConcurrentHashMap<>();

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    public synchronized Snapshot sample() {
        try {
            return sample(admin());
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close(Duration.ZERO); // a fresh client next time, in case this one is what broke
                admin = null;
            }
            throw e;
        }
    }

    private Snapshot sample(Admin admin) {
        try {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> topics = names.stream().filter(t -> t.startsWith("iiz.")).sorted().toList();
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            Map<TopicPartition, OffsetSpec> earliest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> {
                        latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                        earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                    }));
            Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, r) -> ends.put(tp, r.offset()));
            Map<TopicPartition, Long> starts = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS).forEach((tp, r) -> starts.put(tp, r.offset()));
            Instant now = Instant.now();
            double seconds = previousAt == null ? 0 : Math.max(0.001, Duration.between(previousAt, now).toMillis() / 1000.0);

            List<TopicView> topicViews = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionView> partitions = new ArrayList<>();
                long records = 0;
                long grown = 0;
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    if (!e.getKey().topic().equals(topic)) {
                        continue;
                    }
                    long start = starts.getOrDefault(e.getKey(), 0L);
                    partitions.add(new PartitionView(e.getKey().partition(), start, e.getValue()));
                    records += e.getValue() - start;
                    grown += e.getValue() - previousEnds.getOrDefault(e.getKey(), e.getValue());
                    gauge("iiz_topic_end_offset", Tags.of("topic", topic, "partition",
                            Integer.toString(e.getKey().partition())), e.getValue());
                }
                partitions.sort(java.util.Comparator.comparingInt(PartitionView::partition));
                double rate = seconds == 0 ? 0 : Math.round(grown / seconds * 10) / 10.0;
                gauge("iiz_topic_records_per_second", Tags.of("topic", topic), rate);
                topicViews.add(new TopicView(topic, partitions, records, rate));
            }

            List<GroupView> groups = new ArrayList<>();
            Collection<ConsumerGroupListing> listings = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
            for (ConsumerGroupListing g : listings.stream().sorted(java.util.Comparator.comparing(ConsumerGroupListing::groupId)).toList()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                List<LagView> lags = new ArrayList<>();
                long total = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                    if (e.getValue() == null || !ends.containsKey(e.getKey())) {
                        continue;
                    }
                    long lag = Math.max(0, ends.get(e.getKey()) - e.getValue().offset());
                    total += lag;
                    lags.add(new LagView(e.getKey().topic(), e.getKey().partition(), e.getValue().offset(),
                            ends.get(e.getKey()), lag));
                    gauge("iiz_consumer_lag", Tags.of("group", g.groupId(), "topic", e.getKey().topic(), "partition",
                            Integer.toString(e.getKey().partition())), lag);
                }
                lags.sort(java.util.Comparator.comparing(LagView::topic).thenComparingInt(LagView::partition));
                groups.add(new GroupView(g.groupId(), total, lags));
            }

            List<DeadLetterView> deadLetters = new ArrayList<>();
            for (String dlq : topics.stream().filter(t -> t.startsWith("iiz.dlq.")).toList()) {
                long count = topicViews.stream().filter(t -> t.topic().equals(dlq)).mapToLong(TopicView::records).sum();
                gauge("iiz_dead_letters", Tags.of("topic", dlq), count);
                deadLetters.add(new DeadLetterView(dlq, count, count == 0 ? List.of() : latestCached(dlq, ends)));
            }
            previousEnds = ends;
            previousAt = now;
            Snapshot snapshot = new Snapshot(now, topicViews, groups, deadLetters);
            last.set(snapshot);
            return snapshot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the topics: " + e.getMessage(), e);
        }
    }

    private List<DeadLetter> latestCached(String topic, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> topicEnds = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        ends.forEach((tp, end) -> {
            if (tp.topic().equals(topic)) {
                topicEnds.put(tp, end);
            }
        });
        Map.Entry<Map<TopicPartition, Long>, List<DeadLetter>> cached = latestLetters.get(topic);
        if (cached != null && cached.getKey().equals(topicEnds)) {
            return cached.getValue();
        }
        List<DeadLetter> letters = latest(topic, ends, 5);
        latestLetters.put(topic, Map.entry(topicEnds, letters));
        return letters;
    }

    private List<DeadLetter> latest(String topic, Map<TopicPartition, Long> ends, int n) {
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = ends.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList();
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(0, ends.get(tp) - n));
            }
            long deadline = System.currentTimeMillis() + 3000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    found.add(new DeadLetter(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), header(r, Topics.HEADER_DLQ_REASON),
                            header(r, Topics.HEADER_DLQ_TOPIC)));
                }
            }
        }
        found.sort(java.util.Comparator.comparing(DeadLetter::timestamp).reversed());
        return found.subList(0, Math.min(n, found.size()));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void gauge(String name, Tags tags, double value) {
        String key = name + tags;
        boolean fresh = !gauges.containsKey(key);
        gauges.put(key, value);
        if (fresh) {
            Gauge.builder(name, gauges, m -> m.getOrDefault(key, 0.0)).tags(tags).register(registry);
        }
    }
}
