package io.rockstream.statebackend;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StateBackend}, for every implementation. {@link #reopen()} gives a
 * backend over what the current one stored at its last {@code endEpoch} (the same backend
 * for the heap), so each test also checks that ended epochs are what is stored.
 */
public abstract class StateBackendContract {
    protected abstract StateBackend backend();

    /**
     * A new backend for the same subtask over the stored state, which becomes
     * {@link #backend()}; the heap backend returns itself.
     */
    protected abstract StateBackend reopen();

    @Test
    void valueStateHoldsOneValuePerKey() {
        KeyedValueState<long[]> state = backend().valueState("aggregate", StateSerializers.LONGS);
        state.put(Row.of("g1"), new long[] {1});
        state.put(Row.of("g1"), new long[] {2});
        state.put(Row.of("g2"), new long[] {3});
        assertThat(state.get(Row.of("g1"))).containsExactly(2);
        assertThat(state.size()).isEqualTo(2);
        state.remove(Row.of("g1"));
        assertThat(state.get(Row.of("g1"))).isNull();
        assertThat(state.size()).isEqualTo(1);
        backend().endEpoch(1);

        KeyedValueState<long[]> reopened = reopen().valueState("aggregate", StateSerializers.LONGS);
        assertThat(reopened.get(Row.of("g1"))).isNull();
        assertThat(reopened.get(Row.of("g2"))).containsExactly(3);
        assertThat(reopened.size()).isEqualTo(1);
    }

    @Test
    void valuesMutatedInPlaceAreWrittenBackAtTheEndOfTheEpoch() {
        KeyedValueState<long[]> state = backend().valueState("distinct", StateSerializers.LONGS);
        state.put(Row.of(1), new long[] {1, 10});
        backend().endEpoch(1);
        long[] counts = state.get(Row.of(1));
        counts[0] += 5;
        counts[1] -= 10;
        state.put(Row.of(2), new long[] {7, 0});
        state.get(Row.of(2))[0] = 8;
        backend().endEpoch(2);

        KeyedValueState<long[]> reopened = reopen().valueState("distinct", StateSerializers.LONGS);
        assertThat(reopened.get(Row.of(1))).containsExactly(6, 0);
        assertThat(reopened.get(Row.of(2))).containsExactly(8, 0);
        Map<Row, Long> all = new HashMap<>();
        reopened.forEach((key, value) -> all.put(key, value[0]));
        assertThat(all).isEqualTo(Map.of(Row.of(1), 6L, Row.of(2), 8L));
    }

    @Test
    void keysCompareAsSqlValuesAndKeepTheirFirstForm() {
        KeyedValueState<Boolean> state = backend().valueState("flags", StateSerializers.BOOLEAN);
        state.put(Row.of(new BigDecimal("1.0"), null), Boolean.TRUE);
        backend().endEpoch(1);
        KeyedValueState<Boolean> reopened = reopen().valueState("flags", StateSerializers.BOOLEAN);
        assertThat(reopened.get(Row.of(new BigDecimal("1.00"), null))).isTrue();
        assertThat(reopened.get(Row.of(new BigDecimal("1.01"), null))).isNull();
        assertThat(reopened.get(Row.of(new BigDecimal("1.0"), "x"))).isNull();
        reopened.put(Row.of(new BigDecimal("1.000"), null), Boolean.FALSE);
        assertThat(reopened.size()).isEqualTo(1);
        Map<Row, Boolean> all = new HashMap<>();
        reopened.forEach(all::put);
        assertThat(all).containsOnlyKeys(Row.of(new BigDecimal("1"), null));
        assertThat(all.keySet().iterator().next().get(0)).hasToString("1.0");
    }

    @Test
    void integersOfEveryWidthAndIntegralNumericsAreOneKey() {
        Arrangement arrangement = backend().arrangement("join-left");
        arrangement.add(Row.of(5), Row.of("a"), 1);
        arrangement.add(Row.of(5L), Row.of("a"), 1);
        arrangement.add(Row.of(new BigDecimal("5.000")), Row.of("b"), 1);
        backend().endEpoch(1);
        Arrangement reopened = reopen().arrangement("join-left");
        assertThat(reopened.get(Row.of((short) 5))).isEqualTo(Map.of(Row.of("a"), 2L, Row.of("b"), 1L));
        assertThat(reopened.keyCount()).isEqualTo(1);
    }

    @Test
    void arrangementKeepsRowsWithNonZeroWeightPerKey() {
        Arrangement arrangement = backend().arrangement("join-left");
        Row key = Row.of(1);
        arrangement.add(key, Row.of(1, "a"), 2);
        arrangement.add(key, Row.of(1, "b"), 1);
        arrangement.add(Row.of(2), Row.of(2, "c"), 1);
        assertThat(arrangement.get(key)).containsEntry(Row.of(1, "a"), 2L).containsEntry(Row.of(1, "b"), 1L);
        assertThat(arrangement.totalWeight(key)).isEqualTo(3);
        backend().endEpoch(1);

        StateBackend second = reopen();
        Arrangement reopened = second.arrangement("join-left");
        assertThat(reopened.get(key)).isEqualTo(Map.of(Row.of(1, "a"), 2L, Row.of(1, "b"), 1L));
        assertThat(reopened.totalWeight(key)).isEqualTo(3);
        assertThat(reopened.keyCount()).isEqualTo(2);
        reopened.add(key, Row.of(1, "a"), -2);
        assertThat(reopened.get(key)).containsOnlyKeys(Row.of(1, "b"));
        reopened.add(key, Row.of(1, "b"), -1);
        assertThat(reopened.get(key)).isEmpty();
        assertThat(reopened.totalWeight(key)).isZero();
        assertThat(reopened.keyCount()).isEqualTo(1);
        second.endEpoch(2);

        Arrangement again = reopen().arrangement("join-left");
        assertThat(again.get(key)).isEmpty();
        assertThat(again.keyCount()).isEqualTo(1);
        assertThat(again.get(Row.of(2))).isEqualTo(Map.of(Row.of(2, "c"), 1L));
    }

    @Test
    void negativeWeightsAndTotalsSurvive() {
        Arrangement arrangement = backend().arrangement("join-right");
        arrangement.add(Row.of("k"), Row.of("x"), -3);
        arrangement.add(Row.of("k"), Row.of("y"), 1);
        backend().endEpoch(1);
        Arrangement reopened = reopen().arrangement("join-right");
        assertThat(reopened.get(Row.of("k"))).isEqualTo(Map.of(Row.of("x"), -3L, Row.of("y"), 1L));
        assertThat(reopened.totalWeight(Row.of("k"))).isEqualTo(-2);
    }

    @Test
    void nullsInKeysAndRows() {
        Arrangement arrangement = backend().arrangement("join-right");
        arrangement.add(Row.of((Object) null), Row.of(null, "n"), 1);
        arrangement.add(Row.of(null, 1), Row.of(null, 1), 1);
        backend().endEpoch(1);
        Arrangement reopened = reopen().arrangement("join-right");
        assertThat(reopened.get(Row.of((Object) null))).isEqualTo(Map.of(Row.of(null, "n"), 1L));
        assertThat(reopened.get(Row.of(null, 1))).isEqualTo(Map.of(Row.of(null, 1), 1L));
        assertThat(reopened.get(Row.EMPTY)).isEmpty();
    }

    @Test
    void largeValues() {
        KeyedValueState<TreeMap<Row, long[]>> state = backend().valueState("topk",
                StateSerializers.sortedRowCounts((a, b) -> ((String) a.get(0)).compareTo((String) b.get(0))));
        TreeMap<Row, long[]> rows = new TreeMap<>((a, b) -> ((String) a.get(0)).compareTo((String) b.get(0)));
        String big = "x".repeat(1 << 20);
        for (int i = 0; i < 20; i++) {
            rows.put(Row.of(i + big), new long[] {i + 1});
        }
        state.put(Row.of("p"), rows);
        backend().endEpoch(1);
        TreeMap<Row, long[]> restored = reopen().valueState("topk",
                StateSerializers.sortedRowCounts((a, b) -> ((String) a.get(0)).compareTo((String) b.get(0))))
                .get(Row.of("p"));
        assertThat(restored).hasSize(20);
        assertThat(restored.firstEntry().getValue()).containsExactly(1);
        assertThat(restored.lastKey().get(0)).isEqualTo("9" + big);
    }

    @Test
    void manyKeysBeyondAnyCache() {
        KeyedValueState<long[]> state = backend().valueState("aggregate", StateSerializers.LONGS);
        Arrangement arrangement = backend().arrangement("join-left");
        int keys = 20_000;
        for (int i = 0; i < keys; i++) {
            state.put(Row.of((long) i), new long[] {i});
            arrangement.add(Row.of(i % 5000), Row.of(i), 1);
        }
        backend().endEpoch(1);
        for (int i = 0; i < keys; i += 2) {
            state.get(Row.of((long) i))[0] += 1;
        }
        for (int i = 0; i < keys; i += 4) {
            arrangement.add(Row.of(i % 5000), Row.of(i), -1);
        }
        backend().endEpoch(2);

        StateBackend second = reopen();
        KeyedValueState<long[]> reopened = second.valueState("aggregate", StateSerializers.LONGS);
        Arrangement reopenedArrangement = second.arrangement("join-left");
        assertThat(reopened.size()).isEqualTo(keys);
        for (int i = 0; i < keys; i++) {
            assertThat(reopened.get(Row.of((long) i))).containsExactly(i % 2 == 0 ? i + 1 : i);
        }
        assertThat(reopenedArrangement.keyCount()).isEqualTo(5000 - 1250);
        assertThat(reopenedArrangement.get(Row.of(1))).isEqualTo(
                Map.of(Row.of(1), 1L, Row.of(5001), 1L, Row.of(10001), 1L, Row.of(15001), 1L));
        assertThat(reopenedArrangement.get(Row.of(4))).isEmpty();
        assertThat(reopenedArrangement.totalWeight(Row.of(2))).isEqualTo(4);
    }
}
