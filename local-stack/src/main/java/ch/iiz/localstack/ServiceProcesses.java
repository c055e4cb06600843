package ch.iiz.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services as child processes (their built {@code quarkus-run.jar}s), one or more instances of each, each under a
 * watchdog so none outlives this JVM. Used by the local run and by the end-to-end and chaos tests, which also stop,
 * kill and restart single instances. Instances of a service share its database and consumer group.
 */
public final class ServiceProcesses implements AutoCloseable {

    public static final List<String> SERVICES = List.of("case-service", "referral-service", "billing-service",
            "reporting-service", "placement-service");

    /** Where the services find Kafka, their databases and the key that verifies tokens. */
    public record Wiring(String bootstrapServers, java.util.function.Function<String, String> jdbcUrl, String username,
                         String password, URI publicKey, boolean jsonLogs, List<String> extraOptions) {
    }

    /**
     * JVM options of every service start. {@code PerfDataSamplingInterval}: the JVM's watcher thread ("VM Periodic
     * Task") samples its performance counters every 50 ms by default, 20 wake-ups a second that cost an idle service
     * 0.25-0.30 % of a core on the development machine, the largest idle item after the JIT; every 5 s an idle service
     * uses 0.10-0.13 % less in all (its other threads wake colder). {@code jstat} and {@code jps} still work
     * (docs/benchmarks-idle.md). The Dockerfiles pass the same.
     */
    public static final List<String> IDLE_JVM_OPTIONS = List.of("-XX:PerfDataSamplingInterval=5000");

    /** The port offset of a service's second instance from its first (the third's is twice that, and so on). */
    public static final int INSTANCE_PORT_STEP = 10;

    /** One running copy of a service: index 0 is the first, which {@link #url(String)} names. */
    public record Instance(String service, int index) {
        /** {@code case-service} for the first, {@code case-service-2} for the second, and so on. */
        public String name() {
            return index == 0 ? service : service + "-" + (index + 1);
        }
    }

    private final Path repoRoot;
    private final Path logs;
    private final int httpPortBase;
    private final int instances;
    private final Wiring wiring;
    private final Map<Instance, Process> running = new LinkedHashMap<>();
    private final Map<Instance, Integer> restarts = new LinkedHashMap<>();
    private final Map<String, ClassDataArchive> archives = new LinkedHashMap<>();
    private boolean classDataArchives = true;
    private Thread supervisor;

    public ServiceProcesses(Path repoRoot, Path logs, int httpPortBase, Wiring wiring) {
        this(repoRoot, logs, httpPortBase, 1, wiring);
    }

    /**
     * @param instances copies of every service, each on its own port, sharing the service's database and consumer
     *                  group
     */
    public ServiceProcesses(Path repoRoot, Path logs, int httpPortBase, int instances, Wiring wiring) {
        if (instances < 1) {
            throw new IllegalArgumentException("at least one instance of each service");
        }
        this.repoRoot = repoRoot;
        this.logs = logs;
        this.httpPortBase = httpPortBase;
        this.instances = instances;
        this.wiring = wiring;
    }

    /**
     * Starts from now on without the services' class-data archives ({@link ClassDataArchive}), only with the JDK's
     * own: the start-up benchmark's baseline.
     */
    public synchronized ServiceProcesses withoutClassDataArchives() {
        classDataArchives = false;
        return this;
    }

    /** The class-data archive the service's starts use once it is written. */
    public Path classDataArchive(String service) {
        return archive(service).archive();
    }

    private synchronized ClassDataArchive archive(String service) {
        return archives.computeIfAbsent(service, s -> new ClassDataArchive(jar(s)));
    }

    private Path jar(String service) {
        return repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public int port(String service) {
        return port(new Instance(service, 0));
    }

    public int port(Instance instance) {
        return port(httpPortBase, instance);
    }

    /** Service {@code i} of {@link #SERVICES} listens on {@code base + i}, its next instances 10, 20 ... above. */
    public static int port(int httpPortBase, Instance instance) {
        int index = SERVICES.indexOf(instance.service());
        if (index < 0) {
            throw new IllegalArgumentException("unknown service " + instance.service() + "; known: " + SERVICES);
        }
        return httpPortBase + index + INSTANCE_PORT_STEP * instance.index();
    }

    /** Every HTTP port {@code instances} copies of {@code services} use from {@code httpPortBase}. */
    public static List<Integer> ports(int httpPortBase, List<String> services, int instances) {
        return instancesOf(services, instances).stream().map(i -> port(httpPortBase, i)).toList();
    }

    public String url(String service) {
        return url(new Instance(service, 0));
    }

    public String url(Instance instance) {
        return "http://127.0.0.1:" + port(instance);
    }

    public int instances() {
        return instances;
    }

    /** Every instance of these services, the first instances first. */
    public static List<Instance> instancesOf(List<String> services, int instances) {
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            for (String service : services) {
                all.add(new Instance(service, i));
            }
        }
        return all;
    }

    public List<Instance> instancesOf(String service) {
        return instancesOf(List.of(service), instances);
    }

    public static String databaseName(String service) {
        return service.replace('-', '_');
    }

    public synchronized void startAll() {
        startAll(SERVICES);
    }

    public synchronized void startAll(List<String> services) {
        for (String service : services) {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("unknown service " + service + "; known: " + SERVICES);
            }
        }
        services.forEach(this::start);
        services.forEach(s -> awaitHealthy(s, Duration.ofSeconds(120 * instances)));
    }

    /** Starts every instance of the service. */
    public synchronized void start(String service) {
        instancesOf(service).forEach(this::start);
    }

    public synchronized void start(Instance instance) {
        String service = instance.service();
        Path jar = jar(service);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(IDLE_JVM_OPTIONS);
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port(instance),
                "-Dkafka.bootstrap.servers=" + wiring.bootstrapServers(),
                "-Dquarkus.datasource.jdbc.url=" + wiring.jdbcUrl().apply(databaseName(service)),
                "-Dquarkus.datasource.username=" + wiring.username(),
                "-Dquarkus.datasource.password=" + wiring.password(),
                "-Dmp.jwt.verify.publickey.location=" + wiring.publicKey(),
                "-Dmp.jwt.verify.issuer=" + DevTokens.ISSUER,
                "-Dquarkus.log.console.json.enabled=" + wiring.jsonLogs(),
                "-Ddisable-axoniq-console-message=true",
                "-Daxoniq.update-checker.disabled=true"));
        if (classDataArchives) {
            command.addAll(archive(service).options(instance.name()));
        }
        command.addAll(wiring.extraOptions());
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(logs);
            running.put(instance, Watchdog.start(command, log(instance), "TERM"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path log(Instance instance) {
        return logs.resolve(instance.name() + ".log");
    }

    /** The errors and their causes from the end of the instance's log, so a build's output names why it stopped. */
    private String whyInLog(Instance instance) {
        try {
            List<String> lines = Files.readAllLines(log(instance), java.nio.charset.StandardCharsets.UTF_8);
            List<String> why = lines.subList(Math.max(0, lines.size() - 400), lines.size()).stream()
                    .filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by:"))
                    .toList();
            return why.isEmpty() ? "" : "; it logged:\n  " + String.join("\n  ", why.subList(Math.max(0, why.size() - 12),
                    why.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Stops every instance of one service the way an orchestrator would (SIGTERM, then a kill past 30 s). */
    public synchronized void stop(String service) {
        instancesOf(service).forEach(this::stop);
    }

    public synchronized void stop(Instance instance) {
        Process process = running.remove(instance);
        if (process != null) {
            Watchdog.stop(process, Duration.ofSeconds(30));
            finishArchive(instance, process);
        }
    }

    /** Keeps the class-data archive the ended JVM wrote, if it wrote a sound one. */
    private void finishArchive(Instance instance, Process process) {
        if (!process.isAlive()) {
            archive(instance.service()).finish(instance.name(), process.exitValue());
        }
    }

    /** SIGKILL to one instance, as a crash would end it; a {@link #superviseRestarts supervisor} starts it again. */
    public synchronized void kill(Instance instance) {
        Process process = running.get(instance);
        if (process != null) {
            Watchdog.kill(process);
        }
    }

    /** How often the supervisor restarted the instance. */
    public synchronized int restarts(Instance instance) {
        return restarts.getOrDefault(instance, 0);
    }

    /**
     * From now on an instance that died (not one stopped here) is started again, and {@code say} is told so; one
     * that dies again at once waits longer each time (1 s doubling to 30 s) before its next start.
     */
    public synchronized void superviseRestarts(java.util.function.Consumer<String> say) {
        if (supervisor != null) {
            return;
        }
        Map<Instance, Long> notBefore = new java.util.HashMap<>();
        Map<Instance, Long> startedAt = new java.util.HashMap<>();
        supervisor = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (this) {
                    long now = System.nanoTime();
                    for (Map.Entry<Instance, Process> entry : List.copyOf(running.entrySet())) {
                        Instance instance = entry.getKey();
                        Process process = entry.getValue();
                        startedAt.putIfAbsent(instance, now);
                        if (process.isAlive()) {
                            continue;
                        }
                        if (!notBefore.containsKey(instance)) {
                            int n = restarts.getOrDefault(instance, 0);
                            boolean diedAtOnce = now - startedAt.get(instance) < Duration.ofSeconds(30).toNanos();
                            long delay = diedAtOnce ? Math.min(30_000L, 1000L << Math.min(n, 5)) : 1000L;
                            notBefore.put(instance, now + delay * 1_000_000L);
                            say.accept(instance.name() + " died (exit code " + process.exitValue() + "; log "
                                    + log(instance) + "); restarting it in " + delay / 1000.0 + " s");
                        } else if (now >= notBefore.get(instance)) {
                            notBefore.remove(instance);
                            startedAt.put(instance, now);
                            restarts.merge(instance, 1, Integer::sum);
                            start(instance);
                            say.accept(instance.name() + " restarted (restart " + restarts.get(instance) + ")");
                        }
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "iiz-service-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Waits until every instance of the service answers ready. */
    public void awaitHealthy(String service, Duration timeout) {
        for (Instance instance : instancesOf(service)) {
            awaitHealthy(instance, timeout);
        }
    }

    public void awaitHealthy(Instance instance, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create(url(instance) + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process process;
            boolean supervised;
            synchronized (this) {
                process = running.get(instance);
                supervised = supervisor != null;
            }
            if (process == null || (!process.isAlive() && !supervised)) {
                throw new IllegalStateException(instance.name() + " stopped at start; see " + log(instance)
                        + whyInLog(instance));
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(instance.name() + " not healthy within " + timeout + "; see "
                        + log(instance));
            }
            PostgresServer.sleepQuietly(250);
        }
    }

    @Override
    public void close() {
        Thread watching;
        synchronized (this) {
            watching = supervisor;
            supervisor = null;
        }
        if (watching != null) {
            watching.interrupt();
            try {
                watching.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            running.values().forEach(p -> {
                try {
                    p.getOutputStream().close();
                } catch (IOException ignored) {
                    // the watchdog stops the service either way
                }
            });
            running.values().forEach(p -> Watchdog.stop(p, Duration.ofSeconds(30)));
            running.forEach(this::finishArchive);
            running.clear();
        }
    }
}
