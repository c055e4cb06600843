package ch.iiz.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: points the service under test at the JVM's one real Kafka broker and PostgreSQL server,
 * in a database of its own (init arg {@code database}), and at the development token key.
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.createDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
        config.put("quarkus.datasource.username", infra.username());
        config.put("quarkus.datasource.password", infra.password());
        config.put("quarkus.devservices.enabled", "false");
        config.put("mp.jwt.verify.publickey", infra.tokens().publicKeyPem());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // The broker and server serve every test of this JVM; a shutdown hook stops them.
    }
}
