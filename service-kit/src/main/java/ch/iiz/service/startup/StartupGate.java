package ch.iiz.service.startup;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Waits at start-up until the service's PostgreSQL accepts a connection and one of its Kafka brokers listens, with a
 * bounded back-off (0.5 s doubling to 8 s) and one console line per attempt, and gives up after
 * {@code iiz.startup.max-wait} (default 5 minutes) with exit code 1. Runs before Quarkus, so it reads the same
 * settings Quarkus will (system properties, environment, {@code application.properties}, the service-kit defaults)
 * through its own small configuration.
 */
public final class StartupGate {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(8);

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String bootstrapServers;
    private final Duration maxWait;

    StartupGate(String jdbcUrl, String username, String password, String bootstrapServers, Duration maxWait) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
        this.maxWait = maxWait;
    }

    static StartupGate fromConfig() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredConverters();
        URL application = StartupGate.class.getClassLoader().getResource("application.properties");
        if (application != null) {
            try {
                builder.withSources(new PropertiesConfigSource(application, 250));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SmallRyeConfig config = builder.build();
        return new StartupGate(config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(""),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""),
                config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse(null),
                config.getOptionalValue("iiz.startup.max-wait", Duration.class).orElse(Duration.ofMinutes(5)));
    }

    /** Returns once both answer; exits the JVM when they do not within the maximum wait. */
    void await() {
        long deadline = System.nanoTime() + maxWait.toNanos();
        if (jdbcUrl != null) {
            awaitOne("PostgreSQL at " + jdbcUrl, this::databaseProblem, deadline);
        }
        if (bootstrapServers != null) {
            awaitOne("Kafka at " + bootstrapServers, this::brokerProblem, deadline);
        }
    }

    /**
     * @param problem null when the dependency answers, otherwise why not
     */
    static void awaitOne(String what, Supplier<String> problem, long deadline) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String why = problem.get();
            if (why == null) {
                if (attempt > 1) {
                    say("INFO", String.format("%s answers after %d attempts; starting", what, attempt));
                }
                return;
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                say("ERROR", String.format("Gave up waiting for %s: %s", what, why));
                System.exit(1);
            }
            say("WARN", String.format("Waiting for %s (attempt %d, next in %.1f s): %s", what, attempt,
                    pause.toMillis() / 1000.0, why));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Straight to the console: Quarkus' logging holds records back until it is configured, which is later. */
    private static void say(String level, String line) {
        System.err.println(java.time.Instant.now() + " " + level + " [startup] " + line);
    }

    private String databaseProblem() {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        try (Connection ignored = new org.postgresql.Driver().connect(jdbcUrl, properties)) {
            return ignored == null ? "not a PostgreSQL URL" : null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** A broker that listens is enough here: the Kafka clients wait for the rest themselves. */
    private String brokerProblem() {
        List<String> refused = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            int colon = address.lastIndexOf(':');
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))), 3000);
                return null;
            } catch (IOException | RuntimeException e) {
                refused.add(address + ": " + e.getMessage());
            }
        }
        return String.join("; ", refused);
    }
}
