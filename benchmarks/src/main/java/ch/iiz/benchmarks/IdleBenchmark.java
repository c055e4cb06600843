package ch.iiz.benchmarks;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Idle CPU of every service with the threads that use it, and the command → reporting latency that must not get
 * worse when the services poll less. Starts nothing; runs against a local run (all five services).
 * <pre>
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar ch.iiz.benchmarks.IdleBenchmark
 *      [--url http://localhost:8081] [--postgres-port 15432] [--data-dir .local-data]
 *      [--warmup 30] [--rate 50] [--rate-seconds 20] [--settle 30] [--idle-seconds 60] [--top 6]
 * </pre>
 * Order: a closed-loop warm-up (so the JIT has compiled the command path), the fixed-rate latency phase, a pause
 * to settle, then the idle window. Thread names are grouped with their digits replaced by {@code #} (a pool's
 * threads together); CPU of threads that ended inside the window is counted in the total only. A fresh stack:
 * {@code --warmup 0 --rate-seconds 0}. Per thread group it prints the share of a core, the wake-ups a second and the
 * CPU per wake-up: an idle service is a set of timers, and the last figure tells a dearer loop (cold code) from a
 * more frequent one.
 */
public final class IdleBenchmark {

    static final List<String> SERVICES = List.of("case-service", "referral-service", "billing-service",
            "reporting-service", "placement-service");

    private IdleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = SystemBenchmark.arg(args, "--url", "http://localhost:8081");
        int pgPort = SystemBenchmark.intArg(args, "--postgres-port", 15432);
        Path data = Path.of(SystemBenchmark.arg(args, "--data-dir", ".local-data"));
        int warmup = SystemBenchmark.intArg(args, "--warmup", 30);
        int rate = SystemBenchmark.intArg(args, "--rate", 50);
        int rateSeconds = SystemBenchmark.intArg(args, "--rate-seconds", 20);
        int settle = SystemBenchmark.intArg(args, "--settle", 30);
        int idleSeconds = SystemBenchmark.intArg(args, "--idle-seconds", 60);
        int top = SystemBenchmark.intArg(args, "--top", 6);

        int basePort = URI.create(url).getPort();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            int port = basePort + i;
            String service = SERVICES.get(i);
            ProcCpu.find("-Dquarkus.http.port=" + port + "\0").ifPresent(pid -> pids.put(service, pid));
        }
        System.out.printf("date %s; %d cores, load average %s; services (JVM pids) %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(), pids);

        if (warmup > 0 || rateSeconds > 0) {
            String token = DevTokens.loadOrCreate(data.resolve("keys")).mint(DevInstitution.SD_MENZIKEN, Duration.ofHours(2));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).build();
            if (warmup > 0) {
                CaseLoadBenchmark.run(4, warmup, CaseLoadBenchmark.openCase(http, url, token))
                        .print("warm-up, closed loop at concurrency 4");
            }
            if (rateSeconds > 0) {
                SystemBenchmark.fixedRate(http, url, token, "jdbc:postgresql://127.0.0.1:" + pgPort + "/reporting_service",
                        rate, rateSeconds);
            }
        }
        Thread.sleep(settle * 1000L);

        Map<String, Map<String, long[]>> before = new HashMap<>();
        Map<String, Long> totalBefore = new HashMap<>();
        pids.forEach((s, pid) -> {
            before.put(s, threads(pid));
            totalBefore.put(s, processTicks(pid));
        });
        Thread.sleep(idleSeconds * 1000L);
        System.out.printf("idle CPU over %d s after %d s of quiet, %% of one core; load average now %s%n"
                        + "    threads grouped by name: %% of one core, wake-ups a second, CPU µs per wake-up%n",
                idleSeconds, settle, Files.readString(Path.of("/proc/loadavg")).trim());
        pids.forEach((s, pid) -> {
            Map<String, long[]> byGroup = new TreeMap<>();
            threads(pid).forEach((key, now) -> {
                long[] then = before.get(s).getOrDefault(key, new long[2]);
                long[] group = byGroup.computeIfAbsent(key.substring(key.indexOf(' ') + 1).replaceAll("\\d+", "#"),
                        k -> new long[2]);
                group[0] += now[0] - then[0];
                group[1] += now[1] - then[1];
            });
            long total = processTicks(pid) - totalBefore.get(s);
            double jit = byGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToLong(e -> e.getValue()[0]).sum() / (idleSeconds * 1e7);
            String threads = byGroup.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                    .limit(top).map(e -> String.format("%s %.2f (%.1f/s, %.0f µs)", e.getKey(),
                            e.getValue()[0] / (idleSeconds * 1e7), e.getValue()[1] / (double) idleSeconds,
                            e.getValue()[0] / 1e3 / Math.max(1, e.getValue()[1])))
                    .collect(Collectors.joining(", "));
            System.out.printf("    %-17s %5.2f %% (JIT %.2f %%)  %s%n", s, percent(total, idleSeconds), jit, threads);
        });
        System.exit(0);
    }

    private static double percent(long ticks, int seconds) {
        return ticks * ProcCpu.TICK_MS / (seconds * 10.0);
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
    }

    /**
     * Per live thread, keyed "tid name" (the kernel's name: at most 15 characters): the CPU time it ran, in ns, from
     * the scheduler's own account ({@code schedstat}; {@code stat}'s 10 ms ticks are too coarse for a thread that
     * runs 100 µs a second), and how often it went to sleep of its own accord (its wake-ups).
     */
    private static Map<String, long[]> threads(long pid) {
        Map<String, long[]> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long ns = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    long sleeps = Files.readAllLines(task.resolve("status")).stream()
                            .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).sum();
                    threads.put(task.getFileName() + " " + name, new long[] {ns, sleeps});
                } catch (IOException | RuntimeException e) {
                    // a thread that ended between list and read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
        return threads;
    }
}
