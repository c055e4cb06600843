package ch.iiz.chaos;

import ch.iiz.localstack.DevTokens;
import ch.iiz.localstack.KafkaCluster;
import ch.iiz.localstack.Ports;
import ch.iiz.localstack.PostgresServer;
import ch.iiz.localstack.RegistrySeed;
import ch.iiz.localstack.ServiceProcesses;
import ch.iiz.localstack.TestInfrastructure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The system the chaos suite breaks: a PostgreSQL server, a Kafka cluster of three broker processes (replication
 * factor 3, min.insync.replicas 2) and two instances of every service, each instance's scheduled work on a short
 * period (handover expiry and automatic month close every few seconds, so both instances race for it), with the
 * local run's supervisor restarting any instance that dies.
 */
final class Topology implements AutoCloseable {

    static final int BROKERS = 3;
    static final int INSTANCES = 2;

    final Path root;
    final PostgresServer postgres;
    final KafkaCluster kafka;
    final DevTokens tokens;
    final ServiceProcesses services;
    final List<String> supervisorLog = new java.util.concurrent.CopyOnWriteArrayList<>();

    Topology() throws Exception {
        root = TestInfrastructure.createTempDirectory("chaos-");
        postgres = new PostgresServer(root.resolve("postgres"), Ports.free(1)[0], false);
        kafka = new KafkaCluster(root.resolve("kafka"), consecutiveFreePorts(23092, 2 * BROKERS), BROKERS, false,
                List.of("-Xmx200m"));
        CompletableFuture.allOf(CompletableFuture.runAsync(postgres::start), CompletableFuture.runAsync(kafka::start))
                .join();
        RegistrySeed.seed(kafka.bootstrapServers(), kafka.replicationFactor());
        ServiceProcesses.SERVICES.forEach(s -> postgres.createDatabase(ServiceProcesses.databaseName(s)));
        tokens = DevTokens.loadOrCreate(root.resolve("keys"));
        int base = consecutivePortBase();
        services = new ServiceProcesses(Path.of(System.getProperty("iiz.repo.root", "..")).toAbsolutePath().normalize(),
                Path.of(System.getProperty("iiz.chaos.logs", "target/chaos-logs")), base, INSTANCES,
                new ServiceProcesses.Wiring(kafka.bootstrapServers(), postgres::jdbcUrl, PostgresServer.USER, "",
                        root.resolve("keys/dev-jwt-public.pem").toUri(), false, List.of(
                        // small JVMs, C1 only: eight of them share two cores with three brokers
                        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                        "-Diiz.topics.replication-factor=" + kafka.replicationFactor(),
                        "-Diiz.referral.expiry-every=2s", "-Diiz.billing.auto-close-every=3s",
                        "-Diiz.ops.sample-every=5s")));
        services.startAll();
        services.superviseRestarts(supervisorLog::add);
    }

    Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(ServiceProcesses.databaseName(service)),
                PostgresServer.USER, "");
    }

    /** Every instance answers ready. */
    void awaitAllHealthy(Duration timeout) {
        for (ServiceProcesses.Instance instance : ServiceProcesses.instancesOf(ServiceProcesses.SERVICES, INSTANCES)) {
            services.awaitHealthy(instance, timeout);
        }
    }

    private static int consecutiveFreePorts(int from, int count) {
        for (int base = from; base < 60000; base += 100) {
            int b = base;
            if (IntStream.range(0, count).allMatch(i -> Ports.isFree(b + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " free ports in a row");
    }

    private static int consecutivePortBase() {
        for (int base = 22081; base < 60000; base += 100) {
            if (ServiceProcesses.ports(base, ServiceProcesses.SERVICES, INSTANCES).stream().allMatch(Ports::isFree)) {
                return base;
            }
        }
        throw new IllegalStateException("no free HTTP ports for the services");
    }

    @Override
    public void close() throws Exception {
        services.close();
        kafka.close();
        postgres.close();
    }
}
