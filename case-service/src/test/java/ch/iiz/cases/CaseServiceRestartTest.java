package ch.iiz.cases;

import ch.iiz.cases.support.CaseFixtures;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs in a second application instance (its own test profile makes Quarkus restart) on the same database and broker
 * the other tests of this JVM used: after the restart the relay resumes from its stored token, so every event in the
 * store is on the topic exactly once — none lost, none sent again.
 */
@QuarkusTest
@TestProfile(CaseServiceRestartTest.Restarted.class)
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "case_service"))
class CaseServiceRestartTest {

    /** Any profile other than the default one gives a fresh application. */
    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("iiz.outbox.batch-size", "50");
        }
    }

    @Test
    void after_a_restart_every_stored_event_is_on_the_topic_exactly_once() throws Exception {
        for (int i = 0; i < 3; i++) {
            CaseFlowTest.openCase();
        }
        long stored = CaseFixtures.storedEvents();
        EventCodec codec = new EventCodec();
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            ConsumerTask<String, String> all = companion.consumeStrings().fromTopics(Topics.CASE_EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(() -> all.count() >= stored);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> all.count() == stored);
            all.stop();
            Set<UUID> distinct = new HashSet<>();
            all.getRecords().forEach(r -> distinct.add(codec.decode(r.value()).eventId()));
            assertThat(all.getRecords()).hasSize((int) stored);
            assertThat(distinct).hasSize((int) stored);
        }
    }
}
