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
 * threads together); CPU of threads that ended inside the window is counted in the total only.
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

        Map<String, Map<String, Long>> before = new HashMap<>();
        Map<String, Long> totalBefore = new HashMap<>();
        pids.forEach((s, pid) -> {
            before.put(s, threadTicks(pid));
            totalBefore.put(s, processTicks(pid));
        });
        Thread.sleep(idleSeconds * 1000L);
        System.out.printf("idle CPU over %d s after %d s of quiet, %% of one core (threads grouped by name)%n",
                idleSeconds, settle);
        pids.forEach((s, pid) -> {
            Map<String, Long> after = threadTicks(pid);
            Map<String, Long> byGroup = new TreeMap<>();
            after.forEach((key, ticks) -> {
                long used = ticks - before.get(s).getOrDefault(key, 0L);
                if (used > 0) {
                    byGroup.merge(key.substring(key.indexOf(' ') + 1).replaceAll("\\d+", "#"), used, Long::sum);
                }
            });
            long total = processTicks(pid) - totalBefore.get(s);
            long jit = byGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToLong(Map.Entry::getValue).sum();
            String threads = byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(top).map(e -> String.format("%s %.2f", e.getKey(), percent(e.getValue(), idleSeconds)))
                    .collect(Collectors.joining(", "));
            System.out.printf("    %-17s %5.2f %% (JIT %.2f %%)  %s%n", s, percent(total, idleSeconds),
                    percent(jit, idleSeconds), threads);
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

    /** utime + stime per live thread, keyed "tid name" (the kernel's name: at most 15 characters). */
    private static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // a thread that ended between list and read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
        return ticks;
    }
}
