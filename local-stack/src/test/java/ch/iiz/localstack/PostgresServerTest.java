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

    /**
     * The chaos suite kills the test server with SIGKILL under load: what it acknowledged as committed must still be
     * there afterwards, or a relay that already published an event finds it gone from the store.
     */
    @Test
    void a_test_server_killed_with_sigkill_keeps_every_commit_it_acknowledged() throws Exception {
        Path base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), "kill");
        int port = Ports.free(1)[0];
        PostgresServer server = new PostgresServer(base.resolve("postgres"), port, false).start();
        int committed = 0;
        try {
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.USER, "");
                 var statement = connection.createStatement()) {
                statement.execute("create table acknowledged (n int primary key)");
                try (var insert = connection.prepareStatement("insert into acknowledged values (?)")) {
                    for (int n = 1; n <= 500; n++) { // auto-commit: each insert is a commit acknowledged
                        insert.setInt(1, n);
                        insert.executeUpdate();
                        committed = n;
                    }
                }
            }
            server.kill();
            server.startAfterKill();
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.USER, "");
                 ResultSet rs = connection.createStatement().executeQuery("select count(*) from acknowledged")) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows committed before the kill").isEqualTo(committed);
            }
        } finally {
            server.close();
            PostgresServer.deleteRecursively(base);
        }
    }
}
