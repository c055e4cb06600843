package ch.iiz.service.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchApplierTest {

    private final List<List<Long>> batches = new ArrayList<>();
    private final List<Long> applied = new ArrayList<>();
    private final List<DeadLetters.Letter> letters = new ArrayList<>();
    private final List<Long> passed = new ArrayList<>();

    private static List<ConsumerRecord<String, byte[]>> records(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ConsumerRecord<>("t", 0, i, "k", new byte[]{(byte) i})).toList();
    }

    /** A store that applies all or nothing and refuses any batch that holds the poison offsets. */
    private BatchApplier<ConsumerRecord<String, byte[]>> applier(List<Long> poison, int databaseAwayTimes) {
        int[] away = {databaseAwayTimes};
        BatchApplier.Step<ConsumerRecord<String, byte[]>> step = items -> {
            batches.add(items.stream().map(ConsumerRecord::offset).toList());
            if (away[0] > 0) {
                away[0]--;
                throw new SQLException("connection refused", "08001");
            }
            for (ConsumerRecord<String, byte[]> r : items) {
                if (poison.contains(r.offset())) {
                    throw new IllegalArgumentException("poison at " + r.offset());
                }
            }
            items.forEach(r -> applied.add(r.offset()));
        };
        return new BatchApplier<>(Function.identity(), step, step, letters::add, r -> passed.add(r.offset()));
    }

    @Test
    void a_good_batch_is_applied_once_in_one_step() throws Exception {
        applier(List.of(), 0).apply(records(5));
        assertThat(batches).containsExactly(List.of(0L, 1L, 2L, 3L, 4L));
        assertThat(applied).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(letters).isEmpty();
    }

    @Test
    void only_the_poison_record_is_dead_lettered_with_its_reason_and_passed() throws Exception {
        applier(List.of(2L), 0).apply(records(4));
        assertThat(applied).containsExactly(0L, 1L, 3L);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.record().offset()).isEqualTo(2L);
            assertThat(l.reason()).hasMessage("poison at 2");
        });
        assertThat(passed).containsExactly(2L);
    }

    @Test
    void a_database_away_for_a_moment_is_waited_for_and_nothing_is_dead_lettered() throws Exception {
        applier(List.of(), 2).apply(records(3));
        assertThat(batches).hasSize(3);
        assertThat(applied).containsExactly(0L, 1L, 2L);
        assertThat(letters).isEmpty();
    }

    @Test
    void a_failure_of_the_dead_letter_topic_is_thrown_and_nothing_is_passed() {
        BatchApplier<ConsumerRecord<String, byte[]>> applier = new BatchApplier<>(Function.identity(),
                items -> {
                    throw new IllegalArgumentException("poison");
                }, items -> {
                    throw new IllegalArgumentException("poison");
                }, letter -> {
                    throw new IllegalStateException("cannot write to the dead letters");
                }, r -> passed.add(r.offset()));
        assertThatThrownBy(() -> applier.apply(records(2))).hasMessageContaining("dead letters");
        assertThat(passed).isEmpty();
    }
}
