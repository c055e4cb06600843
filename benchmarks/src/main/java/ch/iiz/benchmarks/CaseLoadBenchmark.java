package ch.iiz.benchmarks;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives case commands over HTTP at a chosen concurrency against a running case-service and prints commands/s and
 * latency percentiles; then, in the same run against the same PostgreSQL, measures single-row durable inserts
 * (one commit each) at the same concurrency, and prints the ratio. Start the system first with ./run-local.sh.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks-*.jar [--concurrency 8] [--seconds 30] [--warmup 5]
 *      [--url http://localhost:8081] [--data-dir .local-data] [--postgres-port 15432]
 * </pre>
 */
public final class CaseLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int concurrency = intArg(args, "--concurrency", 8);
        int seconds = intArg(args, "--seconds", 30);
        int warmup = intArg(args, "--warmup", 5);
        String url = arg(args, "--url", "http://localhost:8081");
        Path data = Path.of(arg(args, "--data-dir", ".local-data"));
        int pgPort = intArg(args, "--postgres-port", 15432);

        String token = DevTokens.loadOrCreate(data.resolve("keys")).mint(DevInstitution.SD_MENZIKEN, Duration.ofHours(1));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(concurrency)).build();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
        prepareRawTable(jdbc);

        System.out.printf("machine: %d cores, %d MiB max heap for this client; java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        System.out.printf("concurrency %d, warm-up %d s, measured %d s%n", concurrency, warmup, seconds);

        run(concurrency, warmup, openCase(http, url, token));
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : List.of("case-service", "referral-service", "billing-service", "reporting-service")) {
            ProcCpu.find(service + "/target").ifPresent(pid -> pids.put(service, pid));
        }
        Map<String, ProcCpu.Sample> cpuBefore = new LinkedHashMap<>();
        pids.forEach((service, pid) -> cpuBefore.put(service, ProcCpu.sample(pid)));
        Result commands = run(concurrency, seconds, openCase(http, url, token));
        commands.print("case commands over HTTP (POST /cases: 2 events, read model, idempotency-free)");
        Thread.sleep(5000); // the consumers finish the events of the last commands
        pids.forEach((service, pid) -> {
            ProcCpu.Sample used = ProcCpu.sample(pid).minus(cpuBefore.get(service));
            System.out.printf("  CPU per command in %-17s %.2f ms (JIT threads apart: %.2f ms)%n", service,
                    (double) used.applicationMs() / commands.count(), (double) used.jitMs() / commands.count());
        });

        run(concurrency, Math.min(warmup, 3), rawInserter(jdbc));
        Result raw = run(concurrency, seconds, rawInserter(jdbc));
        raw.print("raw single-row durable inserts (autocommit, synchronous_commit=on)");
        System.out.printf("ratio commands/raw = %.2f%n", commands.perSecond() / raw.perSecond());
        System.exit(0);
    }

    interface Operation {
        void run() throws Exception;
    }

    record Result(long count, long errors, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return count / seconds;
        }

        void print(String what) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            System.out.printf("%s%n  %d ok, %d errors in %.1f s = %.1f/s; latency ms p50 %.1f p95 %.1f p99 %.1f max %.1f%n",
                    what, count, errors, seconds, perSecond(), pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        }

        private static double pct(long[] sorted, int p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
        }
    }

    /** Runs the operation in a closed loop on {@code concurrency} threads for a fixed time. */
    static Result run(int concurrency, int seconds, java.util.function.Supplier<Operation> perThread)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                Operation op = perThread.get();
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.run();
                        latencies.add((System.nanoTime() - t0) / 1000);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println("first error: " + e);
                        }
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(all.size(), errors.get(), elapsed, all.stream().mapToLong(Long::longValue).toArray());
    }

    static java.util.function.Supplier<Operation> openCase(HttpClient http, String url, String token) {
        return () -> () -> {
            String body = """
                    {"clientId":"cl-%s","cooperationModel":"AARGAU","program":"AMIPLUS","canton":"AG",
                     "entitlements":[{"benefit":"SOCIAL_ASSISTANCE","institutionId":"SD-AG-MENZIKEN"}],
                     "participants":[{"institutionId":"RAV-AG-AARAU"}],
                     "consent":{"institutionIds":["SD-AG-MENZIKEN","RAV-AG-AARAU"],"documentRef":"dms://bench"}}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 12));
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/cases"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
        };
    }

    static void prepareRawTable(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists benchmark_raw_insert (id bigserial primary key, payload text not null)");
            s.execute("truncate benchmark_raw_insert");
        }
    }

    static java.util.function.Supplier<Operation> rawInserter(String jdbc) {
        return () -> {
            try {
                Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                c.setAutoCommit(true);
                PreparedStatement ps = c.prepareStatement("insert into benchmark_raw_insert (payload) values (?)");
                return () -> {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.executeUpdate();
                };
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }
}
