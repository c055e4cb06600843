package ch.iiz.reporting.console;

import ch.iiz.events.Topics;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a dead letter back to the topic it came from, once: the action is claimed in {@code ops_action} (one row per
 * dead letter) in the same transaction that records where the copy landed, so a repeat (a double click, a retry, a
 * second operator) answers with the first re-drive and sends nothing. Should the commit fail after the send, a
 * repeat would send a second copy with the same event id, which every consumer skips as a duplicate.
 */
@ApplicationScoped
public class DeadLetterRedrive {

    private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);
    public static final String HEADER_REDRIVEN_FROM = "iiz-redriven-from";

    public record Result(boolean performedNow, ConsoleQueries.Redrive redrive) {
    }

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    public Result redrive(Caller caller, String dlqTopic, int partition, long offset) {
        if (!Topics.deadLetterTopics().contains(dlqTopic)) {
            throw ProblemException.badRequest("topic", "dead-letter-topic", "not a dead-letter topic: " + dlqTopic);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Long id;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into ops_action (kind, institution, subject, dlq_topic, dlq_partition, dlq_offset)
                        values ('REDRIVE', ?, ?, ?, ?, ?)
                        on conflict (dlq_topic, dlq_partition, dlq_offset) where kind = 'REDRIVE' do nothing
                        returning id""")) {
                    ps.setString(1, caller.institutionId());
                    ps.setString(2, caller.subject());
                    ps.setString(3, dlqTopic);
                    ps.setInt(4, partition);
                    ps.setLong(5, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        id = rs.next() ? rs.getLong(1) : null;
                    }
                }
                if (id == null) {
                    c.rollback();
                    return new Result(false, find(c, dlqTopic, partition, offset).orElseThrow());
                }
                ConsumerRecord<byte[], byte[]> letter = read(dlqTopic, partition, offset);
                String source = header(letter, Topics.HEADER_DLQ_TOPIC);
                if (source == null || !Topics.EVENT_TOPICS.contains(source)) {
                    throw ProblemException.conflict("topic", "unknown-source-topic",
                            "the dead letter names no event topic it came from");
                }
                RecordHeaders headers = new RecordHeaders();
                for (Header h : letter.headers()) {
                    if (!h.key().startsWith("dead-letter-")) {
                        headers.add(h);
                    }
                }
                String from = dlqTopic + "/" + partition + "@" + offset;
                headers.add(HEADER_REDRIVEN_FROM, from.getBytes(StandardCharsets.UTF_8));
                RecordMetadata sent = send(new ProducerRecord<>(source, null, letter.key(), letter.value(), headers));
                String key = letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8);
                try (PreparedStatement ps = c.prepareStatement("update ops_action set source_topic = ?, "
                        + "target_partition = ?, target_offset = ?, record_key = ? where id = ?")) {
                    ps.setString(1, source);
                    ps.setInt(2, sent.partition());
                    ps.setLong(3, sent.offset());
                    ps.setString(4, key == null ? null : key.substring(0, Math.min(200, key.length())));
                    ps.setLong(5, id);
                    ps.executeUpdate();
                }
                c.commit();
                LOG.infof("ops-action redrive institution=%s subject=%s from=%s to=%s/%d@%d key=%s",
                        caller.institutionId(), caller.subject(), from, source, sent.partition(), sent.offset(), key);
                return new Result(true, find(c, dlqTopic, partition, offset).orElseThrow());
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The re-drives of the given dead-letter topic, by "partition@offset". */
    public Map<String, ConsoleQueries.Redrive> redrives(List<String> dlqTopics) {
        Map<String, ConsoleQueries.Redrive> found = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select dlq_topic, dlq_partition, dlq_offset, at, institution, source_topic, target_partition,
                  target_offset from ops_action where kind = 'REDRIVE' and dlq_topic = any(?)""")) {
            ps.setArray(1, c.createArrayOf("text", dlqTopics.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1) + "/" + rs.getInt(2) + "@" + rs.getLong(3), redrive(rs, 4));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records a rebuild start as an operations action (table and log). */
    public void recordRebuild(Caller caller) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into ops_action (kind, institution, subject) values ('REBUILD', ?, ?)")) {
            ps.setString(1, caller.institutionId());
            ps.setString(2, caller.subject());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        LOG.infof("ops-action rebuild institution=%s subject=%s", caller.institutionId(), caller.subject());
    }

    private static Optional<ConsoleQueries.Redrive> find(Connection c, String topic, int partition, long offset)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select at, institution, source_topic, target_partition, "
                + "target_offset from ops_action where kind = 'REDRIVE' and dlq_topic = ? and dlq_partition = ? "
                + "and dlq_offset = ?")) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(redrive(rs, 1)) : Optional.empty();
            }
        }
    }

    private static ConsoleQueries.Redrive redrive(ResultSet rs, int from) throws SQLException {
        int p = rs.getInt(from + 3);
        Integer partition = rs.wasNull() ? null : p;
        long o = rs.getLong(from + 4);
        Long offset = rs.wasNull() ? null : o;
        return new ConsoleQueries.Redrive(rs.getTimestamp(from).toInstant(), rs.getString(from + 1),
                rs.getString(from + 2), partition, offset);
    }

    private ConsumerRecord<byte[], byte[]> read(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "reporting-console-redrive"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                    if (r.offset() > offset) {
                        break;
                    }
                }
                if (consumer.position(tp) > offset) {
                    break;
                }
            }
        }
        throw ProblemException.notFound("no dead letter at " + topic + "/" + partition + "@" + offset);
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "reporting-console-redrive"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send the dead letter back to its topic: " + e.getMessage(), e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
