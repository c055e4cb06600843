package ch.iiz.referral.axon;

import ch.iiz.axon.AxonInfrastructure;
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

/** Axon for referral-service: the per-case lead aggregate, its views in the command's transaction, the relay. */
@Startup
@Singleton
public class AxonSetup {

    private final AxonInfrastructure infrastructure;
    private final Configuration configuration;

    @Inject
    public AxonSetup(DataSource dataSource, jakarta.transaction.TransactionManager jta, ObjectMapper quarkusMapper,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "iiz.outbox.batch-size", defaultValue = "100") int batchSize) {
        infrastructure = new AxonInfrastructure(dataSource, jta, quarkusMapper, bootstrapServers, "referral-service",
                batchSize);
        LeadProjection views = new LeadProjection(dataSource);
        configuration = infrastructure.start(CaseLeadAggregate.class, LeadProjection.PROCESSOR, views);
    }

    @Produces
    @Singleton
    CommandGateway commandGateway() {
        return configuration.commandGateway();
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
