package ch.iiz.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The first answer to each (institution, Idempotency-Key), written in the command's transaction. */
@ApplicationScoped
public class IdempotencyStore {

    public record StoredResponse(String requestHash, int status, String location, String etag, String body) {
    }

    @Inject
    DataSource dataSource;

    public Optional<StoredResponse> find(String institutionId, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select request_hash, status, location, etag, body from idempotency_key "
                        + "where institution_id = ? and idempotency_key = ?")) {
            ps.setString(1, institutionId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Must run inside the command's transaction; a concurrent duplicate fails on the primary key and rolls back. */
    public void save(String institutionId, String key, StoredResponse response) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into idempotency_key (institution_id, idempotency_key, request_hash, status, location, etag, body) "
                        + "values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, institutionId);
            ps.setString(2, key);
            ps.setString(3, response.requestHash());
            ps.setInt(4, response.status());
            ps.setString(5, response.location());
            ps.setString(6, response.etag());
            ps.setString(7, response.body());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
