package ch.iiz.axon;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's transactions on top of the JTA transaction manager, so the event append, the token update and our own JDBC
 * writes (processed ids, idempotency keys, the read model) commit or roll back together. Joins a transaction that is
 * already active instead of nesting; on rollback of a joined one it only marks it rollback-only.
 */
public final class JtaAxonTransactionManager implements TransactionManager {

    private final jakarta.transaction.TransactionManager jta;

    public JtaAxonTransactionManager(jakarta.transaction.TransactionManager jta) {
        this.jta = jta;
    }

    @Override
    public Transaction startTransaction() {
        try {
            boolean owner = jta.getStatus() == Status.STATUS_NO_TRANSACTION;
            if (owner) {
                jta.begin();
            }
            return new Transaction() {
                @Override
                public void commit() {
                    if (!owner) {
                        return;
                    }
                    try {
                        if (jta.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                            jta.rollback();
                            throw new IllegalStateException("transaction was marked rollback-only");
                        }
                        jta.commit();
                    } catch (Exception e) {
                        throw e instanceof RuntimeException r ? r : new IllegalStateException("commit failed", e);
                    }
                }

                @Override
                public void rollback() {
                    try {
                        if (owner) {
                            jta.rollback();
                        } else if (jta.getStatus() == Status.STATUS_ACTIVE) {
                            jta.setRollbackOnly();
                        }
                    } catch (SystemException e) {
                        throw new IllegalStateException("rollback failed", e);
                    }
                }
            };
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start a transaction", e);
        }
    }
}
