package io.rockstream.statebackend;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class HeapStateBackendTest {
    private final StateBackend backend = new HeapStateBackend();

    @Test
    void arrangementKeepsRowsWithNonZeroWeightPerKey() {
        Arrangement arrangement = backend.arrangement("join-left");
        Row key = Row.of(1);
        arrangement.add(key, Row.of(1, "a"), 2);
        arrangement.add(key, Row.of(1, "b"), 1);
        assertThat(arrangement.get(key)).containsEntry(Row.of(1, "a"), 2L).containsEntry(Row.of(1, "b"), 1L);
        assertThat(arrangement.totalWeight(key)).isEqualTo(3);

        arrangement.add(key, Row.of(1, "a"), -2);
        assertThat(arrangement.get(key)).containsOnlyKeys(Row.of(1, "b"));
        arrangement.add(key, Row.of(1, "b"), -1);
        assertThat(arrangement.get(key)).isEmpty();
        assertThat(arrangement.keyCount()).isZero();
    }

    @Test
    void keysCompareAsSqlValues() {
        Arrangement arrangement = backend.arrangement("join-right");
        arrangement.add(Row.of(new BigDecimal("1.0")), Row.of("x"), 1);
        // numeric equality ignores scale, as SQL's does: 1.0 and 1.00 are one key
        assertThat(arrangement.get(Row.of(new BigDecimal("1.00")))).containsOnlyKeys(Row.of("x"));
    }

    @Test
    void valueStateHoldsOneValuePerKey() {
        KeyedValueState<String> state = backend.valueState("aggregate");
        state.put(Row.of("g1"), "first");
        state.put(Row.of("g1"), "second");
        state.put(Row.of("g2"), "other");
        assertThat(state.get(Row.of("g1"))).isEqualTo("second");
        assertThat(state.size()).isEqualTo(2);
        state.remove(Row.of("g1"));
        assertThat(state.get(Row.of("g1"))).isNull();
        assertThat(state.size()).isEqualTo(1);
    }
}
