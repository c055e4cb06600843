package ch.iiz.cases.axon;

import ch.iiz.cases.query.CaseSummaryProjection;
import ch.iiz.events.codec.EventCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.json.JacksonSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;

/**
 * Axon 4 inside Quarkus, without Spring or Axon Server: the case aggregate on a JDBC event store in this service's
 * PostgreSQL, a subscribing projection in the command's transaction, and the tracking processor that relays events
 * to Kafka. Built and started once, eagerly, and shut down with the application.
 */
@Startup
@Singleton
public class AxonSetup {

    private final Configuration configuration;
    private final CaseEventPublisher publisher;

    @Inject
    public AxonSetup(DataSource dataSource, jakarta.transaction.TransactionManager jta, ObjectMapper quarkusMapper,
                     @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "iiz.outbox.batch-size", defaultValue = "100") int batchSize) {
        TransactionManager transactions = new JtaAxonTransactionManager(jta);
        DataSourceConnectionProvider connections = new DataSourceConnectionProvider(dataSource);
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(quarkusMapper.copy())
                .lenientDeserialization()
                .build();
        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .build();
        transactions.executeInTransaction(() -> {
            storage.createSchema(PostgresEventTableFactory.INSTANCE);
            tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        });

        publisher = new CaseEventPublisher(bootstrapServers, new EventCodec());
        CaseSummaryProjection summaries = new CaseSummaryProjection(dataSource);

        configuration = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> storage)
                .configureCorrelationDataProviders(c -> java.util.List.of(
                        new SimpleCorrelationDataProvider(EventMetadata.PROPAGATED.toArray(String[]::new))))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(CaseAggregate.class))
                .eventProcessing(processing -> processing
                        .registerTokenStore(c -> tokens)
                        .registerSubscribingEventProcessor(CaseSummaryProjection.PROCESSOR)
                        .registerEventHandler(c -> summaries)
                        .registerListenerInvocationErrorHandler(CaseSummaryProjection.PROCESSOR,
                                c -> PropagatingErrorHandler.instance())
                        .registerTrackingEventProcessor(CaseEventPublisher.PROCESSOR, c -> c.eventStore(),
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andBatchSize(batchSize))
                        .registerEventHandler(c -> publisher)
                        .registerListenerInvocationErrorHandler(CaseEventPublisher.PROCESSOR,
                                c -> PropagatingErrorHandler.instance()))
                .buildConfiguration();
        configuration.start();
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
        publisher.close();
    }
}
