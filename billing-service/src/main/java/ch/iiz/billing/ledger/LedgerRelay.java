package ch.iiz.billing.ledger;

import ch.iiz.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the ledger to {@code iiz.billing.events} in ledger order: a batch of unpublished rows is locked, sent
 * (idempotent producer, acks=all), and marked published only after the broker acknowledged all of it, in the same
 * transaction that locked it. A failure leaves the rows unpublished for the next round: at least once, never lost.
 * The engine wakes the relay after each commit that appended, so an idle relay does not poll the database.
 */
@ApplicationScoped
public class LedgerRelay {

    private static final Logger LOG = Logger.getLogger(LedgerRelay.class);
    /** The advisory lock the publishing instance holds for the length of a batch's transaction. */
    static final int PUBLISH_LOCK = 0x11d9e7;

    /** Without a wake-up from the engine, how long an idle relay waits before it looks again (rows of other instances). */
    private static final long IDLE_WAIT_MS = 5_000;

    @Inject
    DataSource dataSource;
    @Inject
    BillingEngine engine;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "iiz.outbox.batch-size", defaultValue = "500")
    int batchSize;

    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    void start(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "billing-service-outbox",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer());
        running = true;
        worker = new Thread(this::loop, "billing-ledger-relay");
        worker.setDaemon(true);
        engine.onLedgerAppended(() -> LockSupport.unpark(worker)); // woken by every commit that appended
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            LockSupport.unpark(worker);
            worker.join(10_000);
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                int sent = publishBatch();
                backoff = 100;
                if (sent == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MS));
                }
            } catch (Exception e) {
                LOG.warnf("publishing the ledger failed, retrying in %d ms: %s", backoff, e.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** Sends one batch; returns how many rows it published. */
    int publishBatch() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> seqs = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                // One publisher at a time across all billing instances, so the topic keeps the ledger's order per case;
                // the others find the lock taken and look again shortly.
                try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
                    ps.setInt(1, PUBLISH_LOCK);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            c.rollback();
                            return 0;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        select seq, event_id, type, partition_key, envelope from ledger
                        where published_at is null order by seq limit ? for update""")) {
                    ps.setInt(1, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.BILLING_EVENTS,
                                    rs.getString(4), rs.getString(5));
                            record.headers()
                                    .add(new RecordHeader(Topics.HEADER_EVENT_ID, bytes(rs.getString(2))))
                                    .add(new RecordHeader(Topics.HEADER_EVENT_TYPE, bytes(rs.getString(3))))
                                    .add(new RecordHeader(Topics.HEADER_SCHEMA_VERSION, bytes("1")));
                            acks.add(producer.send(record));
                            seqs.add(rs.getLong(1));
                        }
                    }
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                if (!seqs.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "update ledger set published_at = now() where seq = any(?)")) {
                        ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return seqs.size();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
