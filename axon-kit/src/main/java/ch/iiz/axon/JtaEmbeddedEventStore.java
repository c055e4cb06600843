package ch.iiz.axon;

import jakarta.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, woken when the events it appended are visible: after the JTA transaction commits.
 *
 * <p>Axon wakes its producer thread (which feeds the tracking processors, e.g. the outbox relay) when the unit of
 * work commits. Here a unit of work usually joins a JTA transaction begun around it (idempotency record, a poll's
 * claims, several aggregates' commands), which commits only afterwards: woken then, the producer would read before
 * the events are visible, and a poll of N aggregates would wake it N times for nothing. {@link CommitWakeUp} wakes it
 * once per transaction, after the commit; the periodic fetch is left for events other instances append.
 */
final class JtaEmbeddedEventStore extends EmbeddedEventStore {

    private final CommitWakeUp wakeUp;

    JtaEmbeddedEventStore(Builder builder, TransactionManager jta) {
        super(builder);
        this.wakeUp = new CommitWakeUp(jta);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        wakeUp.afterCommit(() -> super.afterCommit(events));
    }
}
