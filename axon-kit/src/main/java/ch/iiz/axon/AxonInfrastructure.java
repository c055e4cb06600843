package ch.iiz.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.sql.DataSource;
import java.util.List;

/**
 * The part of an Axon configuration every event-sourced service shares: transactions over JTA, the JDBC event
 * store and token store in the service's own PostgreSQL (tables created if missing), Jackson serialization,
 * command metadata copied onto events, and the Kafka outbox relay as a tracking processor that propagates errors
 * (Axon's default would log and skip, moving its token past an event it never sent).
 */
public final class AxonInfrastructure {

    private final TransactionManager transactions;
    private final KafkaOutboxRelay relay;
    private final Configurer configurer;
    private final EventHashes hashes;
    private final ChainVerifier verifier;
    private final ChainAnchors anchors;

    public AxonInfrastructure(DataSource dataSource, jakarta.transaction.TransactionManager jta,
                              ObjectMapper quarkusMapper, String bootstrapServers, String serviceName, int relayBatchSize) {
        transactions = new JtaAxonTransactionManager(jta);
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
        relay = new KafkaOutboxRelay(bootstrapServers, serviceName + "-outbox");
        hashes = new EventHashes(dataSource, storage);
        relay.chainWith(hashes);
        verifier = new ChainVerifier(serviceName, storage, hashes);
        anchors = new ChainAnchors(serviceName, dataSource, hashes, relay);
        configurer = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> storage)
                .configureCorrelationDataProviders(c -> List.of(
                        new SimpleCorrelationDataProvider(EventMetadata.PROPAGATED.toArray(String[]::new))));
        configurer.eventProcessing(processing -> processing
                .registerTokenStore(c -> tokens)
                .registerTrackingEventProcessor(KafkaOutboxRelay.PROCESSOR, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(relayBatchSize))
                .registerEventHandler(c -> relay)
                .registerListenerInvocationErrorHandler(KafkaOutboxRelay.PROCESSOR, c -> PropagatingErrorHandler.instance()));
    }

    /** Add the service's aggregates and processors, then build and start. */
    public Configurer configurer() {
        return configurer;
    }

    /**
     * The usual shape of a service here: one aggregate, and one projection kept in the command's own transaction
     * (a subscribing processor whose errors roll the command back), and beside it the chain hashes of the events
     * ({@link EventHashes}, {@code event_hash}), also in the command's transaction. Builds and starts the
     * configuration.
     */
    public org.axonframework.config.Configuration start(Class<?> aggregate, String projectionProcessor,
                                                         Object projection) {
        return start(List.of(aggregate), projectionProcessor, projection);
    }

    /** {@link #start(Class, String, Object)} for a service with several aggregates (placement: courses, vacancies). */
    public org.axonframework.config.Configuration start(List<Class<?>> aggregates, String projectionProcessor,
                                                         Object projection) {
        CommandTargets targets = new CommandTargets();
        for (Class<?> aggregate : aggregates) {
            configurer.configureAggregate(org.axonframework.config.AggregateConfigurer.defaultConfiguration(aggregate)
                    .configureCommandTargetResolver(c -> targets));
        }
        org.axonframework.config.Configuration configuration = configurer
                .eventProcessing(processing -> processing
                        .registerSubscribingEventProcessor(projectionProcessor)
                        .registerEventHandler(c -> projection)
                        .registerListenerInvocationErrorHandler(projectionProcessor, c -> PropagatingErrorHandler.instance())
                        .registerSubscribingEventProcessor(EventHashes.PROCESSOR)
                        .registerEventHandler(c -> hashes)
                        .registerListenerInvocationErrorHandler(EventHashes.PROCESSOR, c -> PropagatingErrorHandler.instance()))
                .buildConfiguration();
        configuration.start();
        return configuration;
    }

    public EventHashes hashes() {
        return hashes;
    }

    public ChainVerifier verifier() {
        return verifier;
    }

    public ChainAnchors anchors() {
        return anchors;
    }

    public TransactionManager transactions() {
        return transactions;
    }

    /** Closes the relay's producer; call after the configuration shut down. */
    public void close() {
        relay.close();
    }
}
