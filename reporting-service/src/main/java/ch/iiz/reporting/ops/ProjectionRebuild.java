package ch.iiz.reporting.ops;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.reporting.ingest.Ingest;
import ch.iiz.reporting.kpi.KpiProjector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the KPI facts by replaying the three topics from offset zero into fresh tables while the old ones keep
 * answering; when the copy has caught up with the live ingest, one transaction swaps them. Readers never see a
 * half-built answer, and the service never stops. Progress is visible at {@code /ops/projections/rebuild} and in the log.
 * <p>
 * It replays only below the live ingest's positions and leaves out the records the live ingest refused there (it
 * notes each record it dead-letters, {@link Ingest#REFUSALS}), whatever the reason: unreadable, unfit for the event
 * log, or refused by the database. So a rebuild takes in exactly what the live ingest took in and builds the same facts.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);
    private static final String SUFFIX = "_rebuild";
    /** Events folded in memory and written together (one transaction): a few thousand cases' facts at a time. */
    private static final int CHUNK = 10_000;
    /** Passes that chase a moving live ingest before the last one, which holds it, takes the rest. */
    private static final int MAX_UNLOCKED_PASSES = 5;

    /**
     * @param refusedLeftOut records read so far that the live ingest had refused (dead-lettered), left out as it did
     */
    public record Progress(String state, long done, long total, long refusedLeftOut, double eventsPerSecond,
                           Long secondsLeft, Instant startedAt, Instant finishedAt, String error) {
        static Progress idle() {
            return new Progress("IDLE", 0, 0, 0, 0, null, null, null, null);
        }
    }

    private final EventCodec codec = new EventCodec();
    private final AtomicReference<Progress> progress = new AtomicReference<>(Progress.idle());

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    public Progress progress() {
        return progress.get();
    }

    /** Starts a rebuild in the background unless one runs; returns its progress. */
    public synchronized Progress start() {
        if ("RUNNING".equals(progress.get().state())) {
            return progress.get();
        }
        progress.set(new Progress("RUNNING", 0, 0, 0, 0, null, Instant.now(), null, null));
        Thread worker = new Thread(this::runQuietly, "reporting-rebuild");
        worker.setDaemon(true);
        worker.start();
        return progress.get();
    }

    private void runQuietly() {
        try {
            run();
        } catch (Exception e) {
            LOG.error("projection rebuild failed", e);
            Progress p = progress.get();
            progress.set(new Progress("FAILED", p.done(), p.total(), p.refusedLeftOut(), p.eventsPerSecond(), null,
                    p.startedAt(), Instant.now(), e.toString()));
        }
    }

    /** The whole rebuild, on the calling thread. */
    public void run() throws SQLException {
        Instant started = progress.get().startedAt() == null ? Instant.now() : progress.get().startedAt();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String table : KpiProjector.TABLES) {
                    s.execute("drop table if exists " + table + SUFFIX);
                    s.execute("create table " + table + SUFFIX + " (like " + table + " including all)");
                }
            }
            c.commit();
            chunksWritten = 0;
            refusedLeftOut = 0;
            EventIdSet seen = new EventIdSet();
            ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "reporting-rebuild-writer");
                t.setDaemon(true);
                return t;
            });
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : Topics.EVENT_TOPICS) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long total = 0;
                for (Map.Entry<TopicPartition, Long> e : consumer.beginningOffsets(partitions).entrySet()) {
                    total += end.get(e.getKey()) - e.getValue();
                }
                // Up to where the live ingest is, again while it moved on by more than a chunk, committing as it goes.
                long done = 0;
                long pass;
                int passes = 0;
                do {
                    pass = replay(c, writer, consumer, partitions, live(c, partitions, false), seen, done, total,
                            started, true) - done;
                    done += pass;
                } while (pass > CHUNK && ++passes < MAX_UNLOCKED_PASSES);
                // Catch up with the live ingest and swap, holding its positions so nothing slips in between: no
                // commit until the swap, which would let the live ingest go on into the tables about to be dropped.
                replay(c, writer, consumer, partitions, live(c, partitions, true), seen, done, total, started, false);
                try (Statement s = c.createStatement()) {
                    s.execute("select pg_advisory_xact_lock(" + KpiProjector.SWAP_LOCK + ")"); // no KPI read in flight
                    for (String table : KpiProjector.TABLES) {
                        s.execute("alter table " + table + " rename to " + table + "_old");
                        s.execute("alter table " + table + SUFFIX + " rename to " + table);
                        s.execute("drop table " + table + "_old");
                    }
                }
                c.commit();
                Progress p = progress.get();
                progress.set(new Progress("DONE", p.done(), p.total(), p.refusedLeftOut(), p.eventsPerSecond(), 0L,
                        started, Instant.now(), null));
                LOG.infof("projection rebuild done: %d events in %.1f s", p.done(),
                        Duration.between(started, Instant.now()).toMillis() / 1000.0);
            } catch (RuntimeException | SQLException e) {
                stop(writer); // it may still be writing a chunk on the connection
                c.rollback();
                throw e;
            } finally {
                writer.shutdownNow();
            }
        }
    }

    /**
     * Reads the partitions up to {@code until} and applies the events in chunks. Reading and decoding the next chunk
     * overlaps with the database writing the previous one: one chunk at a time goes to the writer thread, which owns
     * the connection until it is done (the next hand-over and the caller wait for it), so chunks are applied and
     * committed in the order they were read. Without {@code commitChunks} everything stays in the caller's
     * transaction.
     */
    private long replay(Connection c, ExecutorService writer, KafkaConsumer<String, byte[]> consumer,
                        List<TopicPartition> partitions, Live until, EventIdSet seen, long done,
                        long total, Instant started, boolean commitChunks) throws SQLException {
        long applied = done;
        List<EventEnvelope<IntegrationEvent>> chunk = new ArrayList<>(CHUNK);
        Future<?> writing = null;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < until.position(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= until.position(tp)) {
                    consumer.seek(tp, record.offset()); // past what this pass needs: read it in the next pass
                    continue;
                }
                applied++;
                if (until.refused(tp, record.offset())) {
                    refusedLeftOut++; // the live ingest dead-lettered it
                    continue;
                }
                String wire = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8);
                EventEnvelope<IntegrationEvent> envelope;
                try {
                    envelope = codec.decode(wire);
                } catch (RuntimeException unreadable) {
                    continue; // a type this service does not know, passed over live, too
                }
                if (seen.add(envelope.eventId())) { // a duplicate changed nothing live
                    chunk.add(envelope);
                }
                if (chunk.size() == CHUNK) {
                    awaitWritten(writing);
                    List<EventEnvelope<IntegrationEvent>> full = chunk;
                    long appliedSoFar = applied;
                    writing = writer.submit(() -> {
                        KpiProjector.applyAsSoleWriter(c, full, SUFFIX);
                        if (commitChunks) {
                            c.commit();
                            analyzeWhileYoung(c);
                        }
                        report(appliedSoFar, total, started);
                        return null;
                    });
                    chunk = new ArrayList<>(CHUNK);
                }
            }
        }
        awaitWritten(writing);
        KpiProjector.applyAsSoleWriter(c, chunk, SUFFIX);
        report(applied, Math.max(total, applied), started);
        return applied;
    }

    private static void stop(ExecutorService writer) {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
                LOG.warn("projection rebuild: the writer thread did not stop within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the chunk being written; its failure becomes the rebuild's. */
    private static void awaitWritten(Future<?> writing) throws SQLException {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private long chunksWritten;
    /** Written by the rebuild's thread while it reads, read when it reports (on it or on its writer thread). */
    private volatile long refusedLeftOut;

    /**
     * Statistics for the fresh tables after chunk 1, 2, 4, 8, …: without any, PostgreSQL guesses that a batch's
     * {@code case_id = any(…)} matches a third of the rows and scans the whole table for every chunk (quadratic; it was
     * three quarters of the database's CPU in a 1M rebuild). The stored distinct fraction keeps fitting as the table
     * grows, so a doubling between looks is enough.
     */
    private void analyzeWhileYoung(Connection c) throws SQLException {
        chunksWritten++;
        if (Long.bitCount(chunksWritten) == 1) {
            try (Statement s = c.createStatement()) {
                s.execute("analyze " + String.join(", ", KpiProjector.TABLES.stream().map(t -> t + SUFFIX).toList()));
            }
            c.commit();
        }
    }

    /** Where the live ingest is in each partition, and the records below that it refused. */
    private record Live(Map<TopicPartition, Long> positions, Map<TopicPartition, Set<Long>> refusals) {
        long position(TopicPartition p) {
            return positions.getOrDefault(p, 0L);
        }

        boolean refused(TopicPartition p, long offset) {
            Set<Long> offsets = refusals.get(p);
            return offsets != null && offsets.contains(offset);
        }
    }

    /**
     * The live ingest's positions, then its refusals: a refusal commits with the position that passes it, so every
     * refusal below the positions read is seen. With {@code lock}, the positions stay locked until the transaction
     * ends and the live ingest waits; without, the read is committed at once.
     */
    private Live live(Connection c, List<TopicPartition> partitions, boolean lock) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        if (lock) {
            // Every partition gets its row first, so the live ingest cannot slip past the lock on a partition it never saw.
            try (PreparedStatement ps = c.prepareStatement("insert into projection_position (projection, topic, "
                    + "partition, next_offset) values (?, ?, ?, 0) on conflict do nothing")) {
                for (TopicPartition p : partitions) {
                    ps.setString(1, Ingest.PROJECTION);
                    ps.setString(2, p.topic());
                    ps.setInt(3, p.partition());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select topic, partition, next_offset from projection_position "
                + "where projection = ?" + (lock ? " for update" : ""))) {
            ps.setString(1, Ingest.PROJECTION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    positions.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        Map<TopicPartition, Set<Long>> refusals = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select topic, partition, record_offset from " + Ingest.REFUSALS)) {
            while (rs.next()) {
                refusals.computeIfAbsent(new TopicPartition(rs.getString(1), rs.getInt(2)), p -> new HashSet<>())
                        .add(rs.getLong(3));
            }
        }
        if (!lock) {
            c.commit();
        }
        return new Live(positions, refusals);
    }

    private long lastLogged;

    private void report(long done, long total, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        double rate = done / seconds;
        Long left = rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done) / rate);
        progress.set(new Progress("RUNNING", done, total, refusedLeftOut, Math.round(rate * 10) / 10.0, left, started,
                null, null));
        if (done / (CHUNK * 10L) != lastLogged) {
            lastLogged = done / (CHUNK * 10L);
            LOG.infof("projection rebuild: %d of %d events, %.0f/s, about %s s left", done, total, rate, left);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "reporting-rebuild"), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
