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
 * The services as child processes (their built {@code quarkus-run.jar}s), each under a watchdog so none outlives
 * this JVM. Used by the local run and by the end-to-end tests, which also stop and restart single services.
 */
public final class ServiceProcesses implements AutoCloseable {

    public static final List<String> SERVICES = List.of("case-service", "referral-service", "billing-service",
            "reporting-service", "placement-service");

    /** Where the services find Kafka, their databases and the key that verifies tokens. */
    public record Wiring(String bootstrapServers, java.util.function.Function<String, String> jdbcUrl, String username,
                         String password, URI publicKey, boolean jsonLogs, List<String> extraOptions) {
    }

    private final Path repoRoot;
    private final Path logs;
    private final int httpPortBase;
    private final Wiring wiring;
    private final Map<String, Process> running = new LinkedHashMap<>();

    public ServiceProcesses(Path repoRoot, Path logs, int httpPortBase, Wiring wiring) {
        this.repoRoot = repoRoot;
        this.logs = logs;
        this.httpPortBase = httpPortBase;
        this.wiring = wiring;
    }

    public int port(String service) {
        return httpPortBase + SERVICES.indexOf(service);
    }

    public String url(String service) {
        return "http://127.0.0.1:" + port(service);
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
        services.forEach(s -> awaitHealthy(s, Duration.ofSeconds(120)));
    }

    public synchronized void start(String service) {
        Path jar = repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port(service),
                "-Dkafka.bootstrap.servers=" + wiring.bootstrapServers(),
                "-Dquarkus.datasource.jdbc.url=" + wiring.jdbcUrl().apply(databaseName(service)),
                "-Dquarkus.datasource.username=" + wiring.username(),
                "-Dquarkus.datasource.password=" + wiring.password(),
                "-Dmp.jwt.verify.publickey.location=" + wiring.publicKey(),
                "-Dmp.jwt.verify.issuer=" + DevTokens.ISSUER,
                "-Dquarkus.log.console.json.enabled=" + wiring.jsonLogs(),
                "-Ddisable-axoniq-console-message=true",
                "-Daxoniq.update-checker.disabled=true"));
        command.addAll(wiring.extraOptions());
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(logs);
            running.put(service, Watchdog.start(command, logs.resolve(service + ".log"), "TERM"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops one service the way an orchestrator would (SIGTERM, then a kill past 30 s). */
    public synchronized void stop(String service) {
        Process process = running.remove(service);
        if (process != null) {
            Watchdog.stop(process, Duration.ofSeconds(30));
        }
    }

    public void awaitHealthy(String service, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create(url(service) + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process process = running.get(service);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(service + " stopped at start; see " + logs.resolve(service + ".log"));
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " not healthy within " + timeout + "; see "
                        + logs.resolve(service + ".log"));
            }
            PostgresServer.sleepQuietly(250);
        }
    }

    @Override
    public synchronized void close() {
        running.values().forEach(p -> {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // the watchdog stops the service either way
            }
        });
        running.values().forEach(p -> Watchdog.stop(p, Duration.ofSeconds(30)));
        running.clear();
    }
}
