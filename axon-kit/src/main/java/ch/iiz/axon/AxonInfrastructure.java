package ch.iiz.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The part of an Axon configuration every event-sourced service shares: transactions over JTA, the JDBC event
 * store and token store in the service's own PostgreSQL (tables created if missing), Jackson serialization,
 * command metadata copied onto events, and the Kafka outbox relay as a tracking processor that propagates errors
 * (Axon's default would log and skip, moving its token past an event it never sent).
 */
public final class AxonInfrastructure {

    /**
     * How often the event store reads the table unasked. In this JVM it is woken after every commit that appended
     * ({@link JtaEmbeddedEventStore}), so this bounds only how soon events appended by another instance of the
     * service reach this instance's relay (Axon's default 1 s: a read every second while idle).
     */
    static final Duration FETCH_DELAY = Duration.ofSeconds(5);
    /**
     * How long the relay waits for an event before it extends its token claim (one transaction each time; Axon's
     * default 1 s). The wait ends as soon as the store hands it an event, so this adds no latency.
     */
    static final Duration EVENT_AVAILABILITY_TIMEOUT = Duration.ofSeconds(4);
    /**
     * A claim not extended for this long may be taken by another instance: five extensions' margin, as Axon's
     * defaults keep (10 s over 1 s would be ten). Bounds how soon the other instance's relay takes over after a crash.
     */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(20);

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
        JdbcEventStorageEngine trackingReads = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .claimTimeout(CLAIM_TIMEOUT)
                .build();
        EventStoreSchema.ensure(dataSource);
        relay = new KafkaOutboxRelay(bootstrapServers, serviceName + "-outbox");
        hashes = new EventHashes(dataSource, storage);
        relay.chainWith(hashes);
        verifier = new ChainVerifier(serviceName, storage, hashes);
        anchors = new ChainAnchors(serviceName, dataSource, hashes, relay);
        configurer = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEventStore(c -> {
                    JtaEmbeddedEventStore store = new JtaEmbeddedEventStore(EmbeddedEventStore.builder()
                            .storageEngine(new TrackingReadsWithoutJta(storage, trackingReads))
                            .messageMonitor(c.messageMonitor(EmbeddedEventStore.class, "eventStore"))
                            .fetchDelay(FETCH_DELAY.toMillis()), jta);
                    c.onShutdown(store::shutDown);
                    return store;
                })
                .configureCorrelationDataProviders(c -> List.of(
                        new SimpleCorrelationDataProvider(EventMetadata.PROPAGATED.toArray(String[]::new))));
        configurer.eventProcessing(processing -> processing
                .registerTokenStore(c -> tokens)
                .registerTrackingEventProcessor(KafkaOutboxRelay.PROCESSOR, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(relayBatchSize)
                                .andEventAvailabilityTimeout(EVENT_AVAILABILITY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
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
