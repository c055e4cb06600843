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

    /**
     * {@link #claim} for a batch, in one statement: the ids not processed before, now claimed (each once, however
     * often it occurs in {@code eventIds}). Call inside the transaction.
     */
    public java.util.Set<UUID> claimAll(String consumer, java.util.Collection<UUID> eventIds) {
        java.util.Set<UUID> claimed = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return claimed;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into processed_event (consumer, event_id) select ?, unnest(?::uuid[]) "
                        + "on conflict do nothing returning event_id")) {
            ps.setString(1, consumer);
            ps.setArray(2, c.createArrayOf("uuid", new java.util.LinkedHashSet<>(eventIds).toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getObject(1, UUID.class));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
