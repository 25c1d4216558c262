package io.rockstream.taskmanager.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import io.rockstream.jobgraph.expr.WindowFrame;
import io.rockstream.jobgraph.expr.WindowFrame.Bound;
import io.rockstream.jobgraph.expr.WindowFrame.Mode;
import io.rockstream.jobgraph.expr.WindowKind;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.Values;
import io.rockstream.taskmanager.aggregate.Accumulator;
import io.rockstream.taskmanager.aggregate.Accumulators;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestStates.Kind.class)
class WindowOperatorTest {
    private static final WindowFrame WHOLE = new WindowFrame(Mode.ROWS, Bound.UNBOUNDED_PRECEDING, 0,
            Bound.UNBOUNDED_FOLLOWING, 0);

    private final TestStates states;

    WindowOperatorTest(TestStates.Kind kind) {
        this.states = new TestStates(kind);
    }

    @AfterEach
    void closeStates() {
        states.close();
    }

    /** Runs one operator epoch by epoch and keeps the view: the sum of its output deltas. */
    private final class Harness {
        final FakeOperatorContext context = new FakeOperatorContext(states.create());
        final WindowOperator operator;
        final Map<Row, Long> view = new HashMap<>();
        long epoch;

        Harness(List<Integer> partitionKeys, List<SortKey> order, List<WindowCall> calls) {
            operator = new WindowOperator(partitionKeys, order, calls);
            operator.open(context);
        }

        ZSet epoch(ZSet delta) {
            ZSet output = new ZSet();
            operator.processBatch(0, delta, output::add);
            operator.finishEpoch(++epoch, output::add);
            context.state().endEpoch(epoch);
            ZSet consolidated = output.consolidate();
            consolidated.forEach((row, weight) -> {
                view.merge(row, weight, Long::sum);
                view.values().removeIf(count -> count == 0);
            });
            return consolidated;
        }

        ZSet epoch(Object[]... changes) {
            ZSet delta = new ZSet();
            for (Object[] change : changes) {
                Object[] values = new Object[change.length - 1];
                System.arraycopy(change, 0, values, 0, values.length);
                delta.add(Row.of(values), ((Number) change[change.length - 1]).longValue());
            }
            return epoch(delta);
        }
    }

    private static Object[] change(Object... valuesThenWeight) {
        return valuesThenWeight;
    }

    private static WindowCall call(WindowKind kind, SqlType type, Integer... args) {
        return new WindowCall(kind, List.of(args), WindowFrame.DEFAULT, type);
    }

    private static WindowCall call(WindowKind kind, WindowFrame frame, SqlType type, Integer... args) {
        return new WindowCall(kind, List.of(args), frame, type);
    }

    private static WindowFrame rows(Bound start, long startOffset, Bound end, long endOffset) {
        return new WindowFrame(Mode.ROWS, start, startOffset, end, endOffset);
    }

    private static Map<Row, Long> rowsOf(Object[]... rows) {
        Map<Row, Long> result = new HashMap<>();
        for (Object[] row : rows) {
            result.merge(Row.of(row), 1L, Long::sum);
        }
        return result;
    }

    private static Object[] r(Object... values) {
        return values;
    }

    private static final List<WindowCall> RANKING = List.of(
            call(WindowKind.ROW_NUMBER, SqlType.BIGINT),
            call(WindowKind.RANK, SqlType.BIGINT),
            call(WindowKind.DENSE_RANK, SqlType.BIGINT),
            call(WindowKind.PERCENT_RANK, SqlType.DOUBLE),
            call(WindowKind.CUME_DIST, SqlType.DOUBLE));

    @Test
    void rankingWithTiesDuplicatesAndNulls() {
        Harness harness = new Harness(List.of(0), List.of(SortKey.ascending(1)), RANKING);
        harness.epoch(change("a", 1, 2), change("a", 2, 1), change("a", null, 1), change(null, 3, 1));
        assertThat(harness.view).isEqualTo(rowsOf(
                r("a", 1, 1L, 1L, 1L, 0.0, 0.5),
                r("a", 1, 2L, 1L, 1L, 0.0, 0.5),
                r("a", 2, 3L, 3L, 2L, 2.0 / 3, 0.75),
                r("a", null, 4L, 4L, 3L, 1.0, 1.0),
                r(null, 3, 1L, 1L, 1L, 0.0, 1.0)));

        ZSet delta = harness.epoch(change("a", 1, -1));
        assertThat(harness.view).isEqualTo(rowsOf(
                r("a", 1, 1L, 1L, 1L, 0.0, 1.0 / 3),
                r("a", 2, 2L, 2L, 2L, 0.5, 2.0 / 3),
                r("a", null, 3L, 3L, 3L, 1.0, 1.0),
                r(null, 3, 1L, 1L, 1L, 0.0, 1.0)));
        assertThat(delta.toMap()).doesNotContainKey(Row.of(null, 3, 1L, 1L, 1L, 0.0, 1.0));

        harness.epoch(change("a", 1, -1), change("a", 2, -1), change("a", null, -1), change(null, 3, -1));
        assertThat(harness.view).isEmpty();
    }

    @Test
    void descendingNullsFirst() {
        Harness harness = new Harness(List.of(0), List.of(new SortKey(1, true, true)), RANKING.subList(0, 2));
        harness.epoch(change("a", 1, 2), change("a", 2, 1), change("a", null, 1));
        assertThat(harness.view).isEqualTo(rowsOf(
                r("a", null, 1L, 1L),
                r("a", 2, 2L, 2L),
                r("a", 1, 3L, 3L),
                r("a", 1, 4L, 3L)));
    }

    @Test
    void lagAndLeadIgnoreTheFrame() {
        // (k, t, v, offset, default)
        Harness harness = new Harness(List.of(0), List.of(SortKey.ascending(1)), List.of(
                call(WindowKind.LAG, SqlType.INTEGER, 2),
                call(WindowKind.LEAD, SqlType.INTEGER, 2, 3, 4),
                call(WindowKind.LAG, rows(Bound.CURRENT_ROW, 0, Bound.CURRENT_ROW, 0), SqlType.INTEGER, 2, 3)));
        harness.epoch(change("k", 1, 10, 2, -1, 1), change("k", 2, 20, null, -1, 1), change("k", 3, 30, -1, -2, 1));
        assertThat(harness.view).isEqualTo(rowsOf(
                r("k", 1, 10, 2, -1, null, 30, null),
                r("k", 2, 20, null, -1, 10, null, null),
                r("k", 3, 30, -1, -2, 20, 20, null)));
    }

    @Test
    void framesOverPeersAndRows() {
        // (k, o, v, n)
        Harness harness = new Harness(List.of(0), List.of(SortKey.ascending(1)), List.of(
                call(WindowKind.SUM, SqlType.BIGINT, 2),
                call(WindowKind.SUM, rows(Bound.PRECEDING, 1, Bound.FOLLOWING, 1), SqlType.BIGINT, 2),
                call(WindowKind.AVG, new WindowFrame(Mode.RANGE, Bound.CURRENT_ROW, 0, Bound.UNBOUNDED_FOLLOWING, 0),
                        SqlType.NUMERIC, 2),
                call(WindowKind.LAST_VALUE, SqlType.INTEGER, 2),
                call(WindowKind.NTH_VALUE, WHOLE, SqlType.INTEGER, 2, 3),
                call(WindowKind.MIN, rows(Bound.FOLLOWING, 1, Bound.FOLLOWING, 2), SqlType.INTEGER, 2),
                call(WindowKind.COUNT, rows(Bound.PRECEDING, 2, Bound.PRECEDING, 1), SqlType.BIGINT, 2)));
        harness.epoch(change("k", 1, 1, 2, 1), change("k", 2, 2, 2, 1), change("k", 2, 4, 2, 1),
                change("k", 3, null, 2, 1));
        assertThat(harness.view).isEqualTo(rowsOf(
                r("k", 1, 1, 2, 1L, 3L, new BigDecimal("2.3333333333333333"), 1, 2, 2, 0L),
                r("k", 2, 2, 2, 7L, 7L, new BigDecimal("3.0000000000000000"), 4, 2, 4, 1L),
                r("k", 2, 4, 2, 7L, 6L, new BigDecimal("3.0000000000000000"), 4, 2, null, 2L),
                r("k", 3, null, 2, 7L, 4L, null, null, 2, null, 2L)));
    }

    @Test
    void withoutOrderByTheWholePartitionIsTheFrame() {
        Harness harness = new Harness(List.of(), List.of(), List.of(
                call(WindowKind.COUNT_STAR, SqlType.BIGINT),
                call(WindowKind.RANK, SqlType.BIGINT),
                call(WindowKind.MAX, SqlType.INTEGER, 0)));
        harness.epoch(change(1, 1), change(5, 1), change(3, 1));
        assertThat(harness.view).isEqualTo(rowsOf(r(1, 3L, 1L, 5), r(5, 3L, 1L, 5), r(3, 3L, 1L, 5)));
        harness.epoch(change(5, -1));
        assertThat(harness.view).isEqualTo(rowsOf(r(1, 2L, 1L, 3), r(3, 2L, 1L, 3)));
    }

    @Test
    void ntileSplitsLikePostgres() {
        Harness harness = new Harness(List.of(), List.of(SortKey.ascending(0)),
                List.of(call(WindowKind.NTILE, SqlType.INTEGER, 1)));
        ZSet delta = new ZSet();
        for (int i = 1; i <= 10; i++) {
            delta.add(Row.of(i, 3), 1);
        }
        harness.epoch(delta);
        Map<Row, Long> expected = new HashMap<>();
        int[] buckets = {1, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        for (int i = 1; i <= 10; i++) {
            expected.put(Row.of(i, 3, buckets[i - 1]), 1L);
        }
        assertThat(harness.view).isEqualTo(expected);
    }

    @Test
    void dataErrorsGoToTheErrorCollectionAndAreRetracted() {
        Harness harness = new Harness(List.of(0), List.of(SortKey.ascending(1)),
                List.of(call(WindowKind.NTILE, SqlType.INTEGER, 2)));
        harness.epoch(change("a", 1, 2, 1), change("b", 1, 0, 1));
        assertThat(harness.view).isEqualTo(rowsOf(r("a", 1, 2, 1)));
        assertThat(harness.context.errors())
                .isEqualTo(Map.of(Row.of("22014", "argument of ntile must be greater than zero"), 1L));
        harness.epoch(change("b", 2, 0, 1));
        assertThat(harness.context.errors()).hasSize(1).containsValue(1L);
        harness.epoch(change("b", 1, 0, -1), change("b", 2, 0, -1), change("b", 3, 2, 1));
        assertThat(harness.context.errors()).isEmpty();
        assertThat(harness.view).isEqualTo(rowsOf(r("a", 1, 2, 1), r("b", 3, 2, 1)));
    }

    // ------------------------------------------------------------ random changes against a recompute

    /** Input columns: p, o, v (all nullable), offset (nullable), default, ntile buckets, nth. */
    private static final List<WindowCall> ALL = List.of(
            call(WindowKind.ROW_NUMBER, SqlType.BIGINT),
            call(WindowKind.RANK, SqlType.BIGINT),
            call(WindowKind.DENSE_RANK, SqlType.BIGINT),
            call(WindowKind.PERCENT_RANK, SqlType.DOUBLE),
            call(WindowKind.CUME_DIST, SqlType.DOUBLE),
            call(WindowKind.NTILE, SqlType.INTEGER, 5),
            call(WindowKind.LAG, SqlType.INTEGER, 2),
            call(WindowKind.LEAD, SqlType.INTEGER, 2, 3, 4),
            call(WindowKind.FIRST_VALUE, SqlType.INTEGER, 2),
            call(WindowKind.LAST_VALUE, SqlType.INTEGER, 2),
            call(WindowKind.NTH_VALUE, rows(Bound.PRECEDING, 3, Bound.FOLLOWING, 1), SqlType.INTEGER, 2, 6),
            call(WindowKind.FIRST_VALUE, rows(Bound.FOLLOWING, 1, Bound.FOLLOWING, 3), SqlType.INTEGER, 2),
            call(WindowKind.LAST_VALUE, rows(Bound.UNBOUNDED_PRECEDING, 0, Bound.PRECEDING, 2), SqlType.INTEGER, 2),
            call(WindowKind.COUNT_STAR, SqlType.BIGINT),
            call(WindowKind.COUNT, rows(Bound.PRECEDING, 1, Bound.FOLLOWING, 1), SqlType.BIGINT, 2),
            call(WindowKind.SUM, SqlType.BIGINT, 2),
            call(WindowKind.SUM, rows(Bound.PRECEDING, 2, Bound.PRECEDING, 1), SqlType.BIGINT, 2),
            call(WindowKind.AVG, new WindowFrame(Mode.RANGE, Bound.CURRENT_ROW, 0, Bound.UNBOUNDED_FOLLOWING, 0),
                    SqlType.NUMERIC, 2),
            call(WindowKind.MIN, rows(Bound.CURRENT_ROW, 0, Bound.FOLLOWING, 2), SqlType.INTEGER, 2),
            call(WindowKind.MAX, new WindowFrame(Mode.RANGE, Bound.UNBOUNDED_PRECEDING, 0,
                    Bound.UNBOUNDED_FOLLOWING, 0), SqlType.INTEGER, 2),
            call(WindowKind.MAX, rows(Bound.PRECEDING, 100, Bound.CURRENT_ROW, 0), SqlType.INTEGER, 2));

    @Test
    void randomChangesMatchARecompute() {
        List<List<SortKey>> orders = List.of(
                List.of(SortKey.ascending(1)),
                List.of(new SortKey(1, true, true)),
                List.of(new SortKey(1, false, true), new SortKey(2, true, false)),
                List.of());
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (List<SortKey> order : orders) {
            for (List<Integer> partitionKeys : List.of(List.of(0), List.<Integer>of())) {
                String context = "seed " + seed + ", order " + order + ", partition " + partitionKeys;
                Harness harness = new Harness(partitionKeys, order, ALL);
                Map<Row, Long> input = new LinkedHashMap<>();
                for (int epoch = 0; epoch < 40; epoch++) {
                    ZSet delta = new ZSet();
                    int changes = 1 + random.nextInt(6);
                    for (int c = 0; c < changes; c++) {
                        List<Row> present = new ArrayList<>(input.keySet());
                        if (!present.isEmpty() && random.nextInt(3) == 0) {
                            Row victim = present.get(random.nextInt(present.size()));
                            delta.add(victim, -1);
                            input.merge(victim, -1L, Long::sum);
                        } else {
                            Row row = randomRow(random);
                            long weight = 1 + random.nextInt(2);
                            delta.add(row, weight);
                            input.merge(row, weight, Long::sum);
                        }
                        input.values().removeIf(weight -> weight == 0);
                    }
                    harness.epoch(delta);
                    assertThat(harness.view).as(context + ", epoch " + epoch)
                            .isEqualTo(recompute(input, partitionKeys, order, ALL));
                }
            }
        }
    }

    private static Row randomRow(Random random) {
        Integer partition = random.nextInt(4) == 0 ? null : random.nextInt(3);
        Integer orderKey = random.nextInt(6) == 0 ? null : random.nextInt(5);
        Integer value = random.nextInt(6) == 0 ? null : random.nextInt(10);
        Integer offset = random.nextInt(5) == 0 ? null : random.nextInt(5) - 1;
        return Row.of(partition, orderKey, value, offset, -1, 3, 2);
    }

    // ------------------------------------------------------------ the from-scratch reference

    /** Window functions computed naively, row by row, straight from their definitions. */
    private static Map<Row, Long> recompute(Map<Row, Long> input, List<Integer> partitionKeys, List<SortKey> order,
            List<WindowCall> calls) {
        int[] keys = partitionKeys.stream().mapToInt(Integer::intValue).toArray();
        Map<Row, List<Row>> partitions = new HashMap<>();
        input.forEach((row, weight) -> {
            for (long copy = 0; copy < weight; copy++) {
                partitions.computeIfAbsent(row.project(keys), k -> new ArrayList<>()).add(row);
            }
        });
        Map<Row, Long> result = new HashMap<>();
        for (List<Row> partition : partitions.values()) {
            partition.sort(RowOrdering.total(order));
            int n = partition.size();
            for (int i = 0; i < n; i++) {
                List<Object> values = new ArrayList<>();
                for (int v = 0; v < partition.get(i).size(); v++) {
                    values.add(partition.get(i).get(v));
                }
                for (WindowCall call : calls) {
                    values.add(value(call, partition, order, i));
                }
                result.merge(Row.copyOf(values), 1L, Long::sum);
            }
        }
        return result;
    }

    private static int keys(List<SortKey> order, Row a, Row b) {
        for (SortKey key : order) {
            Object x = a.get(key.column());
            Object y = b.get(key.column());
            if (x == null && y == null) {
                continue;
            }
            if (x == null || y == null) {
                return (x == null) == key.nullsFirst() ? -1 : 1;
            }
            int result = key.descending() ? -Values.compare(x, y) : Values.compare(x, y);
            if (result != 0) {
                return result;
            }
        }
        return 0;
    }

    private static Object value(WindowCall call, List<Row> partition, List<SortKey> order, int i) {
        int n = partition.size();
        Row row = partition.get(i);
        long less = partition.stream().filter(other -> keys(order, other, row) < 0).count();
        long notGreater = partition.stream().filter(other -> keys(order, other, row) <= 0).count();
        List<Integer> args = call.args();
        switch (call.kind()) {
            case ROW_NUMBER:
                return (long) i + 1;
            case RANK:
                return less + 1;
            case DENSE_RANK:
                return partition.stream().filter(other -> keys(order, other, row) < 0)
                        .map(other -> partition.stream().filter(peer -> keys(order, peer, other) == 0).findFirst())
                        .distinct().count() + 1;
            case PERCENT_RANK:
                return n == 1 ? 0.0 : (double) less / (n - 1);
            case CUME_DIST:
                return (double) notGreater / n;
            case NTILE: {
                int buckets = (Integer) row.get(args.get(0));
                int size = n / buckets;
                int bigger = n % buckets;
                return i < bigger * (size + 1) ? i / (size + 1) + 1 : bigger + (i - bigger * (size + 1)) / size + 1;
            }
            case LAG:
            case LEAD: {
                Object offset = args.size() > 1 ? row.get(args.get(1)) : Integer.valueOf(1);
                if (offset == null) {
                    return null;
                }
                int target = call.kind() == WindowKind.LAG ? i - (Integer) offset : i + (Integer) offset;
                if (target < 0 || target >= n) {
                    return args.size() > 2 ? row.get(args.get(2)) : null;
                }
                return partition.get(target).get(args.get(0));
            }
            default:
                break;
        }
        List<Row> frame = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (inFrame(call.frame(), order, partition, i, j)) {
                frame.add(partition.get(j));
            }
        }
        switch (call.kind()) {
            case FIRST_VALUE:
                return frame.isEmpty() ? null : frame.get(0).get(args.get(0));
            case LAST_VALUE:
                return frame.isEmpty() ? null : frame.get(frame.size() - 1).get(args.get(0));
            case NTH_VALUE: {
                int nth = (Integer) row.get(args.get(1));
                return frame.size() < nth ? null : frame.get(nth - 1).get(args.get(0));
            }
            default:
                break;
        }
        AggregateKind kind = AggregateKind.valueOf(call.kind().name());
        Accumulator accumulator = Accumulators.create(new AggregateCall(kind, args, false, List.of(), -1,
                call.type()));
        for (Row member : frame) {
            accumulator.add(member, 1);
        }
        try {
            return accumulator.result();
        } catch (RockStreamException error) {
            throw new AssertionError("the random test makes no data errors", error);
        }
    }

    private static boolean inFrame(WindowFrame frame, List<SortKey> order, List<Row> partition, int i, int j) {
        boolean rows = frame.mode() == Mode.ROWS;
        int peer = keys(order, partition.get(j), partition.get(i));
        boolean afterStart = switch (frame.start()) {
            case UNBOUNDED_PRECEDING -> true;
            case PRECEDING -> j >= i - frame.startOffset();
            case CURRENT_ROW -> rows ? j >= i : peer >= 0;
            case FOLLOWING -> j >= i + frame.startOffset();
            case UNBOUNDED_FOLLOWING -> false;
        };
        boolean beforeEnd = switch (frame.end()) {
            case UNBOUNDED_PRECEDING -> false;
            case PRECEDING -> j <= i - frame.endOffset();
            case CURRENT_ROW -> rows ? j <= i : peer <= 0;
            case FOLLOWING -> j <= i + frame.endOffset();
            case UNBOUNDED_FOLLOWING -> true;
        };
        return afterStart && beforeEnd;
    }
}
