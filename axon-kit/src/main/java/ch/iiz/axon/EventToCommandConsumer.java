package ch.iiz.axon;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.service.access.Access;
import ch.iiz.service.kafka.TransientFailures;
import ch.iiz.service.rules.RuleViolation;
import ch.iiz.service.store.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Turns events from another service's topic into commands on this service's aggregates, exactly once in effect: the
 * event id is claimed in the same transaction as the command's events, so a redelivery changes nothing. A transient
 * conflict (two appends racing) is retried a few times; anything else that cannot be applied (unreadable record,
 * unknown case, a rule that refuses it) is thrown, and the connector's dead-letter queue takes the record with the
 * reason. Types written by newer producers are skipped. Subclasses bind {@link #consume} with {@code @Incoming}.
 */
public abstract class EventToCommandConsumer<E extends IntegrationEvent> {

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

    /** The command for the event, or null when this service has nothing to do with it. */
    protected abstract Object command(EventEnvelope<E> envelope);

    protected void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<E> envelope;
        try {
            envelope = codec.decode(new String(record.value() == null ? new byte[0] : record.value(),
                    StandardCharsets.UTF_8), root());
        } catch (UnknownEventTypeException e) {
            LOG.debugf("skipping %s: written by a newer producer, not needed here", e.type());
            return;
        }
        Object command = command(envelope);
        if (command == null) {
            return;
        }
        long transientDeadline = System.nanoTime() + TransientFailures.MAX_WAIT.toNanos();
        long pause = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (processed.claim(consumerName(), envelope.eventId())) {
                        if (envelope.payload() instanceof CaseEvent event) {
                            // every consumer of case events keeps the access rule's facts, with its other effects
                            access.apply(envelope.caseId(), envelope.sequence(), event);
                        }
                        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                                EventMetadata.of(envelope.actor(), envelope.correlationId(), envelope.eventId())));
                    }
                });
                return;
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                if (TransientFailures.isTransient(e) && System.nanoTime() < transientDeadline) {
                    // the database is away: the same record again after a pause (the claim keeps it exactly once)
                    LOG.warnf("applying %s failed for now, again in %d ms: %s", envelope.eventId(), pause, e.getMessage());
                    sleep(pause);
                    pause = Math.min(pause * 2, 5000);
                    attempt--;
                    continue;
                }
                if (!(cause instanceof ConcurrencyException) || attempt == ATTEMPTS) {
                    throw new IllegalStateException(reason(envelope, cause), cause);
                }
                LOG.debugf("retrying %s after %s", envelope.eventId(), cause);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause.getClass() == RuntimeException.class && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return CommandPath.unwrap(cause);
    }

    private String reason(EventEnvelope<?> envelope, Throwable cause) {
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
