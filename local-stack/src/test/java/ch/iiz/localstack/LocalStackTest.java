package ch.iiz.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalStackTest {

    @Test
    void the_broker_and_the_database_serve_real_clients() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.createDatabase("probe");
        infra.createDatabase("probe"); // idempotent
        try (var connection = DriverManager.getConnection(infra.jdbcUrl("probe"), infra.username(), infra.password());
             var statement = connection.createStatement()) {
            statement.execute("create table t (id int primary key)");
            statement.execute("insert into t values (42)");
            ResultSet rs = statement.executeQuery("select id, version() from t");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }

        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic("probe", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("probe", "case-1", "hello")).get(30, TimeUnit.SECONDS);
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("probe"));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received.get(0).key()).isEqualTo("case-1");
            assertThat(received.get(0).value()).isEqualTo("hello");
        }
    }

    @Test
    void topics_are_never_auto_created() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000), new StringSerializer(), new StringSerializer())) {
            try {
                producer.send(new ProducerRecord<>("never-created", "k", "v")).get(5, TimeUnit.SECONDS);
            } catch (Exception expected) {
                // the broker refuses to create it
            }
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("never-created");
        }
    }

    /** The local run's promise: kill -9 of the JVM leaves no PostgreSQL (nor anything else) behind. */
    @Test
    void nothing_outlives_a_jvm_killed_with_sigkill() throws Exception {
        Path data = TestInfrastructure.createTempDirectory("iiz-kill-test-");
        int kafkaPort = Ports.free(1)[0];
        while (!KafkaCluster.ports(kafkaPort, 1).stream().allMatch(Ports::isFree)) {
            kafkaPort += 10; // the broker's port and its controller's (+ 1), which the local run checks before it starts
        }
        int postgresPort = Ports.free(1)[0];
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRun.class.getName(), "--infra-only",
                "--data-dir", data.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--postgres-port", Integer.toString(postgresPort))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream()))) {
            StringBuilder printed = new StringBuilder();
            String line;
            boolean up = false;
            while (!up && (line = out.readLine()) != null) {
                printed.append(line).append('\n');
                up = line.contains("IIZ Casework is running");
            }
            assertThat(up).as("local run came up; it printed:%n%s", printed).isTrue();
            assertThat(processesUsing(data)).as("postgres runs for the local run").isNotEmpty();
            assertThat(Files.readString(data.resolve("tokens.env"))).contains("TOKEN_RAV_AG_AARAU=");

            run.destroyForcibly(); // SIGKILL: no shutdown hook runs
            run.waitFor(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(processesUsing(data)).isEmpty());
            assertThat(Ports.isFree(postgresPort)).isTrue();
        } finally {
            run.destroyForcibly();
            PostgresServer.deleteRecursively(data);
        }
    }

    /**
     * Three brokers, each its own process: a record is acknowledged by the cluster while one broker is dead (killed
     * with SIGKILL), the killed broker comes back and catches up, and a SIGKILL of the runner leaves none behind.
     */
    @Test
    void a_three_broker_cluster_survives_a_killed_broker_and_dies_with_its_runner() throws Exception {
        Path data = TestInfrastructure.createTempDirectory("iiz-cluster-test-");
        int first = Ports.free(1)[0];
        while (!KafkaCluster.ports(first, 3).stream().allMatch(Ports::isFree)) {
            first += 10;
        }
        try (KafkaCluster cluster = new KafkaCluster(data.resolve("kafka"), first, 3, false, List.of())) {
            cluster.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
                 var producer = new KafkaProducer<>(Map.<String, Object>of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                         ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic("replicated", 3, (short) cluster.replicationFactor())))
                        .all().get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("replicated", "k", "before")).get(30, TimeUnit.SECONDS);
                cluster.kill(0);
                assertThat(cluster.isAlive(0)).isFalse();
                for (int i = 0; i < 10; i++) { // every partition, whichever broker led it
                    producer.send(new ProducerRecord<>("replicated", "k" + i, "while one is dead")).get(60, TimeUnit.SECONDS);
                }
                cluster.start(0);
                cluster.awaitReady(Duration.ofSeconds(90)); // back in every in-sync replica set
                var isr = admin.describeTopics(List.of("replicated")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("replicated").partitions().get(0).isr();
                assertThat(isr).hasSize(3);
            }
        }
        assertThat(processesUsing(data)).as("no broker left after a clean stop").isEmpty();

        int kafkaPort = first;
        int postgresPort = Ports.free(1)[0];
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRun.class.getName(), "--infra-only", "--brokers", "3",
                "--data-dir", data.toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--postgres-port", Integer.toString(postgresPort))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream()))) {
            StringBuilder printed = new StringBuilder();
            String line;
            boolean up = false;
            while (!up && (line = out.readLine()) != null) {
                printed.append(line).append('\n');
                up = line.contains("IIZ Casework is running");
            }
            assertThat(up).as("local run came up; it printed:%n%s", printed).isTrue();
            assertThat(processesUsing(data).stream()
                    .filter(p -> p.contains(KafkaBroker.class.getName()) && !p.startsWith("sh ")))
                    .as("three broker processes").hasSize(3);
            run.destroyForcibly();
            run.waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(processesUsing(data)).isEmpty());
        } finally {
            run.destroyForcibly();
            try {
                PostgresServer.deleteRecursively(data);
            } catch (java.io.IOException e) {
                // whatever is left goes with target/; the assertion above says why
            }
        }
    }

    /** Full command lines from /proc: a broker's carries a class path long enough to be cut short elsewhere. */
    private static List<String> processesUsing(Path data) {
        return ProcessHandle.allProcesses()
                .map(p -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")))
                                .replace('\0', ' ');
                    } catch (java.io.IOException | RuntimeException e) {
                        return ""; // ended meanwhile
                    }
                })
                .filter(cmd -> cmd.contains(data.toString()))
                .toList();
    }
}
