package ch.iiz.axon;

import ch.iiz.localstack.Ports;
import ch.iiz.localstack.PostgresServer;
import ch.iiz.localstack.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Several instances of a service creating the event store's tables at once, on a real PostgreSQL. */
class EventStoreSchemaTest {

    private static final int INSTANCES = 4;
    private static final int ROUNDS = 8;

    private static java.nio.file.Path root;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        root = TestInfrastructure.createTempDirectory("schema-");
        postgres = new PostgresServer(root.resolve("pg"), Ports.free(1)[0], false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        PostgresServer.deleteRecursively(root); // the test cluster is about 150 MB: not left behind by every run
    }

    private static PGSimpleDataSource database(String name) {
        postgres.createDatabase(name);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(name));
        dataSource.setUser(PostgresServer.USER);
        return dataSource;
    }

    @Test
    void instances_starting_together_on_an_empty_database_all_find_the_tables() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                PGSimpleDataSource dataSource = database("schema_race_" + round);
                CountDownLatch go = new CountDownLatch(1);
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                List<CompletableFuture<Void>> starts = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    starts.add(CompletableFuture.runAsync(() -> {
                        try {
                            go.await();
                            EventStoreSchema.ensure(dataSource);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, pool));
                }
                go.countDown();
                CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();

                assertThat(failures).as("round %d", round).isEmpty();
                assertThat(tables(dataSource)).contains("domainevententry", "snapshotevententry", "tokenentry");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_second_start_leaves_existing_tables_and_their_rows_alone() throws Exception {
        PGSimpleDataSource dataSource = database("schema_again");
        EventStoreSchema.ensure(dataSource);
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("INSERT INTO tokenentry (processorname, segment) VALUES ('p', 0)");
        }
        EventStoreSchema.ensure(dataSource);
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM tokenentry")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    private static List<String> tables(PGSimpleDataSource dataSource) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement()
                     .executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
