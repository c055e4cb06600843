package ch.iiz.service.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a batch consumer applies a poll: the whole batch in one transaction; while the database is away the batch
 * waits and is applied again ({@link TransientFailures}); on any other failure the batch is split and each item is
 * applied on its own, so that only the one at fault goes to the dead letters (with the reason) and the others are
 * applied once. A dead-lettered item counts as passed: {@code passed} may move the consumer's position past it.
 * A failure that stays transient past the wait is thrown, so the connector's failure strategy takes over.
 *
 * @param <T> what the consumer makes of a record (the record itself, or the record with its decoded event)
 */
public final class BatchApplier<T> {

    private static final Logger LOG = Logger.getLogger(BatchApplier.class);

    /** Applies items in one transaction; throws when it did not commit. */
    @FunctionalInterface
    public interface Step<T> {
        void apply(List<T> items) throws Exception;
    }

    /** Runs after an item was dead-lettered. */
    @FunctionalInterface
    public interface Passed<T> {
        void passed(T item) throws Exception;
    }

    private final Function<T, ConsumerRecord<String, byte[]>> source;
    private final Step<T> batch;
    private final Step<T> single;
    private final Consumer<DeadLetters.Letter> deadLetter;
    private final Passed<T> passed;

    /**
     * @param source     the record an item came from (what is dead-lettered)
     * @param batch      applies a whole batch
     * @param single     applies one item (a list of one) after its batch was refused
     * @param deadLetter sends a letter and returns once the broker acknowledged it ({@link DeadLetters#sendAll})
     * @param passed     after a dead letter, e.g. moves the position past the item; transient failures are retried
     */
    public BatchApplier(Function<T, ConsumerRecord<String, byte[]>> source, Step<T> batch, Step<T> single,
                        Consumer<DeadLetters.Letter> deadLetter, Passed<T> passed) {
        this.source = source;
        this.batch = batch;
        this.single = single;
        this.deadLetter = deadLetter;
        this.passed = passed;
    }

    public void apply(List<T> items) throws Exception {
        if (items.isEmpty()) {
            return;
        }
        try {
            TransientFailures.retrying("applying a batch of " + items.size(), () -> {
                batch.apply(items);
                return null;
            });
            return;
        } catch (Exception e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.debugf("batch of %d refused (%s): applying its items one by one", items.size(), e.getMessage());
        }
        for (T item : items) {
            ConsumerRecord<String, byte[]> r = source.apply(item);
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            try {
                TransientFailures.retrying("applying " + where, () -> {
                    single.apply(List.of(item));
                    return null;
                });
            } catch (Exception poison) {
                if (TransientFailures.isTransient(poison)) {
                    throw poison;
                }
                LOG.warnf("dead-lettering %s: %s", where, poison.getMessage());
                deadLetter.accept(new DeadLetters.Letter(r, poison));
                TransientFailures.retrying("passing " + where, () -> {
                    passed.passed(item);
                    return null;
                });
            }
        }
    }
}
