package ch.iiz.localstack;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;


/** The Docker path of {@link TestInfrastructure}; loaded only when Testcontainers is on the class path. */
final class ContainerInfrastructure {

    private ContainerInfrastructure() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static TestInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion())
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        kafka.start();
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgres.stop();
        }, "iiz-test-containers-stop"));
        String prefix = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/";
        return TestInfrastructure.create("testcontainers", kafka.getBootstrapServers(), prefix,
                postgres.getUsername(), postgres.getPassword(), database -> PostgresServer.createDatabase(
                        prefix + "postgres", postgres.getUsername(), postgres.getPassword(), database));
    }
}
