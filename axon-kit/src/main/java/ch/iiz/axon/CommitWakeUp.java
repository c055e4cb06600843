package ch.iiz.axon;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a wake-up once the caller's writes are visible to other connections: at once when no JTA transaction is active
 * (the unit of work committed its own), otherwise once per transaction, after it commits, however many units of work
 * it held; never after a rollback (nothing new to read).
 */
final class CommitWakeUp {

    private static final Logger LOG = Logger.getLogger(CommitWakeUp.class);

    private final TransactionManager jta;
    /** Transactions that already hold a wake-up; removed when they complete. */
    private final Set<Transaction> pending = ConcurrentHashMap.newKeySet();

    CommitWakeUp(TransactionManager jta) {
        this.jta = jta;
    }

    void afterCommit(Runnable wake) {
        Transaction transaction;
        try {
            transaction = jta.getTransaction();
            if (transaction == null || transaction.getStatus() != Status.STATUS_ACTIVE) {
                wake.run();
                return;
            }
        } catch (Exception e) {
            wake.run();
            return;
        }
        if (!pending.add(transaction)) {
            return; // this transaction already wakes it once
        }
        try {
            transaction.registerSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    pending.remove(transaction);
                    if (status == Status.STATUS_COMMITTED) {
                        wake.run();
                    }
                }
            });
        } catch (Exception e) {
            pending.remove(transaction);
            // the periodic fetch still finds the events
            LOG.debugf("cannot wake the event store after the commit: %s", e);
        }
    }
}
