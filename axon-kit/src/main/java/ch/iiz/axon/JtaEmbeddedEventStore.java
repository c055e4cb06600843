package ch.iiz.axon;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Axon's embedded event store, woken when the JTA transaction that appended events has committed.
 *
 * <p>Axon wakes its producer thread (which feeds the tracking processors, e.g. the outbox relay) when the unit of
 * work commits. Here a command's unit of work usually joins a JTA transaction begun around it (idempotency record,
 * processed-event claim), which commits only afterwards: woken then, the producer reads before the events are
 * visible and finds them only at its next periodic fetch. Waking it once more after the JTA commit delivers the
 * events at once, so the periodic fetch is left only for events other instances append (and can be rare).
 */
final class JtaEmbeddedEventStore extends EmbeddedEventStore {

    private static final Logger LOG = Logger.getLogger(JtaEmbeddedEventStore.class);

    private final TransactionManager jta;

    JtaEmbeddedEventStore(Builder builder, TransactionManager jta) {
        super(builder);
        this.jta = jta;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events); // enough when the unit of work owned its transaction: already committed
        try {
            Transaction transaction = jta.getTransaction();
            if (transaction != null && transaction.getStatus() == Status.STATUS_ACTIVE) {
                transaction.registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            JtaEmbeddedEventStore.super.afterCommit(events);
                        }
                    }
                });
            }
        } catch (Exception e) {
            // the periodic fetch still finds the events
            LOG.debugf("cannot wake the event store after the commit: %s", e);
        }
    }
}
