package ch.iiz.service.privacy;

import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-client keys of the service that owns personal data, in its own {@code client_key} table (never on a topic,
 * never in a log). Erasing sets the key to null and records who erased it, when, and on which legal basis; the row
 * stays so that the erasure itself can be audited. A client whose key was erased gets no new personal data: sealing
 * for it is refused.
 */
@ApplicationScoped
public class ClientKeys {

    /** A recorded erasure: who erased the client's personal data, when, and why. */
    public record Erasure(String clientId, Instant erasedAt, String erasedBy, String legalBasis) {
    }

    @Inject
    DataSource dataSource;

    /** Seals personal data of one client, its key created on first use. */
    public Sealer sealer(String clientId) {
        byte[] key = keyForSealing(clientId);
        return (field, clear) -> PersonalDataCipher.seal(key, clientId, field, clear);
    }

    /** Opens personal data of one client: clear text, or {@link PersonalDataCipher#ERASED} once its key is gone. */
    public Opener opener(String clientId) {
        byte[] key = clientId == null ? null : key(clientId).orElse(null);
        return (field, value) -> {
            try {
                return PersonalDataCipher.open(key, clientId, field, value);
            } catch (PersonalDataCipher.SealBroken e) {
                return "[unreadable]";
            }
        };
    }

    /** The client's key, created when it has none; refused once it was erased. */
    public byte[] keyForSealing(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("no client id");
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into client_key (client_id, key, created_at) values (?, ?, ?) on conflict (client_id) do nothing")) {
                ps.setString(1, clientId);
                ps.setBytes(2, PersonalDataCipher.newKey());
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            byte[] key = read(c, clientId).orElse(null);
            if (key == null) {
                throw ProblemException.conflict("personalData", "personal-data-erased",
                        "the personal data of this client was erased; no new personal data is recorded for it");
            }
            return key;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client's key, empty when it has none or it was erased. */
    public Optional<byte[]> key(String clientId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, clientId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes the client's key and records the erasure. Repeating it changes nothing (the first erasure stays on
     * record). Returns whether this call erased it.
     */
    public boolean erase(String clientId, String erasedBy, String legalBasis, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into client_key (client_id, key, created_at, erased_at, erased_by, legal_basis)
                    values (?, null, ?, ?, ?, ?)
                    on conflict (client_id) do update set key = null, erased_at = excluded.erased_at,
                      erased_by = excluded.erased_by, legal_basis = excluded.legal_basis
                    where client_key.erased_at is null""")) {
                ps.setString(1, clientId);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setTimestamp(3, Timestamp.from(at));
                ps.setString(4, erasedBy);
                ps.setString(5, legalBasis);
                return ps.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Erasure> erasure(String clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select erased_at, erased_by, legal_basis from client_key where client_id = ? and erased_at is not null")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Erasure> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new Erasure(clientId, rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                }
                return found.stream().findFirst();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<byte[]> read(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select key from client_key where client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Seals one field of one client. */
    @FunctionalInterface
    public interface Sealer {
        String seal(String field, String clear);
    }

    /** Opens one field of one client. */
    @FunctionalInterface
    public interface Opener {
        String open(String field, String value);

        /** Shows sealed values as {@code [sealed]} (answers that are stored, e.g. for Idempotency-Key replays). */
        Opener WITHHOLD = (field, value) -> PersonalDataCipher.isSealed(value) ? "[sealed]" : value;
    }
}
