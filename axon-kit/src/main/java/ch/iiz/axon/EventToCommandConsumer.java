package ch.iiz.axon;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.service.access.Access;
import ch.iiz.service.kafka.BatchApplier;
import ch.iiz.service.kafka.BatchConsumer;
import ch.iiz.service.kafka.TransientFailures;
import ch.iiz.service.rules.RuleViolation;
import ch.iiz.service.store.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns events from another service's topic into commands on this service's aggregates, a poll at a time and exactly
 * once in effect: the poll's event ids are claimed in the same transaction as the commands' events, so a redelivery
 * changes nothing. One transaction per poll; an aggregate that takes a {@link CommandBatch}
 * ({@link #batchesPerAggregate}) gets the commands of all its events in the poll as one command, in their order, so
 * it is loaded and appended once per poll. A transient conflict (two appends racing) is retried a few times; while
 * the database is away the poll waits ({@link TransientFailures}); anything else that cannot be applied (unreadable
 * record, unknown case, a rule that refuses it) makes service-kit's {@link BatchApplier} apply the poll record by
 * record, so only that record goes to the dead-letter topic {@code iiz.dlq.<service>}, with the reason, and the
 * others are applied once. Types written by newer producers are skipped. Subclasses bind {@link #consume} with
 * {@code @Incoming} on a channel with {@code batch=true} ({@link BatchConsumer}).
 */
public abstract class EventToCommandConsumer<E extends IntegrationEvent> extends BatchConsumer {

    private static final Logger LOG = Logger.getLogger(EventToCommandConsumer.class);
    private static final int ATTEMPTS = 3;

    private final EventCodec codec = new EventCodec();

    @Inject
    protected CommandGateway gateway;
    @Inject
    protected ProcessedEvents processed;
    @Inject
    protected Access access;

    /** The sealed root of the topic's events. */
    protected abstract Class<E> root();

    /** Name under which processed event ids are kept. */
    protected abstract String consumerName();

    /**
     * The command for the event, or null when this service has nothing to do with it. Called inside the poll's
     * transaction, for redelivered events too.
     */
    protected abstract Object command(EventEnvelope<E> envelope);

    /**
     * Whether this service's aggregate takes the commands of one poll's events for it as one {@link CommandBatch}
     * inside a {@link TargetedCommand}; otherwise each command is sent on its own, in order, in the poll's transaction.
     */
    protected boolean batchesPerAggregate() {
        return false;
    }

    /** Applies the records in one transaction, or throws; a racing append is retried. */
    @Override
    protected final void applyAll(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope<E>> envelopes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                envelopes.add(codec.decode(new String(record.value() == null ? new byte[0] : record.value(),
                        StandardCharsets.UTF_8), root()));
            } catch (UnknownEventTypeException e) {
                LOG.debugf("skipping %s: written by a newer producer, not needed here", e.type());
            }
        }
        if (envelopes.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> applyInTransaction(envelopes));
                return;
            } catch (RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    throw e; // the database is away: BatchApplier applies the poll again after a pause
                }
                Throwable cause = unwrap(e);
                if (!(cause instanceof ConcurrencyException) || attempt == ATTEMPTS) {
                    throw new IllegalStateException(reason(envelopes, cause), cause);
                }
                LOG.debugf("retrying a poll of %d after %s", envelopes.size(), cause);
            }
        }
    }

    private record Pending<E extends IntegrationEvent>(EventEnvelope<E> envelope, Object command) {
        MetaData metaData() {
            return EventMetadata.of(envelope.actor(), envelope.correlationId(), envelope.eventId());
        }
    }

    private void applyInTransaction(List<EventEnvelope<E>> envelopes) {
        List<Pending<E>> pending = new ArrayList<>(envelopes.size());
        for (EventEnvelope<E> envelope : envelopes) {
            Object command = command(envelope);
            if (command != null) {
                pending.add(new Pending<>(envelope, command));
            }
        }
        Set<UUID> fresh = processed.claimAll(consumerName(), pending.stream().map(p -> p.envelope().eventId()).toList());
        Set<UUID> taken = new HashSet<>();
        List<Pending<E>> apply = pending.stream()
                .filter(p -> fresh.contains(p.envelope().eventId()) && taken.add(p.envelope().eventId())).toList();
        // every consumer of case events keeps the access rule's facts, with its other effects
        access.applyAll(apply.stream().filter(p -> p.envelope().payload() instanceof CaseEvent)
                .map(p -> new Access.Fact(p.envelope().caseId(), p.envelope().sequence(),
                        (CaseEvent) p.envelope().payload())).toList());
        if (!batchesPerAggregate()) {
            for (Pending<E> p : apply) {
                gateway.sendAndWait(GenericCommandMessage.asCommandMessage(p.command()).andMetaData(p.metaData()));
            }
            return;
        }
        // one command per aggregate, its events' commands in their order (a poll keeps the order within a case)
        Map<Object, List<Pending<E>>> byAggregate = new LinkedHashMap<>();
        for (Pending<E> p : apply) {
            Object key = p.command() instanceof TargetedCommand t && t.expectedVersion() == null ? t.aggregateId()
                    : new Object(); // not for one named aggregate: on its own
            byAggregate.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Object, List<Pending<E>>> entry : byAggregate.entrySet()) {
            List<Pending<E>> commands = entry.getValue();
            if (!(entry.getKey() instanceof String aggregateId)) {
                Pending<E> p = commands.get(0);
                gateway.sendAndWait(GenericCommandMessage.asCommandMessage(p.command()).andMetaData(p.metaData()));
                continue;
            }
            // the batch's message carries no metadata: each command's events take their own cause's
            CommandBatch batch = new CommandBatch(commands.stream().map(p -> new CommandBatch.Caused(
                    ((TargetedCommand) p.command()).command(), p.metaData())).toList());
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new TargetedCommand(aggregateId, null, batch)));
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause.getClass() == RuntimeException.class && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return CommandPath.unwrap(cause);
    }

    private String reason(List<EventEnvelope<E>> envelopes, Throwable cause) {
        if (envelopes.size() > 1) {
            return "a poll of " + envelopes.size() + " events: " + cause;
        }
        EventEnvelope<E> envelope = envelopes.get(0);
        String what = envelope.type() + " " + envelope.eventId() + " for case " + envelope.caseId() + ": ";
        if (cause instanceof RuleViolation v) {
            return what + v.reason();
        }
        if (cause instanceof AggregateNotFoundException) {
            return what + "no such case";
        }
        return what + cause;
    }
}
