package ch.iiz.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The one command that runs the whole system on this machine: a real Kafka broker, a real PostgreSQL server and
 * the four services, with data kept under one folder between runs. Ctrl-C or SIGTERM stops everything; children
 * also stop when this JVM is killed outright, because each holds a pipe to it.
 *
 * <pre>
 * java -jar local-stack/target/local-stack-*.jar [--data-dir DIR] [--fresh] [--infra-only]
 *      [--kafka-port 9092] [--postgres-port 15432] [--http-port-base 8081]
 *      [--broker-process | --brokers 3] [--instances 2]
 * java -jar local-stack/target/local-stack-*.jar token INSTITUTION-ID   (prints a development token)
 * java -jar local-stack/target/local-stack-*.jar keys                   (writes the key and tokens.env, then exits)
 * </pre>
 */
public final class LocalRun {

    /** The services in start order, with their port offset from the base port. */
    static final List<String> SERVICES = ServiceProcesses.SERVICES;

    private final Options options;
    private ServiceProcesses services;
    private KafkaBroker broker;
    private KafkaCluster cluster;
    private PostgresServer postgres;

    LocalRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        // The in-process broker logs every setting at INFO; the run's own lines are what a user needs.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.tokenFor != null) {
            printToken(options);
            return;
        }
        if (options.keysOnly) {
            writeTokens(DevTokens.loadOrCreate(options.dataDir.resolve("keys")), options.dataDir.resolve("tokens.env"),
                    options.httpPortBase);
            say("Development key and tokens written to " + options.dataDir);
            return;
        }
        LocalRun run = new LocalRun(options);
        String conflict = run.portConflict();
        if (conflict != null) {
            System.err.println(conflict);
            System.exit(3);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.stop();
            stopped.countDown();
        }, "iiz-local-run-stop"));
        try {
            run.start();
        } catch (RuntimeException e) {
            System.err.println("Could not start: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String portConflict() {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(options.kafkaPort, "Kafka (--kafka-port)");
        wanted.put(options.kafkaPort + 1, "the Kafka controller (--kafka-port + 1)");
        List<Integer> clusterPorts = KafkaCluster.ports(options.kafkaPort, Math.max(1, options.brokers));
        for (int i = 2; i < clusterPorts.size(); i++) {
            wanted.put(clusterPorts.get(i), "Kafka node " + (i / 2 + 1) + " (--kafka-port + " + i + ")");
        }
        wanted.put(options.postgresPort, "PostgreSQL (--postgres-port)");
        if (!options.infraOnly) {
            for (ServiceProcesses.Instance instance : ServiceProcesses.instancesOf(SERVICES, options.instances)) {
                int port = ServiceProcesses.port(options.httpPortBase, instance);
                wanted.put(port, instance.name() + " (--http-port-base + " + (port - options.httpPortBase) + ")");
            }
        }
        for (Map.Entry<Integer, String> port : wanted.entrySet()) {
            if (!Ports.isFree(port.getKey())) {
                return "Port " + port.getKey() + " for " + port.getValue() + " is already in use. "
                        + "Stop whatever uses it (an earlier run?), or choose another port with the option named.";
            }
        }
        return null;
    }

    void start() {
        long started = System.nanoTime();
        Path data = options.dataDir;
        boolean firstRun;
        try {
            if (options.fresh) {
                PostgresServer.deleteRecursively(data);
            }
            firstRun = !Files.exists(data.resolve("postgres"));
            Files.createDirectories(data.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        say("Data folder: " + data);
        postgres = new PostgresServer(data.resolve("postgres"), options.postgresPort, true);
        if (options.brokers > 0) {
            // each its own JVM; a cluster keeps its logs apart from the in-process broker's
            cluster = new KafkaCluster(data.resolve(options.brokers == 1 ? "kafka-process" : "kafka-cluster-" + options.brokers),
                    options.kafkaPort, options.brokers, true, List.of());
        } else {
            broker = new KafkaBroker(data.resolve("kafka"), options.kafkaPort, options.kafkaPort + 1, true);
        }
        var pgUp = java.util.concurrent.CompletableFuture.runAsync(postgres::start);
        var kafkaUp = java.util.concurrent.CompletableFuture.runAsync(cluster != null ? cluster::start : broker::start);
        java.util.concurrent.CompletableFuture.allOf(pgUp, kafkaUp).join();
        say((cluster == null ? "Kafka broker up at " : "Kafka brokers (" + cluster.size() + " processes, replication factor "
                + replicationFactor() + ") up at ") + bootstrapServers() + ", PostgreSQL up at 127.0.0.1:" + postgres.port());
        RegistrySeed.seed(bootstrapServers(), replicationFactor());
        say("Institution registry seeded with the sample institutions (" + DevInstitution.all().size() + ")");
        for (String service : SERVICES) {
            postgres.createDatabase(databaseName(service));
        }
        DevTokens tokens = DevTokens.loadOrCreate(data.resolve("keys"));
        List<String> demoCases = List.of();
        java.time.Instant demoInstant = null;
        if (!options.infraOnly) {
            services = new ServiceProcesses(options.repoRoot, data.resolve("logs"), options.httpPortBase,
                    options.instances, new ServiceProcesses.Wiring(bootstrapServers(), postgres::jdbcUrl,
                    PostgresServer.USER, "", data.resolve("keys/dev-jwt-public.pem").toUri(), options.jsonLogs,
                    List.of("-Diiz.topics.replication-factor=" + replicationFactor())));
            services.startAll(options.services);
            services.superviseRestarts(LocalRun::say);
            say("Started " + String.join(", ", options.services)
                    + (options.instances > 1 ? " (" + options.instances + " instances each)" : "")
                    + "; logs in " + data.resolve("logs") + "; a service that dies is restarted");
            if (options.demo || (firstRun && !options.noDemo && options.services.equals(SERVICES))) {
                say("Loading the demo through the REST APIs (skip with --no-demo)...");
                try {
                    DemoData demo = new DemoData(tokens, options.httpPortBase, java.time.LocalDate.now());
                    demoCases = demo.load();
                    demoInstant = demo.beforeClose();
                    say("Demo loaded: " + demoCases.size() + " cases.");
                } catch (DemoData.DemoFailed e) {
                    say("The demo could not be loaded: " + e.getMessage());
                }
            }
        }
        printWelcome(tokens, Duration.ofNanos(System.nanoTime() - started), demoCases, demoInstant);
    }

    synchronized void stop() {
        if (services != null) {
            say("Stopping services...");
            services.close();
            services = null;
        }
        if (broker != null || cluster != null) {
            say("Stopping Kafka...");
            if (broker != null) {
                broker.close();
            } else {
                cluster.close();
            }
            broker = null;
            cluster = null;
        }
        if (postgres != null) {
            say("Stopping PostgreSQL...");
            postgres.close();
            postgres = null;
        }
        say("Stopped.");
    }

    private void printWelcome(DevTokens tokens, Duration took, List<String> demoCases, java.time.Instant demoInstant) {
        StringBuilder out = new StringBuilder("\n==== IIZ Casework is running (" + took.toMillis() / 1000.0 + " s) ====\n");
        if (!options.infraOnly) {
            for (ServiceProcesses.Instance instance : ServiceProcesses.instancesOf(SERVICES, options.instances)) {
                String base = "http://localhost:" + ServiceProcesses.port(options.httpPortBase, instance);
                out.append(String.format("%-18s %s   Swagger UI %s/q/swagger-ui   health %s/q/health%n",
                        instance.name(), base, base, base));
            }
        }
        out.append("Kafka              ").append(bootstrapServers())
                .append("   topics: kcat -b ").append(bootstrapServers()).append(" -L\n");
        out.append("                   read: kcat -b ").append(bootstrapServers())
                .append(" -C -t iiz.case.events -o beginning -e -f '%k %h %s\\n'\n");
        out.append("PostgreSQL         psql -h 127.0.0.1 -p ").append(postgres.port())
                .append(" -U postgres case_service   (databases: ")
                .append(String.join(", ", SERVICES.stream().map(LocalRun::databaseName).toList())).append(")\n");
        Path tokenFile = options.dataDir.resolve("tokens.env");
        Map<DevInstitution, String> minted = writeTokens(tokens, tokenFile, options.httpPortBase);
        out.append("\nDevelopment tokens (valid 12 h; also in ").append(tokenFile).append("):\n");
        minted.forEach((institution, token) -> {
            out.append(String.format("  %-16s %-45s roles %s%n", institution.id(), institution.description(),
                    institution.roles()));
            out.append("    ").append(token).append('\n');
        });
        if (!demoCases.isEmpty()) {
            String reporting = "http://localhost:" + (options.httpPortBase + 3);
            String sample = demoCases.get(0);
            out.append("\nDemo: ").append(demoCases.size()).append(" cases. Where to look (with the tokens below):\n")
                    .append("  KPIs           ").append(reporting).append("/kpis?canton=AG   (token AUDIT-IIZ or an institution)\n")
                    .append("  a closed case  http://localhost:").append(options.httpPortBase).append("/cases/")
                    .append(sample).append("   (token RAV-AG-AARAU)\n")
                    .append("  as the auditor ").append(reporting).append("/audit/cases/").append(sample)
                    .append("/state?asOf=").append(demoInstant)
                    .append("   (token AUDIT-IIZ)\n")
                    .append("  invoices       http://localhost:").append(options.httpPortBase + 2)
                    .append("/invoices   (token SD-AG-MENZIKEN)\n")
                    .append("  operations     ").append(reporting).append("/ops/topics   (token OPS-IIZ)\n")
                    .append("  Hessen courses http://localhost:").append(options.httpPortBase + 4)
                    .append("/courses   vacancies /vacancies   (token JC-HE-KASSEL)\n");
        }
        out.append("\nTry: source ").append(tokenFile).append(" && curl -H \"Authorization: Bearer $TOKEN_RAV_AG_AARAU\" "
                + "http://localhost:").append(options.httpPortBase).append("/me\n");
        out.append("Ctrl-C stops everything.\n");
        System.out.println(out);
    }

    /** Mints a token for every sample institution and writes them as shell variables TOKEN_&lt;ID&gt;. */
    static Map<DevInstitution, String> writeTokens(DevTokens tokens, Path tokenFile, int httpPortBase) {
        Map<DevInstitution, String> minted = new LinkedHashMap<>();
        StringBuilder env = new StringBuilder("# Development tokens (valid 12 h). source this file, then: "
                + "curl -H \"Authorization: Bearer $TOKEN_RAV_AG_AARAU\" http://localhost:" + httpPortBase + "/me\n");
        for (DevInstitution institution : DevInstitution.all()) {
            String token = tokens.mint(institution, Duration.ofHours(12));
            minted.put(institution, token);
            env.append("export TOKEN_").append(institution.id().replace('-', '_')).append('=').append(token).append('\n');
        }
        try {
            Files.createDirectories(tokenFile.getParent());
            Files.writeString(tokenFile, env);
            Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return minted;
    }

    private static void printToken(Options options) {
        DevTokens tokens = DevTokens.loadOrCreate(options.dataDir.resolve("keys"));
        DevInstitution institution = DevInstitution.all().stream()
                .filter(i -> i.id().equalsIgnoreCase(options.tokenFor)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown institution " + options.tokenFor
                        + "; known: " + DevInstitution.all().stream().map(DevInstitution::id).toList()));
        System.out.println(tokens.mint(institution, Duration.ofHours(12)));
    }

    static String databaseName(String service) {
        return ServiceProcesses.databaseName(service);
    }

    private String bootstrapServers() {
        return cluster != null ? cluster.bootstrapServers() : broker.bootstrapServers();
    }

    private int replicationFactor() {
        return cluster != null ? cluster.replicationFactor() : 1;
    }

    private static void say(String line) {
        System.out.println("[local-run] " + line);
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = "usage: local-run [--data-dir DIR] [--fresh] [--demo|--no-demo] [--infra-only] [--services a,b] [--json-logs] "
                + "[--kafka-port N] [--postgres-port N] [--http-port-base N] [--repo-root DIR] "
                + "[--broker-process | --brokers N] [--instances N]"
                + " | token INSTITUTION-ID [--data-dir DIR] | keys [--data-dir DIR]";
        Path dataDir = Path.of(".local-data").toAbsolutePath();
        Path repoRoot = Path.of("").toAbsolutePath();
        boolean fresh;
        boolean infraOnly;
        boolean jsonLogs;
        int kafkaPort = 9092;
        int postgresPort = 15432;
        int httpPortBase = 8081;
        String tokenFor;
        boolean keysOnly;
        boolean demo;
        List<String> services = SERVICES;
        boolean noDemo;
        /** 0: the broker runs inside this JVM; otherwise this many broker processes (3: a replicated cluster). */
        int brokers;
        /** Instances of every service, on ports 10 apart. */
        int instances = 1;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    case "--repo-root" -> o.repoRoot = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    case "--fresh" -> o.fresh = true;
                    case "--infra-only" -> o.infraOnly = true;
                    case "--json-logs" -> o.jsonLogs = true;
                    case "--kafka-port" -> o.kafkaPort = port(value(args, ++i, arg), arg);
                    case "--postgres-port" -> o.postgresPort = port(value(args, ++i, arg), arg);
                    case "--http-port-base" -> o.httpPortBase = port(value(args, ++i, arg), arg);
                    case "token" -> o.tokenFor = value(args, ++i, arg);
                    case "keys" -> o.keysOnly = true;
                    case "--demo" -> o.demo = true;
                    case "--services" -> o.services = List.of(value(args, ++i, arg).split(","));
                    case "--no-demo" -> o.noDemo = true;
                    case "--broker-process" -> o.brokers = Math.max(o.brokers, 1);
                    case "--brokers" -> o.brokers = count(value(args, ++i, arg), arg, 1, 9);
                    case "--instances" -> o.instances = count(value(args, ++i, arg), arg, 1, 9);
                    case "-h", "--help" -> throw new IllegalArgumentException("IIZ Casework local run");
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return o;
        }

        private static int count(String value, String option, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", not " + value);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String value, String option) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a port number 1-65535, not " + value);
            }
        }
    }
}
