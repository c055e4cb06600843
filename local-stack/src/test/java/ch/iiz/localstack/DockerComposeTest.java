package ch.iiz.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml runs the same system as the local run: same services, ports and databases. */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void compose_has_the_services_ports_and_databases_of_the_local_run() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.path("services");
        LocalRun.Options defaults = LocalRun.Options.parse(new String[0]);

        assertThat(ports(services.path("kafka"))).contains(defaults.kafkaPort + ":9092");
        assertThat(ports(services.path("postgres"))).contains(defaults.postgresPort + ":5432");
        String initSql = Files.readString(ROOT.resolve("docker/postgres/init-databases.sql"));
        for (int i = 0; i < LocalRun.SERVICES.size(); i++) {
            String name = LocalRun.SERVICES.get(i);
            JsonNode service = services.path(name);
            int port = defaults.httpPortBase + i;
            assertThat(service.isMissingNode()).as(name).isFalse();
            assertThat(ports(service)).as(name).containsExactly(port + ":" + port);
            assertThat(service.at("/environment/QUARKUS_HTTP_PORT").asText()).isEqualTo(Integer.toString(port));
            assertThat(service.at("/environment/QUARKUS_DATASOURCE_JDBC_URL").asText())
                    .endsWith("/" + LocalRun.databaseName(name));
            assertThat(service.at("/healthcheck/test").toString()).contains("/q/health/ready");
            assertThat(ROOT.resolve(name).resolve(service.at("/build/dockerfile").asText())).exists();
            assertThat(initSql).contains("create database " + LocalRun.databaseName(name) + ";");
        }
        assertThat(services.has("kafka-ui")).isTrue();
        assertThat(services.at("/kafka/environment/KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    }

    private static List<String> ports(JsonNode service) {
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }
}
