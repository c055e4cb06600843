package ch.iiz.service.kafka;

import ch.iiz.events.Topics;
import ch.iiz.localstack.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer shape on the real broker: a poll with one poison record is tried whole, then record by record in
 * order; only the poison record reaches {@code iiz.dlq.<application name>}, as it came and with its reason.
 */
class BatchConsumerTest {

    private static final String TOPIC = "iiz.test-input";

    /** Refuses any batch that holds the poison offset, all or nothing, like one transaction. */
    private static final class Recording extends BatchConsumer {
        final List<List<Long>> calls = new ArrayList<>();
        final List<Long> applied = new ArrayList<>();

        @Override
        protected void applyAll(List<ConsumerRecord<String, byte[]>> records) {
            calls.add(records.stream().map(ConsumerRecord::offset).toList());
            for (ConsumerRecord<String, byte[]> r : records) {
                if (r.offset() == 11) {
                    throw new IllegalArgumentException("poison at " + r.offset());
                }
            }
            records.forEach(r -> applied.add(r.offset()));
        }
    }

    @Test
    void only_the_poison_record_goes_to_the_applications_dead_letter_topic_with_its_reason() throws Exception {
        String bootstrap = TestInfrastructure.get().bootstrapServers();
        String application = "batch-consumer-test-" + UUID.randomUUID();
        String deadLetterTopic = Topics.deadLetterTopic(application);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(deadLetterTopic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        TopicPartition input = new TopicPartition(TOPIC, 0);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (long offset = 10; offset < 14; offset++) {
            records.add(new ConsumerRecord<>(TOPIC, 0, offset, "case-" + offset,
                    ("record " + offset).getBytes(StandardCharsets.UTF_8)));
        }

        Recording consumer = new Recording();
        consumer.bootstrapServers = bootstrap;
        consumer.applicationName = application;
        consumer.openDeadLetters();
        try {
            consumer.consume(new ConsumerRecords<>(Map.of(input, records), Map.of()));
        } finally {
            consumer.closeDeadLetters();
        }

        assertThat(consumer.calls).containsExactly(List.of(10L, 11L, 12L, 13L), List.of(10L), List.of(11L),
                List.of(12L), List.of(13L));
        assertThat(consumer.applied).containsExactly(10L, 12L, 13L);
        List<ConsumerRecord<byte[], byte[]>> letters = readAll(bootstrap, new TopicPartition(deadLetterTopic, 0));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("case-11");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("record 11");
            assertThat(header(letter, Topics.HEADER_DLQ_REASON)).isEqualTo("poison at 11");
            assertThat(header(letter, Topics.HEADER_DLQ_TOPIC)).isEqualTo(TOPIC);
            assertThat(header(letter, Topics.HEADER_DLQ_OFFSET)).isEqualTo("11");
        });
    }

    /** Everything in the partition up to its end (the letters were acknowledged before consume returned). */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(List.of(partition));
            long end = reader.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            while (reader.position(partition, Duration.ofSeconds(60)) < end) {
                reader.poll(Duration.ofSeconds(1)).forEach(all::add);
            }
            return all;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
