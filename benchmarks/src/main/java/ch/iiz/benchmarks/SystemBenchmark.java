package ch.iiz.benchmarks;

import ch.iiz.events.Topics;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one benchmark command (docs/benchmarks.md). Starts nothing: runs against a local run that is already up
 * ({@code ./run-local.sh --fresh --no-demo}) and prints, in one run:
 * <ol>
 *   <li>commands/s and latencies in a closed loop (POST /cases) after a stated warm-up, and CPU ms per command of
 *   every service JVM from {@code /proc} (JIT compiler threads apart), PostgreSQL's commits and rows written per
 *   command (each database), and [1b] the floor of the HTTP stack: CPU per {@code GET /me} (token, routing, JSON, no
 *   database) in case-service;</li>
 *   <li>how fast reporting-service's live ingest drained the backlog that load left behind;</li>
 *   <li>raw durable single-row inserts/s on the same PostgreSQL, and the ratio; PostgreSQL's and the machine's CPU per
 *   raw insert against per command (what bounds the ratio when CPU is the limit);</li>
 *   <li>command → visible in reporting's read model ({@code case_fact}) at a fixed rate (default 200/s),
 *   percentiles, with the command latencies and CPU per command at that rate;</li>
 *   <li>optionally ({@code --ingest-events N}) live ingest of N synthetic events produced onto the topics;</li>
 *   <li>a full rebuild of reporting's projections against a plain consumer of the same topics;</li>
 *   <li>idle CPU of every service, % of one core (measured last);</li>
 *   <li>{@code --history-commands N} (default 300) commands on one case, one after the other, CPU per command per
 *   window of 100: what a growing history costs.</li>
 * </ol>
 * Every CPU figure also counts the events each consumer group committed, and PostgreSQL, the runner with its broker,
 * this generator and the whole machine per command.
 * <pre>
 * java -jar benchmarks/target/benchmarks-*.jar [--url http://localhost:8081] [--kafka 127.0.0.1:9092]
 *      [--postgres-port 15432] [--data-dir .local-data] [--warmup 60] [--concurrency 8] [--seconds 30]
 *      [--rate 200] [--rate-seconds 30] [--idle-seconds 20] [--ingest-events 0] [--history-commands 300]
 * </pre>
 * The services' HTTP ports are {@code --url}'s port and the four after it (case, referral, billing, reporting,
 * placement).
 */
public final class SystemBenchmark {

    static final List<String> SERVICES = List.of("case-service", "referral-service", "billing-service",
            "reporting-service", "placement-service");
    /** The topics a service's consumer group may read (the registry is read without a group). */
    static final List<String> EVENT_TOPICS = List.of(Topics.CASE_EVENTS, Topics.REFERRAL_EVENTS, Topics.BILLING_EVENTS,
            Topics.PLACEMENT_EVENTS);

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8081");
        String bootstrap = arg(args, "--kafka", "127.0.0.1:9092");
        int pgPort = intArg(args, "--postgres-port", 15432);
        Path data = Path.of(arg(args, "--data-dir", ".local-data"));
        int warmup = intArg(args, "--warmup", 60);
        int concurrency = intArg(args, "--concurrency", 8);
        int seconds = intArg(args, "--seconds", 30);
        int rate = intArg(args, "--rate", 200);
        int rateSeconds = intArg(args, "--rate-seconds", 30);
        int idleSeconds = intArg(args, "--idle-seconds", 20);
        int ingestEvents = intArg(args, "--ingest-events", 0);
        int historyCommands = intArg(args, "--history-commands", 300);

        int basePort = URI.create(url).getPort();
        String reportingUrl = "http://localhost:" + (basePort + 3);
        DevTokens tokens = DevTokens.loadOrCreate(data.resolve("keys"));
        String token = tokens.mint(DevInstitution.SD_MENZIKEN, Duration.ofHours(2));
        String ops = tokens.mint(DevInstitution.OPS, Duration.ofHours(2));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(concurrency, 4))).build();
        String postgres = "jdbc:postgresql://127.0.0.1:" + pgPort + "/";

        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            String service = SERVICES.get(i);
            // by HTTP port: several local runs may share this machine, each with its own ports
            ProcCpu.find("-Dquarkus.http.port=" + (basePort + i) + "\0").ifPresent(pid -> pids.put(service, pid));
        }
        System.out.printf("date %s; machine: %d cores (%s), load average %s; java %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), cpuModel(), loadAverage(), System.getProperty("java.version"));
        System.out.printf("services found (JVM pids): %s%n", pids);
        Optional<Long> postgresPid = postmaster(data);
        // the runner that started these services (several local runs may share the machine)
        Optional<Long> runnerPid = pids.values().stream().findFirst().flatMap(pid -> ProcCpu.ancestor(pid, "local-stack"));
        System.out.printf("PostgreSQL postmaster %s, local-stack runner (broker in process) %s%n",
                postgresPid.map(String::valueOf).orElse("not found"), runnerPid.map(String::valueOf).orElse("not found"));
        Others others = new Others(postgresPid, runnerPid);
        System.out.printf("warm-up %d s closed loop at concurrency %d, then measured %d s%n", warmup, concurrency, seconds);

        // 1. closed loop
        CaseLoadBenchmark.run(concurrency, warmup, CaseLoadBenchmark.openCase(http, url, token));
        Map<String, ProcCpu.Sample> before = cpu(pids);
        Map<String, Long> consumedBefore = consumed(bootstrap, pids.keySet());
        long[] othersBefore = others.sample();
        DatabaseActivity dbBefore = DatabaseActivity.sample(postgres + "postgres");
        CaseLoadBenchmark.Result commands = CaseLoadBenchmark.run(concurrency, seconds,
                CaseLoadBenchmark.openCase(http, url, token));
        Instant loadEnded = Instant.now();
        commands.print("[1] case commands over HTTP, closed loop (POST /cases: 2 events, read models, chain hashes)");

        // 2. reporting's live ingest drains what the load left behind
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            drain(admin, "[2] reporting live ingest after the load", loadEnded);
        }
        settle(bootstrap, "the CPU reading", Duration.ofMinutes(2)); // every consumer took the load's events
        printCpu(pids, before, cpu(pids), commands.count(), "command", consumed(bootstrap, pids.keySet()), consumedBefore);
        long[] othersAfter = others.print(othersBefore, commands.count());
        Thread.sleep(1500); // PostgreSQL publishes a backend's counts at most a second after its transactions
        DatabaseActivity perCommand = DatabaseActivity.sample(postgres + "postgres").minus(dbBefore)
                .without("postgres");
        perCommand.print(commands.count());

        // 1b. the floor of the HTTP stack: the cheapest authenticated request (JWT, routing, JSON; no database)
        if (pids.containsKey("case-service")) {
            CaseLoadBenchmark.run(concurrency, 5, CaseLoadBenchmark.whoAmI(http, url, token));
            ProcCpu.Sample meBefore = cpu(pids).get("case-service");
            CaseLoadBenchmark.Result me = CaseLoadBenchmark.run(concurrency, Math.min(seconds, 20),
                    CaseLoadBenchmark.whoAmI(http, url, token));
            ProcCpu.Sample meUsed = cpu(pids).get("case-service").minus(meBefore);
            me.print("[1b] floor of the HTTP stack: GET /me (JWT verified, routing, JSON answer; no database), closed loop");
            System.out.printf("    case-service %.3f ms CPU per request (JIT %.3f ms)%n",
                    meUsed.applicationMs() / (double) me.count(), meUsed.jitMs() / (double) me.count());
        }

        // 3. raw durable inserts on the same PostgreSQL
        CaseLoadBenchmark.prepareRawTable(postgres + "postgres");
        CaseLoadBenchmark.run(concurrency, 3, CaseLoadBenchmark.rawInserter(postgres + "postgres"));
        long[] rawBefore = others.sample();
        CaseLoadBenchmark.Result raw = CaseLoadBenchmark.run(concurrency, seconds,
                CaseLoadBenchmark.rawInserter(postgres + "postgres"));
        long[] rawAfter = others.sample();
        raw.print("[3] raw single-row durable inserts (autocommit, synchronous_commit=on), same concurrency");
        System.out.printf("    ratio commands/raw = %.3f%n", commands.perSecond() / raw.perSecond());
        double pgPerCommit = (rawAfter[0] - rawBefore[0]) / (double) raw.count();
        double machinePerInsert = (rawAfter[3] - rawBefore[3]) / (double) raw.count();
        double pgPerCommand = (othersAfter[0] - othersBefore[0]) / (double) commands.count();
        double machinePerCommand = (othersAfter[3] - othersBefore[3]) / (double) commands.count();
        System.out.printf("    PostgreSQL %.3f ms CPU per raw insert (one row, one commit), whole machine %.3f ms; a case "
                        + "command's %.1f commits at that price = %.2f ms (measured %.2f ms in PostgreSQL); whole machine "
                        + "per command / per raw insert = %.0f (the ratio's ceiling at equal CPU: %.3f)%n",
                pgPerCommit, machinePerInsert, perCommand.commits() / (double) commands.count(),
                pgPerCommit * perCommand.commits() / commands.count(), pgPerCommand,
                machinePerCommand / machinePerInsert, machinePerInsert / machinePerCommand);

        // 4. command -> reporting read model at a fixed rate
        settle(bootstrap, "the fixed-rate phase", Duration.ofMinutes(5));
        before = cpu(pids);
        consumedBefore = consumed(bootstrap, pids.keySet());
        othersBefore = others.sample();
        long sent = fixedRate(http, url, token, postgres + "reporting_service", rate, rateSeconds);
        settle(bootstrap, "the CPU reading", Duration.ofMinutes(2));
        printCpu(pids, before, cpu(pids), sent, "command at " + rate + "/s", consumed(bootstrap, pids.keySet()),
                consumedBefore);
        others.print(othersBefore, sent);

        // 5. live ingest of synthetic events (optional: every consumer of the topics takes them too)
        if (ingestEvents > 0) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                long t0 = System.nanoTime();
                ReplayBenchmark.produce(bootstrap, ingestEvents);
                System.out.printf("[5] produced %d synthetic events in %.1f s%n", ingestEvents, (System.nanoTime() - t0) / 1e9);
                drain(admin, "[5] reporting live ingest of the synthetic events", Instant.now());
            }
        }

        // 6. rebuild vs a plain consumer of the same topics
        settle(bootstrap, "the rebuild", Duration.ofMinutes(10));
        rebuild(http, reportingUrl, ops, bootstrap);

        // 8. commands on one case as its history grows
        if (historyCommands > 0) {
            history(http, url, token, tokens.mint(DevInstitution.RAV_AARAU, Duration.ofHours(2)), pids, bootstrap,
                    historyCommands);
        }

        // 7. idle
        settle(bootstrap, "the idle measurement", Duration.ofMinutes(5));
        Thread.sleep(10_000); // the last batches settle; then nothing runs but the services' own timers
        Map<String, ProcCpu.Sample> idleFrom = cpu(pids);
        Thread.sleep(idleSeconds * 1000L);
        Map<String, ProcCpu.Sample> after = cpu(pids);
        System.out.printf("[7] idle CPU over %d s (%% of one core; JIT threads apart)%n", idleSeconds);
        pids.keySet().forEach(s -> {
            ProcCpu.Sample used = after.get(s).minus(idleFrom.get(s));
            System.out.printf("    %-17s %5.2f %% (JIT %.2f %%)%n", s, used.applicationMs() / (idleSeconds * 10.0),
                    used.jitMs() / (idleSeconds * 10.0));
        });
        System.exit(0);
    }

    /**
     * Opens cases at a fixed rate (open loop: a slow answer does not slow the next request) and polls reporting's
     * {@code case_fact} for each new case until it is there; prints both latency distributions.
     */
    static long fixedRate(HttpClient http, String url, String token, String reportingJdbc, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        Map<String, Long> pending = new ConcurrentHashMap<>(); // case id -> nanos when its command was sent
        List<Long> visible = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        Thread poller = new Thread(() -> poll(reportingJdbc, pending, visible));
        poller.setDaemon(true);
        poller.start();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long sentAt = System.nanoTime();
            http.sendAsync(CaseLoadBenchmark.openCaseRequest(url, token), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        long now = System.nanoTime();
                        if (failure == null && response.statusCode() == 201) {
                            answered.add((now - sentAt) / 1000);
                            String location = response.headers().firstValue("Location").orElse("");
                            pending.put(location.substring(location.lastIndexOf('/') + 1), sentAt);
                        } else if (errors.incrementAndGet() == 1) {
                            System.err.println("first error: " + (failure != null ? failure : response.statusCode()));
                        }
                        done.countDown();
                    });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        done.await(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        poller.interrupt();
        long[] a;
        synchronized (answered) { // answers may still arrive (a slow machine): copy under the list's lock
            a = answered.stream().mapToLong(Long::longValue).toArray();
        }
        new CaseLoadBenchmark.Result(a.length, errors.get(), sendSeconds, a)
                .print(String.format("[4] fixed rate %d commands/s for %d s (open loop): command latency", rate, seconds));
        long[] v;
        synchronized (visible) {
            v = visible.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(v);
        System.out.printf("    command -> visible in reporting's case_fact: %d of %d seen (%d still missing after 30 s); "
                        + "ms p50 %.1f p95 %.1f p99 %.1f max %.1f%n", v.length, a.length, pending.size(),
                pct(v, 50), pct(v, 95), pct(v, 99), v.length == 0 ? 0 : v[v.length - 1] / 1000.0);
        return a.length;
    }

    /** Every 5 ms: which of the pending cases reporting has now (one indexed query for all of them). */
    private static void poll(String jdbc, Map<String, Long> pending, List<Long> visible) {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             PreparedStatement ps = c.prepareStatement("select case_id from case_fact where case_id = any(?)")) {
            while (!Thread.currentThread().isInterrupted()) {
                if (!pending.isEmpty()) {
                    ps.setArray(1, c.createArrayOf("varchar", pending.keySet().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        long now = System.nanoTime();
                        while (rs.next()) {
                            Long sentAt = pending.remove(rs.getString(1));
                            if (sentAt != null) {
                                visible.add((now - sentAt) / 1000);
                            }
                        }
                    }
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("polling reporting failed: " + e);
        }
    }

    /**
     * Waits until reporting-service's consumer group has committed up to the end of every topic it reads; prints
     * the backlog it found and the rate at which it went.
     */
    static void drain(Admin admin, String what, Instant since) throws Exception {
        long backlog = lag(admin);
        long t0 = System.nanoTime();
        long left = backlog;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(15);
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = lag(admin);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: backlog %d records %.1f s after it began; drained in %.1f s = %.0f records/s%s%n", what,
                backlog, Duration.between(since, Instant.now()).toMillis() / 1000.0 - s, s,
                backlog == 0 ? 0 : backlog / Math.max(s, 0.1), left > 0 ? " (NOT drained: " + left + " left)" : "");
    }

    /** Records on the event topics not yet committed by reporting-service's consumer group. */
    static long lag(Admin admin) throws Exception {
        return lag(admin, "reporting-service");
    }

    /** Records on the event topics the group is assigned, not yet committed by it (nothing committed counts 0). */
    static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        java.util.Set<String> reads = new java.util.HashSet<>();
        admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members()
                .forEach(m -> m.assignment().topicPartitions().forEach(p -> reads.add(p.topic())));
        committed.keySet().forEach(p -> reads.add(p.topic()));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : EVENT_TOPICS) {
            if (reads.contains(topic)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(e.getKey());
            lag += e.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    /** Waits until every service's consumer group has caught up (at most {@code limit}); prints how long it took. */
    static void settle(String bootstrap, String before, Duration limit) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long t0 = System.nanoTime();
            long left;
            do {
                left = 0;
                for (String group : SERVICES) {
                    left += lag(admin, group);
                }
                if (left > 0) {
                    Thread.sleep(250);
                }
            } while (left > 0 && System.nanoTime() - t0 < limit.toNanos());
            System.out.printf("    (consumers caught up %.1f s before %s%s)%n", (System.nanoTime() - t0) / 1e9, before,
                    left > 0 ? "; NOT caught up, " + left + " records left" : "");
        }
    }

    static void rebuild(HttpClient http, String reporting, String ops, String bootstrap) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ReplayBenchmark.send(http, HttpRequest.newBuilder(URI.create(reporting + "/ops/projections/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()), ops);
        JsonNode progress;
        do {
            Thread.sleep(500);
            progress = ReplayBenchmark.get(http, json, reporting + "/ops/projections/rebuild", ops);
        } while (progress.path("state").asText().equals("RUNNING"));
        double rebuildSeconds = Duration.between(Instant.parse(progress.path("startedAt").asText()),
                Instant.parse(progress.path("finishedAt").asText())).toMillis() / 1000.0;
        long rebuilt = progress.path("done").asLong();
        long t0 = System.nanoTime();
        long read = ReplayBenchmark.readAll(bootstrap);
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[6] rebuild %s: %d events in %.1f s = %.0f/s; plain consumer of the same topics: %d records in "
                        + "%.2f s = %.0f/s; ratio %.3f%n", progress.path("state").asText(), rebuilt, rebuildSeconds,
                rebuilt / Math.max(rebuildSeconds, 0.001), read, readSeconds, read / readSeconds,
                (rebuilt / Math.max(rebuildSeconds, 0.001)) / (read / readSeconds));
    }

    static Map<String, ProcCpu.Sample> cpu(Map<String, Long> pids) {
        Map<String, ProcCpu.Sample> samples = new LinkedHashMap<>();
        pids.forEach((service, pid) -> samples.put(service, ProcCpu.sample(pid)));
        return samples;
    }

    /**
     * CPU per command of each service JVM, and per event its consumer group committed in the same interval (the
     * records it consumed from the event topics; case-service consumes only referral's few, so its figure is per
     * command).
     */
    static void printCpu(Map<String, Long> pids, Map<String, ProcCpu.Sample> before, Map<String, ProcCpu.Sample> after,
                         long count, String per, Map<String, Long> consumedAfter, Map<String, Long> consumedBefore) {
        System.out.printf("    CPU ms per %s (utime+stime of the JVM's threads; JIT compiler threads apart), and per "
                + "event consumed%n", per);
        pids.keySet().forEach(s -> {
            ProcCpu.Sample used = after.get(s).minus(before.get(s));
            long events = consumedAfter.getOrDefault(s, 0L) - consumedBefore.getOrDefault(s, 0L);
            System.out.printf("    %-17s %6.2f ms (JIT %.2f ms); %7d events consumed: %s%n", s,
                    (double) used.applicationMs() / count, (double) used.jitMs() / count, events,
                    events == 0 ? "-" : String.format("%.3f ms per event (JIT %.3f ms)",
                            (double) used.applicationMs() / events, (double) used.jitMs() / events));
        });
    }

    /**
     * One case, then {@code total} measures proposed on it one after the other (each an event on the case, sealed
     * free text, and an event every consumer takes): CPU per command of each service in windows of 100, so a cost
     * that grows with the case's history shows as a rising figure.
     */
    static void history(HttpClient http, String url, String opener, String rav, Map<String, Long> pids,
                        String bootstrap, int total) throws Exception {
        HttpResponse<Void> opened = http.send(CaseLoadBenchmark.openCaseRequest(url, opener),
                HttpResponse.BodyHandlers.discarding());
        String location = opened.headers().firstValue("Location").orElseThrow();
        String caseUrl = url + location.substring(location.indexOf("/cases/"));
        System.out.printf("[8] %d commands on one case as its history grows (POST %s/measures, one after the other)%n",
                total, location.substring(location.indexOf("/cases/")));
        int window = 100;
        for (int from = 0; from < total; from += window) {
            settle(bootstrap, "the window", Duration.ofMinutes(2));
            Map<String, ProcCpu.Sample> before = cpu(pids);
            long t0 = System.nanoTime();
            int n = Math.min(window, total - from);
            for (int i = 0; i < n; i++) {
                String body = """
                        {"measureId":"m-%d","kind":"COACHING","provider":"Coach AG","estimatedCostChf":"100.00",
                         "financingInstitutionId":"SD-AG-MENZIKEN","proposedOn":"2026-03-01"}""".formatted(from + i);
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(caseUrl + "/measures"))
                        .header("Authorization", "Bearer " + rav).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("measure refused: HTTP " + r.statusCode());
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6 / n;
            settle(bootstrap, "the CPU reading", Duration.ofMinutes(2));
            Map<String, ProcCpu.Sample> after = cpu(pids);
            StringBuilder line = new StringBuilder(String.format("    case events %3d-%3d: %.1f ms per command (wall); "
                    + "CPU ms per command (JIT apart):", from + 2, from + n + 2, ms));
            pids.keySet().forEach(svc -> line.append(String.format(" %s %.2f", svc.replace("-service", ""),
                    after.get(svc).minus(before.get(svc)).applicationMs() / (double) n)));
            System.out.println(line);
        }
    }

    /** The rest of the machine's CPU per command: PostgreSQL, the runner with its broker, this generator, all. */
    record Others(Optional<Long> postgres, Optional<Long> runner) {
        long[] sample() {
            return new long[]{postgres.map(ProcCpu::treeMs).orElse(0L), runner.map(ProcCpu::treeMs).orElse(0L),
                    ProcCpu.selfMs(), ProcCpu.machineBusyMs()};
        }

        /** Prints the CPU per command since {@code before}; the sample it took. */
        long[] print(long[] before, long count) {
            long[] after = sample();
            System.out.printf("    PostgreSQL (all backends) %.2f ms, runner JVM with the Kafka broker %.2f ms, this load "
                            + "generator %.2f ms; whole machine (every process) %.2f ms per command%n",
                    (after[0] - before[0]) / (double) count, (after[1] - before[1]) / (double) count,
                    (after[2] - before[2]) / (double) count, (after[3] - before[3]) / (double) count);
            return after;
        }
    }

    /** Transactions committed and rows written per database, from {@code pg_stat_database}. */
    record DatabaseActivity(Map<String, long[]> byDatabase) {
        static DatabaseActivity sample(String jdbc) throws Exception {
            Map<String, long[]> by = new java.util.TreeMap<>();
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                 java.sql.Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select datname, xact_commit, tup_inserted + tup_updated + tup_deleted "
                         + "from pg_stat_database where datname is not null and not datname like 'template%'")) {
                while (rs.next()) {
                    by.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
                }
            }
            return new DatabaseActivity(by);
        }

        DatabaseActivity minus(DatabaseActivity earlier) {
            Map<String, long[]> by = new java.util.TreeMap<>();
            byDatabase.forEach((db, v) -> {
                long[] e = earlier.byDatabase.getOrDefault(db, new long[2]);
                by.put(db, new long[]{v[0] - e[0], v[1] - e[1]});
            });
            return new DatabaseActivity(by);
        }

        DatabaseActivity without(String database) {
            Map<String, long[]> by = new java.util.TreeMap<>(byDatabase);
            by.remove(database);
            return new DatabaseActivity(by);
        }

        long commits() {
            return byDatabase.values().stream().mapToLong(v -> v[0]).sum();
        }

        long rows() {
            return byDatabase.values().stream().mapToLong(v -> v[1]).sum();
        }

        void print(long count) {
            StringBuilder line = new StringBuilder(String.format(
                    "    PostgreSQL per command: %.1f commits, %.1f rows written (", commits() / (double) count,
                    rows() / (double) count));
            byDatabase.forEach((db, v) -> line.append(String.format("%s %.1f/%.1f ", db, v[0] / (double) count,
                    v[1] / (double) count)));
            System.out.println(line.toString().stripTrailing() + "; commits/rows, idle timers included)");
        }
    }

    /** PostgreSQL's postmaster: the first line of {@code postmaster.pid} in the local run's data folder. */
    static Optional<Long> postmaster(Path data) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid"))
                    .get(0).trim()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Per service: the sum of the offsets its consumer group has committed on the event topics. */
    static Map<String, Long> consumed(String bootstrap, java.util.Collection<String> groups) throws Exception {
        Map<String, Long> sums = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String group : groups) {
                long sum = 0;
                for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
                    if (EVENT_TOPICS.contains(e.getKey().topic()) && e.getValue() != null) {
                        sum += e.getValue().offset();
                    }
                }
                sums.put(group, sum);
            }
        }
        return sums;
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "?";
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }
}
