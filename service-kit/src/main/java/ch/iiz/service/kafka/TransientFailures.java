package ch.iiz.service.kafka;

import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Tells a record that cannot be applied (poison: to the dead letters) from a record that could not be applied right
 * now because PostgreSQL is restarting or unreachable: the latter is applied again after a pause (0.5 s doubling to
 * 5 s, for up to ten minutes), holding its partition, instead of being passed over. Without this a database restart
 * under load sent good records to the dead-letter topic (found by the chaos suite).
 */
public final class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);
    /** admin shutdown, crash shutdown, cannot connect now, too many connections */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private TransientFailures() {
    }

    /** The database (or a connection to it) is down or restarting: the same record may well apply in a moment. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || STATES.contains(state))) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("acquisition timeout") || message.contains("connection has been closed")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs {@code work}, again after a pause while it fails transiently; any other failure is thrown at once. */
    public static <T> T retrying(String what, Callable<T> work) throws Exception {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        long pause = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.call();
            } catch (Exception e) {
                if (!isTransient(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warnf("%s failed for now (attempt %d, again in %d ms): %s", what, attempt, pause, e.getMessage());
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5000);
            }
        }
    }
}
