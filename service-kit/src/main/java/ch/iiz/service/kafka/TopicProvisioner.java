package ch.iiz.service.kafka;

import ch.iiz.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the project's topics explicitly at start-up (the broker never auto-creates them): the event topics keep
 * their records forever because replays read them from offset zero; dead-letter topics keep theirs 30 days.
 * Idempotent, so every service may do it.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "iiz.topics.provision", defaultValue = "true")
    boolean provision;

    @ConfigProperty(name = "iiz.topics.replication-factor", defaultValue = "1")
    short replicationFactor;

    @ConfigProperty(name = "iiz.topics.partitions", defaultValue = "" + Topics.EVENT_TOPIC_PARTITIONS)
    int partitions;

    // Before the messaging connectors start, so no consumer waits for a missing topic.
    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (provision) {
            ensureTopics();
        }
    }

    public List<NewTopic> wantedTopics() {
        List<NewTopic> topics = new ArrayList<>();
        String minIsr = Integer.toString(Math.max(1, replicationFactor - 1));
        for (String topic : Topics.EVENT_TOPICS) {
            topics.add(new NewTopic(topic, partitions, replicationFactor).configs(Map.of(
                    "retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete",
                    "min.insync.replicas", minIsr)));
        }
        // The registry: one current record per institution, so compacted rather than kept in full.
        topics.add(new NewTopic(Topics.INSTITUTION_REGISTRY, 1, replicationFactor).configs(Map.of(
                "cleanup.policy", "compact", "retention.ms", "-1", "min.insync.replicas", minIsr)));
        // Anchors of the event stores (tamper evidence): few records, kept forever, one partition in order.
        topics.add(new NewTopic(Topics.AUDIT_ANCHORS, 1, replicationFactor).configs(Map.of(
                "retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete", "min.insync.replicas", minIsr)));
        for (String topic : Topics.deadLetterTopics()) {
            topics.add(new NewTopic(topic, 1, replicationFactor).configs(Map.of(
                    "retention.ms", Long.toString(Topics.DEAD_LETTER_RETENTION_MS), "cleanup.policy", "delete")));
        }
        return topics;
    }

    public void ensureTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = wantedTopics().stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another service created it at the same moment
            }
            LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the Kafka topics at " + bootstrapServers + ": " + e, e);
        }
    }
}
