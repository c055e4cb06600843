package ch.iiz.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One Kafka broker and one PostgreSQL server for the whole test JVM, started on first use (both in parallel) and
 * stopped when the JVM exits. Where a Docker engine answers, Testcontainers' Kafka and PostgreSQL are used instead.
 *
 * <p>Quarkus loads test resources anew for every application it starts (a test profile restarts it), so a static
 * field alone would start a second broker and database. The first start therefore publishes where everything is in
 * system properties, which every later class loader reads and reuses.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final String bootstrapServers;
    private final String jdbcUrlPrefix;
    private final String username;
    private final String password;
    private final java.util.function.Consumer<String> databaseCreator;
    private static final String PREFIX = "iiz.test.infra.";
    private final DevTokens tokens;
    private final String kind;

    private TestInfrastructure(String kind, String bootstrapServers, String jdbcUrlPrefix, String username,
                               String password, java.util.function.Consumer<String> databaseCreator, DevTokens tokens) {
        this.tokens = tokens;
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrlPrefix = jdbcUrlPrefix;
        this.username = username;
        this.password = password;
        this.databaseCreator = databaseCreator;
    }

    public static TestInfrastructure get() {
        synchronized (System.class) { // one lock for every class loader of this JVM
            if (instance == null) {
                if (System.getProperty(PREFIX + "bootstrap") != null) {
                    instance = fromSystemProperties();
                } else {
                    instance = publish(dockerAvailable() ? ContainerInfrastructure.start() : startLocal());
                    RegistrySeed.seed(instance.bootstrapServers()); // the sample institutions, as an admin would
                }
            }
            return instance;
        }
    }

    static TestInfrastructure create(String kind, String bootstrapServers, String jdbcUrlPrefix, String username,
                                     String password, java.util.function.Consumer<String> databaseCreator) {
        try {
            DevTokens tokens = DevTokens.loadOrCreate(createTempDirectory("iiz-test-keys-"));
            return new TestInfrastructure(kind, bootstrapServers, jdbcUrlPrefix, username, password, databaseCreator,
                    tokens);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestInfrastructure publish(TestInfrastructure infra) {
        System.setProperty(PREFIX + "kind", infra.kind);
        System.setProperty(PREFIX + "bootstrap", infra.bootstrapServers);
        System.setProperty(PREFIX + "jdbc-prefix", infra.jdbcUrlPrefix);
        System.setProperty(PREFIX + "username", infra.username);
        System.setProperty(PREFIX + "password", infra.password);
        System.setProperty(PREFIX + "keys", infra.tokens.keyDirectory().toString());
        return infra;
    }

    /** The broker and server another class loader of this JVM started. */
    private static TestInfrastructure fromSystemProperties() {
        String prefix = System.getProperty(PREFIX + "jdbc-prefix");
        String user = System.getProperty(PREFIX + "username");
        String password = System.getProperty(PREFIX + "password");
        return new TestInfrastructure(System.getProperty(PREFIX + "kind"), System.getProperty(PREFIX + "bootstrap"),
                prefix, user, password, database -> PostgresServer.createDatabase(prefix + "postgres", user, password, database),
                DevTokens.loadOrCreate(Path.of(System.getProperty(PREFIX + "keys"))));
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
            return create("local", broker.bootstrapServers(),
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
