package ch.iiz.reporting.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdSetTest {

    @Test
    void an_id_is_new_once_also_after_the_set_grew() {
        EventIdSet set = new EventIdSet();
        Set<UUID> reference = new HashSet<>();
        Random random = new Random(14);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            // some ids share their high or low half, as ids of one generator may
            UUID id = i % 3 == 0 && !ids.isEmpty()
                    ? new UUID(ids.get(random.nextInt(ids.size())).getMostSignificantBits(), random.nextLong())
                    : new UUID(random.nextLong(), random.nextLong());
            ids.add(id);
            assertThat(set.add(id)).isEqualTo(reference.add(id));
        }
        for (UUID id : ids) {
            assertThat(set.add(id)).isFalse();
        }
        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void the_all_zero_id_is_an_id_like_any_other() {
        EventIdSet set = new EventIdSet();
        assertThat(set.add(new UUID(0, 0))).isTrue();
        assertThat(set.add(new UUID(0, 0))).isFalse();
        assertThat(set.add(new UUID(0, 1))).isTrue();
        assertThat(set.add(new UUID(1, 0))).isTrue();
        assertThat(set.size()).isEqualTo(3);
    }
}
