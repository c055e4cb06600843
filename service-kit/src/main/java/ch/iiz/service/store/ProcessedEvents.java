package ch.iiz.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** The ids of consumed events, written in the same transaction as their effect: a redelivery finds its id here. */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    DataSource dataSource;

    /** Claims the event for this consumer; false when it was processed before. Call inside the transaction. */
    public boolean claim(String consumer, UUID eventId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into processed_event (consumer, event_id) values (?, ?) on conflict do nothing")) {
            ps.setString(1, consumer);
            ps.setObject(2, eventId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
