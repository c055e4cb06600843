package ch.iiz.benchmarks;

import ch.iiz.localstack.ServiceProcesses;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long one service takes from its JVM's start to ready, started alone, exactly as the local run starts it
 * ({@link ServiceProcesses}: same JVM options, same wiring), against an infrastructure that is already running and
 * starts nothing else: {@code java -jar local-stack/target/local-stack-*.jar --infra-only} with the same data folder
 * (it created the databases, seeded the registry and holds the key the services verify tokens with).
 *
 * <p>Ready means {@code GET /q/health/ready} answered 200 (datasource, Kafka, messaging channels), polled every 20 ms.
 * Printed per start: wall time to ready, CPU seconds the JVM used until then (from {@code /proc}, JIT compiler
 * threads apart, because on a loaded machine CPU seconds are the stable figure and wall time is not), Quarkus' own
 * "started in" and the load average. Each service is measured without the services' class-data archive (the JDK's
 * own archive only, as before) and with it ({@link ServiceProcesses#classDataArchive}); the start that writes the
 * archive is reported apart. The variants take turns; medians at the end.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar ch.iiz.benchmarks.StartupBenchmark --data-dir DIR
 *      [--kafka 127.0.0.1:9092] [--postgres-port 15432] [--http-port-base 8081] [--repo-root .] [--runs 5]
 *      [--services case-service,...] [--variants jdk,archive] [--jvm-option OPTION]...
 * </pre>
 */
public final class StartupBenchmark {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    private record Run(String service, String variant, double wallSeconds, ProcCpu.Sample cpu, String quarkusSeconds,
                       long rssMb, String load) {
        String line() {
            return String.format("%-18s %-14s wall %6.2f s   cpu %6.2f s (app %5.2f + jit %5.2f)   quarkus %6s s   rss %4d MB   load %s",
                    service, variant, wallSeconds, (cpu.applicationMs() + cpu.jitMs()) / 1000.0,
                    cpu.applicationMs() / 1000.0, cpu.jitMs() / 1000.0, quarkusSeconds, rssMb, load);
        }
    }

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private StartupBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        new StartupBenchmark(options).run();
    }

    private void run() throws Exception {
        System.out.printf("StartupBenchmark: %d runs per service and variant, %s, %d CPUs, Java %s, load %s%n",
                options.runs, options.variants, Runtime.getRuntime().availableProcessors(), Runtime.version(), load());
        System.out.println("ready = GET /q/health/ready answers 200; cpu = utime+stime of the service JVM at that moment");
        List<Run> measured = new ArrayList<>();
        for (String service : options.services) {
            if (options.variants.contains("archive")) {
                ServiceProcesses processes = processes("archive");
                if (!Files.exists(processes.classDataArchive(service))) {
                    System.out.println(once(processes, service, "writes-archive").line());
                    if (!Files.exists(processes.classDataArchive(service))) {
                        throw new IllegalStateException("no class-data archive written at "
                                + processes.classDataArchive(service));
                    }
                }
            }
            // The variants take turns, so a change in the machine's load falls on both alike.
            for (int i = 0; i < options.runs; i++) {
                for (String variant : options.variants) {
                    Run run = once(processes(variant), service, variant);
                    System.out.println(run.line());
                    measured.add(run);
                }
            }
        }
        System.out.println();
        System.out.println("Medians:");
        System.out.printf("%-18s %-10s %10s %10s %10s %10s %10s%n", "service", "variant", "wall s", "cpu s", "app s", "jit s",
                "rss MB");
        for (String service : options.services) {
            for (String variant : options.variants) {
                List<Run> runs = measured.stream().filter(r -> r.service.equals(service) && r.variant.equals(variant))
                        .toList();
                System.out.printf("%-18s %-10s %10.2f %10.2f %10.2f %10.2f %10.0f%n", service, variant,
                        median(runs.stream().mapToDouble(Run::wallSeconds).toArray()),
                        median(runs.stream().mapToDouble(r -> (r.cpu.applicationMs() + r.cpu.jitMs()) / 1000.0).toArray()),
                        median(runs.stream().mapToDouble(r -> r.cpu.applicationMs() / 1000.0).toArray()),
                        median(runs.stream().mapToDouble(r -> r.cpu.jitMs() / 1000.0).toArray()),
                        median(runs.stream().mapToDouble(Run::rssMb).toArray()));
            }
        }
        System.out.println("load at the end: " + load());
    }

    private ServiceProcesses processes(String variant) {
        Path logs = options.dataDir.resolve("startup-benchmark-logs");
        ServiceProcesses processes = new ServiceProcesses(options.repoRoot, logs, options.httpPortBase,
                new ServiceProcesses.Wiring(options.kafka,
                        db -> "jdbc:postgresql://127.0.0.1:" + options.postgresPort + "/" + db, "postgres", "",
                        options.dataDir.resolve("keys/dev-jwt-public.pem").toUri(), false, options.jvmOptions));
        return variant.equals("jdk") ? processes.withoutClassDataArchives() : processes;
    }

    /** One start to ready, then a normal stop (which is when a first start's archive is written). */
    private Run once(ServiceProcesses processes, String service, String variant) throws Exception {
        String jar = options.repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar").toString();
        if (ProcCpu.find(jar).isPresent()) {
            throw new IllegalStateException(service + " is already running from " + jar + "; stop it first");
        }
        Path log = options.dataDir.resolve("startup-benchmark-logs").resolve(service + ".log");
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
        String load = load();
        long started = System.nanoTime();
        processes.start(service);
        try {
            long pid = awaitPid(jar, started);
            URI ready = URI.create(processes.url(service) + "/q/health/ready");
            while (!ready(ready)) {
                if (ProcCpu.find(jar).isEmpty()) {
                    throw new IllegalStateException(service + " ended before it was ready; see " + log);
                }
                if (System.nanoTime() - started > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException(service + " not ready within 5 minutes; see " + log);
                }
                Thread.sleep(20);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            ProcCpu.Sample cpu = ProcCpu.sample(pid);
            return new Run(service, variant, wall, cpu, quarkusStartedIn(log, logFrom), rssMb(pid), load);
        } finally {
            long stopping = System.nanoTime();
            processes.stop(service);
            if (variant.equals("writes-archive")) { // what writing the archive at the stop costs, once
                System.out.printf("%-18s %-14s stopped (archive written) in %.2f s%n", service, variant,
                        (System.nanoTime() - stopping) / 1e9);
            }
            Thread.sleep(1000); // the stopped JVM's last writes settle before the next start
        }
    }

    private static long awaitPid(String jar, long started) throws InterruptedException {
        while (true) {
            var pid = ProcCpu.find(jar);
            if (pid.isPresent()) {
                return pid.get();
            }
            if (System.nanoTime() - started > Duration.ofSeconds(30).toNanos()) {
                throw new IllegalStateException("no JVM running " + jar + " 30 s after its start");
            }
            Thread.sleep(5);
        }
    }

    private boolean ready(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** Quarkus' own "started in" figure from the part of the log this start wrote. */
    private static String quarkusStartedIn(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from));
        Matcher m = STARTED_IN.matcher(written);
        String last = "?";
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** Resident memory at ready (pages mapped from an archive count once they are touched). */
    private static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static final class Options {
        Path repoRoot = Path.of("").toAbsolutePath();
        Path dataDir = Path.of(".local-data").toAbsolutePath();
        String kafka = "127.0.0.1:9092";
        int postgresPort = 15432;
        int httpPortBase = 8081;
        int runs = 5;
        List<String> services = ServiceProcesses.SERVICES;
        List<String> variants = List.of("jdk", "archive");
        List<String> jvmOptions = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--repo-root" -> o.repoRoot = Path.of(value).toAbsolutePath();
                    case "--data-dir" -> o.dataDir = Path.of(value).toAbsolutePath();
                    case "--kafka" -> o.kafka = value;
                    case "--postgres-port" -> o.postgresPort = Integer.parseInt(value);
                    case "--http-port-base" -> o.httpPortBase = Integer.parseInt(value);
                    case "--runs" -> o.runs = Integer.parseInt(value);
                    case "--services" -> o.services = List.of(value.split(","));
                    case "--variants" -> o.variants = List.of(value.split(","));
                    case "--jvm-option" -> o.jvmOptions.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; see the class comment of " + StartupBenchmark.class.getName());
                }
                i++;
            }
            if (!o.variants.stream().allMatch(v -> v.equals("jdk") || v.equals("archive"))) {
                throw new IllegalArgumentException("--variants takes jdk and/or archive");
            }
            return o;
        }
    }
}
