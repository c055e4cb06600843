package ch.iiz.service.testing;

import ch.iiz.localstack.TestInfrastructure;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A {@link KafkaCompanion} on the test broker, opened before and closed after each test
 * ({@code @RegisterExtension final TestKafka kafka = new TestKafka();}), and the reads and writes the tests repeat.
 */
public final class TestKafka implements BeforeEachCallback, AfterEachCallback {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaCompanion companion;

    @Override
    public void beforeEach(ExtensionContext context) {
        companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        companion.close();
    }

    public KafkaCompanion companion() {
        return companion;
    }

    public void publish(String topic, String key, String value) {
        companion.produceStrings().fromRecords(new ProducerRecord<>(topic, key, value)).awaitCompletion(WAIT);
    }

    /** The first {@code expected} records (at least) of {@code topic} that {@code which} picks, read from the beginning. */
    public List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> which,
                                                        int expected) {
        ConsumerTask<String, String> task = companion.consumeStrings().fromTopics(topic, m -> m.filter(which));
        task.awaitRecords(expected, WAIT);
        task.stop();
        return task.getRecords();
    }

    /** Like {@link #records}, but fails unless exactly {@code expected} are there and no more arrive for 1.5 s. */
    public List<ConsumerRecord<String, String>> settledRecords(String topic,
                                                               Predicate<ConsumerRecord<String, String>> which,
                                                               int expected) {
        ConsumerTask<String, String> task = companion.consumeStrings().fromTopics(topic, m -> m.filter(which));
        task.awaitRecords(expected, WAIT);
        // give a duplicate the chance to show up before counting
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> task.count() == expected);
        task.stop();
        return task.getRecords();
    }

    /** The value of a record's last header {@code name}, or null if it has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
