package ch.iiz.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;

/**
 * Axon 4 inside Quarkus, without Spring or Axon Server: the service's aggregate on the JDBC event store in its own
 * PostgreSQL, its projection in the command's transaction, and the outbox relay to Kafka. Built and started once,
 * eagerly, and shut down with the application.
 */
@Startup
@Singleton
public class AxonRuntime {

    private final AxonInfrastructure infrastructure;
    private final Configuration configuration;

    @Inject
    public AxonRuntime(AxonModel model, DataSource dataSource, jakarta.transaction.TransactionManager jta,
                       ObjectMapper quarkusMapper, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "iiz.outbox.batch-size", defaultValue = "100") int batchSize) {
        infrastructure = new AxonInfrastructure(dataSource, jta, quarkusMapper, bootstrapServers, model.serviceName(),
                batchSize);
        configuration = infrastructure.start(model.aggregates(), model.projectionProcessor(),
                model.projection().apply(dataSource));
    }

    @Produces
    @Singleton
    CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    @Produces
    @Singleton
    ChainVerifier chainVerifier() {
        return infrastructure.verifier();
    }

    @Produces
    @Singleton
    ChainAnchors chainAnchors() {
        return infrastructure.anchors();
    }

    @Produces
    @Singleton
    EventStore eventStore() {
        return configuration.eventStore();
    }

    public Configuration configuration() {
        return configuration;
    }

    @PreDestroy
    void stop() {
        configuration.shutdown();
        infrastructure.close();
    }
}
