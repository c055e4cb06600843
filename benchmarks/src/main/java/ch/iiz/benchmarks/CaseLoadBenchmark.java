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
 * Closed-loop load for {@link SystemBenchmark}: case commands over HTTP, and single-row durable inserts (one commit
 * each) on the same PostgreSQL, each on {@code concurrency} threads for a fixed time, with latency percentiles.
 */
public final class CaseLoadBenchmark {

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
            HttpResponse<Void> response = http.send(openCaseRequest(url, token), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
        };
    }

    /** GET /me: the cheapest request a service answers with a verified token (no database). */
    static java.util.function.Supplier<Operation> whoAmI(HttpClient http, String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/me")).header("Authorization", "Bearer " + token)
                .GET().build();
        return () -> () -> {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
        };
    }

    /** An AMIplus case with one participant and a consent, for a new client each time. */
    static HttpRequest openCaseRequest(String url, String token) {
        String body = """
                    {"clientId":"cl-%s","cooperationModel":"AARGAU","program":"AMIPLUS","canton":"AG",
                     "entitlements":[{"benefit":"SOCIAL_ASSISTANCE","institutionId":"SD-AG-MENZIKEN"}],
                     "participants":[{"institutionId":"RAV-AG-AARAU"}],
                     "consent":{"institutionIds":["SD-AG-MENZIKEN","RAV-AG-AARAU"],"documentRef":"dms://bench"}}"""
                .formatted(UUID.randomUUID().toString().substring(0, 12));
        return HttpRequest.newBuilder(URI.create(url + "/cases"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
}
