package ch.iiz.axon;

import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates Axon's event, snapshot and token tables if missing, one process at a time. Two instances of a service
 * start against the same empty database (the chaos suite does, an orchestrator may): PostgreSQL's
 * {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent creator (it fails on the catalog's unique
 * index), so the creation runs under a transaction-scoped advisory lock and the second instance finds the tables.
 */
public final class EventStoreSchema {

    /** The advisory lock's key: any fixed number no other code of ours locks on. */
    static final long LOCK_KEY = 0x1122_4178_6f6e_0001L;

    private EventStoreSchema() {
    }

    /** Plain JDBC, outside any JTA transaction: the lock and the tables commit together. */
    public static void ensure(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // the pool restores it, as for every other JDBC transaction here
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                EventSchema events = EventSchema.builder().build();
                execute(PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, events));
                execute(PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, events));
                execute(PostgresTokenTableFactory.INSTANCE.createTable(connection, TokenSchema.builder().build()));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the event store's tables: " + e.getMessage(), e);
        }
    }

    private static void execute(PreparedStatement statement) throws SQLException {
        try (statement) {
            statement.executeUpdate();
        }
    }
}
