package ch.iiz.reporting.audit;

import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V9 keeps each event once: rows written under V8 keep what the read paths took from their jsonb copy. (Inside
 * Quarkus, whose Flyway knows PostgreSQL; the migration runs on a database of its own.)
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
class EventLogMigrationTest {

    @Test
    void rows_of_v8_keep_their_wire_sequence_and_stream() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.createDatabase("event_log_v9");
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(infra.jdbcUrl("event_log_v9"));
        db.setUser(infra.username());
        db.setPassword(infra.password());
        Flyway.configure().dataSource(db).locations("classpath:db/migration").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("8").load().migrate();
        String before;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into event_log (topic, partition, record_offset, event_id, case_id, type, occurred_at,
                      actor_institution, envelope, wire, hash, prev_hash) values
                    ('iiz.case.events', 0, 0, gen_random_uuid(), 'c-1', 'CaseOpened', now(), 'SD',
                     '{"sequence": 0, "payload": {"clientId": "cl-1"}}', null, null, null),
                    ('iiz.case.events', 0, 1, gen_random_uuid(), 'c-1', 'CaseClosed', now(), 'SD',
                     '{"sequence": 1, "payload": {}}', '{"sequence":1,  "payload":{}}', null, null),
                    ('iiz.placement.events', 0, 0, gen_random_uuid(), 'c-1', 'SeatReserved', now(), 'JC',
                     '{"sequence": 4, "payload": {"courseId": "course-1"}}', '{"sequence":4,"payload":{"courseId":"course-1"}}', null, null),
                    ('iiz.placement.events', 0, 1, gen_random_uuid(), 'c-1', 'VacancyProposed', now(), 'AA',
                     '{"sequence": 2, "payload": {"vacancyId": "vac-1"}}', '{"sequence":2,"payload":{"vacancyId":"vac-1"}}', null, null)
                    """);
            ResultSet rs = s.executeQuery("select envelope::text from event_log where record_offset = 0 and topic = 'iiz.case.events'");
            rs.next();
            before = rs.getString(1);
        }
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            ResultSet rs = s.executeQuery("select type, wire, event_sequence, stream_id from event_log order by topic, record_offset");
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getString(4));
            }
            assertThat(rows).containsExactly(
                    "CaseOpened|" + before + "|0|null", // no wire before V6: its jsonb text, as the chain check read it
                    "CaseClosed|{\"sequence\":1,  \"payload\":{}}|1|null", // the wire stays byte for byte
                    "SeatReserved|{\"sequence\":4,\"payload\":{\"courseId\":\"course-1\"}}|4|course-1",
                    "VacancyProposed|{\"sequence\":2,\"payload\":{\"vacancyId\":\"vac-1\"}}|2|vac-1");
            ResultSet columns = s.executeQuery(
                    "select count(*) from information_schema.columns where table_name = 'event_log' and column_name = 'envelope'");
            columns.next();
            assertThat(columns.getLong(1)).isZero();
        }
    }
}
