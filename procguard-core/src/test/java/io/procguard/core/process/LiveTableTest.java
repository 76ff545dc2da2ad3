package io.procguard.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveTableTest {

    @Test
    void agreesWithAHashMapOverRandomPutsAndRemovesOfClusteredIds() {
        LiveTable<String> table = new LiveTable<>();
        Map<Integer, String> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            // pids cluster (forks take consecutive ids) and include 0, negatives and the extremes
            int key = switch (random.nextInt(8)) {
                case 0 -> Integer.MIN_VALUE + random.nextInt(3);
                case 1 -> Integer.MAX_VALUE - random.nextInt(3);
                case 2 -> -random.nextInt(50);
                default -> random.nextInt(3_000);
            };
            int op = random.nextInt(10);
            if (op < 5) {
                String value = "v" + step;
                table.put(key, value);
                model.put(key, value);
            } else if (op < 8) {
                assertThat(table.remove(key)).isEqualTo(model.remove(key));
            } else {
                String expected = model.get(key);
                table.remove(key, expected == null ? "absent" : new String(expected)); // equal but not the same: stays
                assertThat(table.get(key)).isEqualTo(expected);
                table.remove(key, expected);
                model.remove(key, expected);
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (int key = -60; key < 3_100; key++) {
            assertThat(table.get(key)).as("key %d", key).isEqualTo(model.get(key));
        }
        model.forEach((k, v) -> assertThat(table.get(k)).isSameAs(v));
    }

    @Test
    void removingWithAnotherValueKeepsTheMapping() {
        LiveTable<Object> table = new LiveTable<>();
        Object first = new Object();
        table.put(7, first);
        table.remove(7, new Object());
        assertThat(table.get(7)).isSameAs(first);
        table.remove(7, first);
        assertThat(table.get(7)).isNull();
        assertThat(table.size()).isZero();
    }
}
