package ch.iiz.axon;

import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscribing handler derives from a command's events, written once for the whole command: the first event
 * of a unit of work opens the batch, every event adds to it, and it is written in the unit of work's prepare-commit
 * phase, after the event bus handed over the last event and still inside the command's transaction (so a failure
 * rolls the command back, as a failing handler does). One statement per command instead of one per event.
 */
public final class CommandWrites {

    /** Writes a batch; throws to roll the command back. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(List<T> items) throws SQLException;
    }

    private CommandWrites() {
    }

    /** The unit of work's batch under {@code key}, opened with {@code writer} on first use. */
    public static <T> List<T> of(UnitOfWork<?> unitOfWork, String key, Writer<T> writer) {
        UnitOfWork<?> root = unitOfWork.root();
        return root.getOrComputeResource(key, k -> {
            List<T> items = new ArrayList<>();
            root.onPrepareCommit(u -> {
                try {
                    writer.write(items);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot write " + key, e);
                }
            });
            return items;
        });
    }
}
