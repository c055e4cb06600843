package ch.iiz.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerTest {

    @Test
    void starts_from_a_data_folder_deeper_than_a_unix_socket_path_may_be_and_cleans_its_socket_folder() throws Exception {
        Path base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), "deep");
        Path data = base.resolve("a-checkout-folder-with-a-rather-long-name-as-ci-runners-make-them")
                .resolve("another-level-of-nesting").resolve("postgres");
        // the socket's path in the data folder, as before: beyond what a unix socket allows
        assertThat(data.resolve(".s.PGSQL.65535").toString().length()).isGreaterThan(107);
        int port = Ports.free(1)[0];
        Path socketDir;
        try (PostgresServer server = new PostgresServer(data, port, false).start()) {
            socketDir = server.socketDir();
            assertThat(socketDir.toString().length()).isLessThanOrEqualTo(PostgresServer.MAX_SOCKET_DIR_LENGTH);
            assertThat(socketDir.resolve(".s.PGSQL." + port)).exists();
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.USER, "");
                 ResultSet rs = connection.createStatement().executeQuery("select 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        assertThat(socketDir).doesNotExist();
        PostgresServer.deleteRecursively(base);
    }
}
