package ch.iiz.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One Kafka broker and one PostgreSQL server for the whole test JVM, started on first use (both in parallel) and
 * stopped when the JVM exits. Where a Docker engine answers, Testcontainers' Kafka and PostgreSQL are used instead.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final String bootstrapServers;
    private final String jdbcUrlPrefix;
    private final String username;
    private final String password;
    private final java.util.function.Consumer<String> databaseCreator;
    private final DevTokens tokens = DevTokens.generate();
    private final String kind;

    private TestInfrastructure(String kind, String bootstrapServers, String jdbcUrlPrefix, String username,
                               String password, java.util.function.Consumer<String> databaseCreator) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrlPrefix = jdbcUrlPrefix;
        this.username = username;
        this.password = password;
        this.databaseCreator = databaseCreator;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = dockerAvailable() ? ContainerInfrastructure.start() : startLocal();
        }
        return instance;
    }

    static TestInfrastructure create(String kind, String bootstrapServers, String jdbcUrlPrefix, String username,
                                     String password, java.util.function.Consumer<String> databaseCreator) {
        return new TestInfrastructure(kind, bootstrapServers, jdbcUrlPrefix, username, password, databaseCreator);
    }

    private static TestInfrastructure startLocal() {
        try {
            Path root = createTempDirectory("iiz-test-infra-");
            int[] ports = Ports.free(3);
            KafkaBroker broker = new KafkaBroker(root.resolve("kafka"), ports[0], ports[1], false);
            PostgresServer postgres = new PostgresServer(root.resolve("postgres"), ports[2], false);
            CompletableFuture<Void> kafkaUp = CompletableFuture.runAsync(broker::start);
            CompletableFuture<Void> postgresUp = CompletableFuture.runAsync(postgres::start);
            CompletableFuture.allOf(kafkaUp, postgresUp).join();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                postgres.close();
                try {
                    PostgresServer.deleteRecursively(root);
                } catch (java.io.IOException ignored) {
                    // temp files under target/ go with the next clean
                }
            }, "iiz-test-infra-stop"));
            return new TestInfrastructure("local", broker.bootstrapServers(),
                    "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", PostgresServer.USER, "",
                    postgres::createDatabase);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A fresh folder under java.io.tmpdir, which the build points into target/ and may not have created yet. */
    public static Path createTempDirectory(String prefix) throws java.io.IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, prefix);
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("iiz.test.no-docker")) {
            return false;
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            return false;
        }
        return ContainerInfrastructure.dockerAvailable();
    }

    /** "local" (broker and server started here) or "testcontainers". */
    public String kind() {
        return kind;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl(String database) {
        return jdbcUrlPrefix + database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public void createDatabase(String database) {
        databaseCreator.accept(database);
    }

    public DevTokens tokens() {
        return tokens;
    }
}
