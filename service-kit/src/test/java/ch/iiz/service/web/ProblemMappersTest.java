package ch.iiz.service.web;

import ch.iiz.service.kafka.TransientFailures;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that cannot be reached is a 503 the client may retry, never a 500. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void a_pool_that_cannot_hand_out_a_connection_is_503_with_retry_after() {
        RuntimeException wrapped = new IllegalStateException("Failed to obtain a database connection",
                new SQLException("Sorry, acquisition timeout!"));
        Response response = mappers.unexpected(wrapped, null);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void a_refused_or_dropped_connection_is_503() {
        assertThat(TransientFailures.isTransient(new RuntimeException(
                new SQLTransientConnectionException("Connection refused", "08001")))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("An I/O error occurred", "08006"))).isTrue();
    }

    @Test
    void other_failures_stay_500() {
        assertThat(TransientFailures.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("boom"))).isFalse();
        assertThat(mappers.unexpected(new IllegalStateException("boom"), null).getStatus()).isEqualTo(500);
    }
}
