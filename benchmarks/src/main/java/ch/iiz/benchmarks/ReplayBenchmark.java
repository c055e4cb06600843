package ch.iiz.benchmarks;

import ch.iiz.events.Actor;
import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.*;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rebuild of reporting-service's projections from N events (default 1 million) next to the raw rate at which a plain
 * Kafka consumer reads the same topics, in the same run. Start the system with only reporting-service so nothing
 * else competes: {@code ./run-local.sh --fresh --no-demo --services reporting-service}, then
 * {@code java -cp benchmarks/target/benchmarks-*.jar:benchmarks/target/lib/* ch.iiz.benchmarks.ReplayBenchmark [--events N]}.
 * Options: {@code --pause-pid <pid>[,<pid>]} produces while those JVMs are stopped and measures the drain of the
 * backlog; {@code --cpu reporting=<pid>,billing=<pid>} reads those JVMs' CPU from {@code /proc} around the ingest;
 * {@code --db <reporting JDBC URL>} times the ingest by reporting's own positions; {@code --billing-db <billing JDBC URL>} also waits for
 * billing's inputs (CPU per event of both consumers); {@code --no-rebuild} stops after the ingest. {@code --events 0}
 * produces nothing and rebuilds what the topics hold (the same events for a before/after pair). Around the rebuild it
 * reads the CPU of the {@code --cpu} JVMs and of PostgreSQL (the postmaster in {@code --data-dir} and its backends):
 * per rebuilt event, the figure that stays put when other work shares the machine.
 */
public final class ReplayBenchmark {

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(arg(args, "--events", "1000000"));
        String bootstrap = arg(args, "--kafka", "127.0.0.1:9092");
        String reporting = arg(args, "--url", "http://localhost:8084");
        DevTokens tokens = DevTokens.loadOrCreate(Path.of(arg(args, "--data-dir", ".local-data")).resolve("keys"));
        String ops = tokens.mint(DevInstitution.OPS, Duration.ofHours(2));
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        System.out.printf("machine: %d cores; java %s; %d events%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), events);

        // --pause-pid: the reporting JVM is stopped (SIGSTOP) while the events are produced and resumed after, so the
        // live ingest drains a backlog alone instead of racing the producer (whose rate would cap the figure).
        String pausePid = arg(args, "--pause-pid", null);
        Map<String, Long> cpuPids = pids(arg(args, "--cpu", ""));
        if (pausePid != null) {
            for (String pid : pausePid.split(",")) {
                signal("STOP", pid);
            }
        }
        long t0 = System.nanoTime();
        Map<String, Integer> byTopic = produce(bootstrap, events);
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("produced %d events in %.1f s = %.0f/s %s%n", events, produceSeconds, events / produceSeconds,
                byTopic);
        Map<String, ProcCpu.Sample> cpuBefore = new java.util.LinkedHashMap<>();
        cpuPids.forEach((name, pid) -> cpuBefore.put(name, ProcCpu.sample(pid)));
        long tIngest = System.nanoTime();
        if (pausePid != null) {
            for (String pid : pausePid.split(",")) {
                signal("CONT", pid);
            }
        }

        // Let the live ingest finish first, so the rebuild measures alone. With --db the positions reporting
        // committed with its changes are read (exact); else the group's lag from /ops/topics (committed offsets,
        // which trail by the commit interval). The drain rate is taken from the first sample that shows progress to
        // the last one (the group's rejoin after a pause is not ingest).
        String db = arg(args, "--db", null);
        long target = db == null ? 0 : endOffsets(bootstrap);
        long remaining;
        long firstRemaining = -1;
        long firstProgress = 0;
        long previous = -1;
        do {
            Thread.sleep(db == null ? 2000 : 500);
            remaining = db == null ? lag(http, json, reporting, ops) : target - applied(db);
            if (firstRemaining < 0 && previous >= 0 && remaining < previous) {
                firstRemaining = previous;
                firstProgress = System.nanoTime();
            }
            previous = remaining;
        } while (remaining > 0 || (db == null && previous < 0));
        long tCaught = System.nanoTime();
        String billingDb = arg(args, "--billing-db", null);
        if (billingDb != null) { // billing's inputs: every event topic but its own (which it also writes to)
            long inputs = endOffsets(bootstrap, Topics.EVENT_TOPICS.stream()
                    .filter(t -> !t.equals(Topics.BILLING_EVENTS)).toList());
            while (inputsApplied(billingDb) < inputs) {
                Thread.sleep(500);
            }
            System.out.printf("billing caught up %.1f s after the ingest started%n", (System.nanoTime() - tIngest) / 1e9);
        }
        double ingestSeconds = (tCaught - tIngest) / 1e9;
        System.out.printf("live ingest caught up %.1f s after the last event was produced%s%n", ingestSeconds,
                pausePid == null ? "" : " and the service resumed");
        if (firstRemaining > 0) {
            System.out.printf("live ingest drain: %d events in %.1f s = %.0f events/s%n", firstRemaining,
                    (tCaught - firstProgress) / 1e9, firstRemaining / ((tCaught - firstProgress) / 1e9));
        }
        cpuPids.forEach((name, pid) -> {
            if (events == 0) {
                return;
            }
            ProcCpu.Sample used = ProcCpu.sample(pid).minus(cpuBefore.get(name));
            int consumed = name.startsWith("billing") ? events - byTopic.getOrDefault(Topics.BILLING_EVENTS, 0) : events;
            System.out.printf("%s CPU while ingesting: %d ms application + %d ms JIT for %d events = %.3f ms/event "
                    + "(+%.3f JIT)%n", name, used.applicationMs(), used.jitMs(), consumed,
                    used.applicationMs() / (double) consumed, used.jitMs() / (double) consumed);
        });
        if (args.length > 0 && java.util.Arrays.asList(args).contains("--no-rebuild")) {
            System.exit(0);
        }

        java.util.Optional<Long> postgres = SystemBenchmark.postmaster(Path.of(arg(args, "--data-dir", ".local-data")));
        Map<String, ProcCpu.Sample> rebuildCpuBefore = new java.util.LinkedHashMap<>();
        cpuPids.forEach((name, pid) -> rebuildCpuBefore.put(name, ProcCpu.sample(pid)));
        long postgresBefore = postgres.map(ProcCpu::treeMs).orElse(0L);
        long machineBefore = ProcCpu.machineBusyMs();
        System.out.printf("rebuild starts; load average %s%n", loadAverage());
        send(http, HttpRequest.newBuilder(URI.create(reporting + "/ops/projections/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()), ops);
        JsonNode progress;
        do {
            Thread.sleep(1000);
            progress = get(http, json, reporting + "/ops/projections/rebuild", ops);
        } while (progress.path("state").asText().equals("RUNNING"));
        double rebuildSeconds = Duration.between(Instant.parse(progress.path("startedAt").asText()),
                Instant.parse(progress.path("finishedAt").asText())).toMillis() / 1000.0;
        long rebuilt = progress.path("done").asLong();
        System.out.printf("rebuild %s: %d events in %.1f s = %.0f events/s%n", progress.path("state").asText(), rebuilt,
                rebuildSeconds, rebuilt / rebuildSeconds);
        // CPU per rebuilt event (the last second of polling adds at most one progress request's worth)
        StringBuilder cpu = new StringBuilder("rebuild CPU per event:");
        double perEventTotal = 0;
        for (Map.Entry<String, Long> e : cpuPids.entrySet()) {
            ProcCpu.Sample used = ProcCpu.sample(e.getValue()).minus(rebuildCpuBefore.get(e.getKey()));
            perEventTotal += used.applicationMs() / (double) rebuilt;
            cpu.append(String.format(" %s %.4f ms (+%.4f JIT)", e.getKey(), used.applicationMs() / (double) rebuilt,
                    used.jitMs() / (double) rebuilt));
        }
        if (postgres.isPresent()) {
            double pg = (ProcCpu.treeMs(postgres.get()) - postgresBefore) / (double) rebuilt;
            perEventTotal += pg;
            cpu.append(String.format(", PostgreSQL %.4f ms", pg));
        }
        cpu.append(String.format("; together %.4f ms (JIT apart); whole machine %.4f ms; load average %s", perEventTotal,
                (ProcCpu.machineBusyMs() - machineBefore) / (double) rebuilt, loadAverage()));
        System.out.println(cpu);

        t0 = System.nanoTime();
        long read = readAll(bootstrap);
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("plain consumer read %d records in %.1f s = %.0f records/s%n", read, readSeconds,
                read / readSeconds);
        System.out.printf("ratio rebuild/raw = %.3f%n", (rebuilt / rebuildSeconds) / (read / readSeconds));
        System.exit(0);
    }

    /** Synthetic but realistic streams: each case opens, takes a mandate, moves through phases and costs money. */
    static Map<String, Integer> produce(String bootstrap, int events) {
        Map<String, Integer> byTopic = new java.util.TreeMap<>();
        EventCodec codec = new EventCodec();
        Actor sd = new Actor("SD-AG-MENZIKEN", InstitutionType.SOCIAL_SERVICES, "caseworker");
        Actor rav = new Actor("RAV-AG-AARAU", InstitutionType.RAV, "caseworker");
        LocalDate d = LocalDate.of(2026, 1, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            int sent = 0;
            for (int n = 0; sent < events; n++) {
                String caseId = "bench-" + n;
                List<IntegrationEvent> stream = new ArrayList<>(List.of(
                        new CaseOpened("cl-" + n, CooperationModel.AARGAU, Program.AMIPLUS, sd.institutionId(), d, "AG",
                                false, List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, sd.institutionId())),
                                List.of(new Participant(sd.institutionId(), InstitutionType.SOCIAL_SERVICES, "AG",
                                        n % 2 == 0 ? "Menziken" : "Reinach"),
                                        new Participant(rav.institutionId(), InstitutionType.RAV, "AG", null))),
                        new ConsentRecorded("c", d, List.of(sd.institutionId(), rav.institutionId()), "dms://c"),
                        new AmiplusMandateIssued("m", sd.institutionId(), rav.institutionId(), "KG", d),
                        new AmiplusPhaseStarted("m", 1, d, d.plusMonths(2).minusDays(1)),
                        new CaseLeadChanged(sd.institutionId(), rav.institutionId(), d, LeadBasis.AMIPLUS_MANDATE,
                                UUID.randomUUID(), null, List.of()),
                        new ReportSubmitted("r", ReportKind.INTEGRATION_REPORT, 1, d.plusDays(30), rav.institutionId(), "d"),
                        new AmiplusPhaseEnded("m", 1, d.plusDays(40)),
                        new AmiplusPhaseStarted("m", 2, d.plusDays(41), d.plusMonths(12)),
                        new ChargeRecorded("ch-" + n, caseId, ChargeKind.AMIPLUS_PHASE_1_FLAT, rav.institutionId(),
                                sd.institutionId(), d, d, BigDecimal.ONE, new BigDecimal("300.00"),
                                new BigDecimal("300.00"), YearMonth.of(2026, 1), List.of(UUID.randomUUID()), null),
                        new CaseClosed(CaseOutcome.OTHER, n % 3 == 0, d.plusMonths(6), rav.institutionId())));
                long sequence = 0;
                for (IntegrationEvent event : stream) {
                    if (sent == events) {
                        break;
                    }
                    EventEnvelope<IntegrationEvent> e = EventEnvelope.of(UUID.randomUUID(), caseId, sequence++,
                            Instant.parse("2026-01-05T08:00:00Z").plusSeconds(sequence), rav, null, null, event);
                    producer.send(new ProducerRecord<>(e.topic(), caseId, codec.encode(e)));
                    byTopic.merge(e.topic(), 1, Integer::sum);
                    sent++;
                }
            }
            producer.flush();
        }
        return byTopic;
    }

    static long lag(HttpClient http, ObjectMapper json, String reporting, String ops) throws Exception {
        JsonNode topics = get(http, json, reporting + "/ops/topics?fresh=true", ops);
        for (JsonNode g : topics.path("consumerGroups")) {
            if (g.path("group").asText().equals("reporting-service")) {
                return g.path("totalLag").asLong();
            }
        }
        return 1; // the group is (re)joining: not caught up
    }

    /** Records reporting has applied (or passed), from the positions it commits in the same transaction. */
    static long applied(String db) throws Exception {
        return positionSum(db, "select coalesce(sum(next_offset), 0) from projection_position where projection = 'reporting'");
    }

    /** Input records billing has applied (or passed), from the positions it commits with its changes. */
    static long inputsApplied(String db) throws Exception {
        return positionSum(db, "select coalesce(sum(next_offset), 0) from input_position");
    }

    private static long positionSum(String db, String sql) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db, "postgres", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long endOffsets(String bootstrap) {
        return endOffsets(bootstrap, Topics.EVENT_TOPICS);
    }

    static long endOffsets(String bootstrap, List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** {@code reporting=123,billing=456}: the JVMs whose CPU is read around the ingest. */
    static Map<String, Long> pids(String spec) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.contains("=")) {
                pids.put(part.substring(0, part.indexOf('=')), Long.parseLong(part.substring(part.indexOf('=') + 1)));
            }
        }
        return pids;
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static void signal(String signal, String pid) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited " + exit);
        }
    }

    static long readAll(String bootstrap) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.EVENT_TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }

    static JsonNode get(HttpClient http, ObjectMapper json, String url, String token) throws Exception {
        return json.readTree(send(http, HttpRequest.newBuilder(URI.create(url)).GET(), token));
    }

    static String send(HttpClient http, HttpRequest.Builder request, String token) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
