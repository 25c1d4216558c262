package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import io.rockstream.jobgraph.expr.WindowFrame;
import io.rockstream.jobgraph.expr.WindowKind;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.aggregate.Accumulator;
import io.rockstream.taskmanager.aggregate.Accumulators;
import io.rockstream.taskmanager.runtime.Collector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Window functions, {@code f(args) OVER (PARTITION BY p ORDER BY o [frame])}, with
 * PostgreSQL's semantics. Every input row comes out once per copy (a row of weight 2 is two
 * SQL rows, each with its own row_number) followed by one column per {@link WindowCall}.
 *
 * <p>Delta rule: for each partition touched in the epoch,
 * {@code Δout = window(rows + Δ) - window(rows)}, consolidated, so unchanged rows of the
 * partition cancel out. Rows are ordered by the ORDER BY keys and then by the whole row, so
 * the numbering of peers is deterministic and depends only on the partition's multiset.
 *
 * <pre>
 * epoch | input (p, o)          | output (p, o, row_number)
 *   1   | (a,10,+1), (a,30,+1)  | (a,10,1,+1), (a,30,2,+1)
 *   2   | (a,20,+1)             | (a,20,2,+1), (a,30,2,-1), (a,30,3,+1)
 *   3   | (a,10,-1)             | (a,10,1,-1), (a,20,2,-1), (a,20,1,+1), (a,30,3,-1), (a,30,2,+1)
 * </pre>
 *
 * <p>State: the rows of each partition, sorted, with weights. Cost: O(n log n) per touched
 * partition of n rows per epoch (the partition is recomputed before and after the change);
 * frame aggregates slide one retractable accumulator over the partition (every supported
 * frame's start and end only move forward), so no frame is recomputed from scratch. A data
 * error (bigint overflow, ntile(0)) goes to the view's error collection and the partition
 * contributes no rows while it persists. Input is hash partitioned by the PARTITION BY keys.
 */
final class WindowOperator implements Operator {
    private final int[] partitionKeys;
    private final RowOrdering ordering;
    private final RowOrdering peerOrdering;
    private final List<WindowCall> calls;
    private final List<AggregateCall> aggregates;
    private KeyedValueState<TreeMap<Row, long[]>> partitions;
    private OperatorContext context;
    private ZSet pending = new ZSet();

    WindowOperator(List<Integer> partitionKeys, List<SortKey> order, List<WindowCall> calls) {
        this.partitionKeys = partitionKeys.stream().mapToInt(Integer::intValue).toArray();
        this.ordering = RowOrdering.total(order);
        this.peerOrdering = RowOrdering.keysOnly(order);
        this.calls = List.copyOf(calls);
        this.aggregates = new ArrayList<>(calls.size());
        for (WindowCall call : calls) {
            AggregateKind kind = aggregateKind(call);
            aggregates.add(kind == null ? null
                    : new AggregateCall(kind, call.args(), false, List.of(), -1, call.type()));
            if (call.frame().mode() == WindowFrame.Mode.RANGE
                    && (isOffset(call.frame().start()) || isOffset(call.frame().end()))) {
                throw RockStreamException.internal("RANGE frames with offsets are not supported: " + call, null);
            }
        }
    }

    @Override
    public void open(OperatorContext operatorContext) {
        this.context = operatorContext;
        this.partitions = operatorContext.state().valueState("window", StateSerializers.sortedRowCounts(ordering));
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        pending.addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        Map<Row, ZSet> byPartition = pending.consolidate().groupBy(partitionKeys);
        pending = new ZSet();
        for (Map.Entry<Row, ZSet> entry : byPartition.entrySet()) {
            TreeMap<Row, long[]> rows = partitions.get(entry.getKey());
            if (rows == null) {
                rows = new TreeMap<>(ordering);
            }
            Map<Row, Long> changes = new HashMap<>();
            evaluate(rows, -1, changes);
            ZSet rowChanges = entry.getValue();
            for (int i = 0; i < rowChanges.size(); i++) {
                long[] weight = rows.computeIfAbsent(rowChanges.row(i), r -> new long[1]);
                weight[0] += rowChanges.weight(i);
                if (weight[0] == 0) {
                    rows.remove(rowChanges.row(i));
                }
            }
            evaluate(rows, 1, changes);
            if (rows.isEmpty()) {
                partitions.remove(entry.getKey());
            } else {
                partitions.put(entry.getKey(), rows);
            }
            for (Map.Entry<Row, Long> change : changes.entrySet()) {
                if (change.getValue() != 0) {
                    output.add(change.getKey(), change.getValue());
                }
            }
        }
    }

    /**
     * Adds the partition's output rows, each with weight {@code sign}, to {@code into}; a data
     * error is reported with weight {@code sign} instead (negative weights in state are ignored).
     */
    private void evaluate(TreeMap<Row, long[]> sorted, long sign, Map<Row, Long> into) {
        if (sorted.isEmpty()) {
            return;
        }
        Partition partition = new Partition(sorted, peerOrdering);
        Object[][] columns = new Object[calls.size()][];
        try {
            for (int c = 0; c < columns.length; c++) {
                columns[c] = evaluate(calls.get(c), aggregates.get(c), partition);
            }
        } catch (RockStreamException error) {
            context.reportError(error, sign);
            return;
        }
        Row[] rows = partition.rows;
        for (int i = 0; i < rows.length; i++) {
            Object[] values = new Object[rows[i].size() + columns.length];
            for (int v = 0; v < rows[i].size(); v++) {
                values[v] = rows[i].get(v);
            }
            for (int c = 0; c < columns.length; c++) {
                values[rows[i].size() + c] = columns[c][i];
            }
            into.merge(Row.wrap(values), sign, Long::sum);
        }
    }

    /** One sorted partition, duplicates expanded, with the bounds of each row's peer group. */
    private static final class Partition {
        final Row[] rows;
        /** First row of row i's peer group. */
        final int[] peerStart;
        /** One past the last row of row i's peer group. */
        final int[] peerEnd;
        /** The 0-based number of row i's peer group. */
        final int[] peerGroup;

        Partition(TreeMap<Row, long[]> sorted, RowOrdering peerOrdering) {
            List<Row> expanded = new ArrayList<>();
            for (Map.Entry<Row, long[]> entry : sorted.entrySet()) {
                for (long copy = 0; copy < entry.getValue()[0]; copy++) {
                    expanded.add(entry.getKey());
                }
            }
            rows = expanded.toArray(Row[]::new);
            int n = rows.length;
            peerStart = new int[n];
            peerEnd = new int[n];
            peerGroup = new int[n];
            int start = 0;
            int group = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || peerOrdering.compare(rows[start], rows[i]) != 0) {
                    for (int j = start; j < i; j++) {
                        peerStart[j] = start;
                        peerEnd[j] = i;
                        peerGroup[j] = group;
                    }
                    start = i;
                    group++;
                }
            }
        }

        int size() {
            return rows.length;
        }
    }

    private static Object[] evaluate(WindowCall call, AggregateCall aggregate, Partition partition) {
        int n = partition.size();
        Object[] values = new Object[n];
        TypeKind type = call.type().kind();
        switch (call.kind()) {
            case ROW_NUMBER -> {
                for (int i = 0; i < n; i++) {
                    values[i] = integral(i + 1, type);
                }
            }
            case RANK -> {
                for (int i = 0; i < n; i++) {
                    values[i] = integral(partition.peerStart[i] + 1, type);
                }
            }
            case DENSE_RANK -> {
                for (int i = 0; i < n; i++) {
                    values[i] = integral(partition.peerGroup[i] + 1, type);
                }
            }
            case PERCENT_RANK -> {
                for (int i = 0; i < n; i++) {
                    values[i] = fractional(n > 1 ? (double) partition.peerStart[i] / (n - 1) : 0.0, type);
                }
            }
            case CUME_DIST -> {
                for (int i = 0; i < n; i++) {
                    values[i] = fractional((double) partition.peerEnd[i] / n, type);
                }
            }
            case NTILE -> ntile(call, partition, values);
            case LAG, LEAD -> offsetValue(call, partition, values);
            case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> frameValue(call, partition, values);
            case COUNT_STAR, COUNT, SUM, AVG, MIN, MAX -> frameAggregate(call, aggregate, partition, values);
        }
        return values;
    }

    /**
     * ntile(n) as PostgreSQL computes it: n is read at the partition's first row (a NULL there
     * gives NULL and n is read again at the next row); the first {@code rows % n} buckets get
     * one row more than the others.
     */
    private static void ntile(WindowCall call, Partition partition, Object[] values) {
        int column = call.args().get(0);
        TypeKind type = call.type().kind();
        long bucket = 0;
        long rowsInBucket = 0;
        long boundary = 0;
        long remainder = 0;
        for (int i = 0; i < partition.size(); i++) {
            if (bucket == 0) {
                Object buckets = partition.rows[i].get(column);
                if (buckets == null) {
                    values[i] = null;
                    continue;
                }
                long count = ((Number) buckets).longValue();
                if (count <= 0) {
                    throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_NTILE,
                            "argument of ntile must be greater than zero");
                }
                bucket = 1;
                boundary = partition.size() / count;
                if (boundary <= 0) {
                    boundary = 1;
                } else {
                    remainder = partition.size() % count;
                    if (remainder != 0) {
                        boundary++;
                    }
                }
            }
            rowsInBucket++;
            if (boundary < rowsInBucket) {
                if (remainder != 0 && bucket == remainder) {
                    remainder = 0;
                    boundary--;
                }
                bucket++;
                rowsInBucket = 1;
            }
            values[i] = integral(bucket, type);
        }
    }

    /**
     * lag/lead(value [, offset [, default]]): the value {@code offset} rows before (lag) or after
     * (lead) the current row in the partition, ignoring the frame; the default (NULL unless
     * given, read from the current row) when that row does not exist; NULL for a NULL offset.
     */
    private static void offsetValue(WindowCall call, Partition partition, Object[] values) {
        List<Integer> args = call.args();
        int value = args.get(0);
        boolean forward = call.kind() == WindowKind.LEAD;
        for (int i = 0; i < partition.size(); i++) {
            Row row = partition.rows[i];
            long offset = 1;
            if (args.size() > 1) {
                Object given = row.get(args.get(1));
                if (given == null) {
                    values[i] = null;
                    continue;
                }
                offset = ((Number) given).longValue();
            }
            long target = forward ? i + offset : i - offset;
            if (target >= 0 && target < partition.size()) {
                values[i] = partition.rows[(int) target].get(value);
            } else {
                values[i] = args.size() > 2 ? row.get(args.get(2)) : null;
            }
        }
    }

    /** first_value, last_value, nth_value(value, n): a row of the frame, NULL when there is none. */
    private static void frameValue(WindowCall call, Partition partition, Object[] values) {
        int value = call.args().get(0);
        WindowFrame frame = call.frame();
        for (int i = 0; i < partition.size(); i++) {
            int start = frameStart(frame, partition, i);
            int end = frameEnd(frame, partition, i);
            long position;
            if (call.kind() == WindowKind.NTH_VALUE) {
                Object nth = partition.rows[i].get(call.args().get(1));
                if (nth == null) {
                    values[i] = null;
                    continue;
                }
                long number = ((Number) nth).longValue();
                if (number <= 0) {
                    throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_NTH_VALUE,
                            "argument of nth_value must be greater than zero");
                }
                position = start + number - 1;
            } else {
                position = call.kind() == WindowKind.FIRST_VALUE ? start : end - 1;
            }
            values[i] = position >= start && position < end ? partition.rows[(int) position].get(value) : null;
        }
    }

    /**
     * count/sum/avg/min/max over the frame, with the GROUP BY accumulators: the frame
     * {@code [start, end)} only moves forward, so rows entering it are added and rows leaving
     * it retracted, O(1) (O(log n) for min/max) per row.
     */
    private static void frameAggregate(WindowCall call, AggregateCall aggregate, Partition partition,
            Object[] values) {
        Accumulator accumulator = Accumulators.create(aggregate);
        WindowFrame frame = call.frame();
        int low = 0;
        int high = 0;
        for (int i = 0; i < partition.size(); i++) {
            int start = frameStart(frame, partition, i);
            int end = Math.max(start, frameEnd(frame, partition, i));
            while (high < end) {
                accumulator.add(partition.rows[high++], 1);
            }
            while (low < start) {
                accumulator.add(partition.rows[low++], -1);
            }
            values[i] = accumulator.result();
        }
    }

    /** The first row of row i's frame, in [0, n]. */
    private static int frameStart(WindowFrame frame, Partition partition, int i) {
        int n = partition.size();
        boolean rows = frame.mode() == WindowFrame.Mode.ROWS;
        return switch (frame.start()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> (int) Math.max(0, i - Math.min(frame.startOffset(), n));
            case CURRENT_ROW -> rows ? i : partition.peerStart[i];
            case FOLLOWING -> (int) Math.min(n, i + Math.min(frame.startOffset(), n));
            case UNBOUNDED_FOLLOWING -> n;
        };
    }

    /** One past the last row of row i's frame, in [0, n]. */
    private static int frameEnd(WindowFrame frame, Partition partition, int i) {
        int n = partition.size();
        boolean rows = frame.mode() == WindowFrame.Mode.ROWS;
        return switch (frame.end()) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> (int) Math.max(0, i + 1 - Math.min(frame.endOffset(), n + 1));
            case CURRENT_ROW -> rows ? i + 1 : partition.peerEnd[i];
            case FOLLOWING -> (int) Math.min(n, i + 1 + Math.min(frame.endOffset(), n));
            case UNBOUNDED_FOLLOWING -> n;
        };
    }

    private static boolean isOffset(WindowFrame.Bound bound) {
        return bound == WindowFrame.Bound.PRECEDING || bound == WindowFrame.Bound.FOLLOWING;
    }

    private static AggregateKind aggregateKind(WindowCall call) {
        return switch (call.kind()) {
            case COUNT_STAR -> AggregateKind.COUNT_STAR;
            case COUNT -> AggregateKind.COUNT;
            case SUM -> AggregateKind.SUM;
            case AVG -> AggregateKind.AVG;
            case MIN -> AggregateKind.MIN;
            case MAX -> AggregateKind.MAX;
            case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE,
                    NTH_VALUE -> null;
        };
    }

    /** A count or position as a value of the call's result type (bigint for the ranking functions). */
    private static Object integral(long value, TypeKind type) {
        return switch (type) {
            case SMALLINT -> (short) value;
            case INTEGER -> (int) value;
            case BIGINT -> value;
            case NUMERIC -> BigDecimal.valueOf(value);
            case REAL -> (float) value;
            case DOUBLE -> (double) value;
            case UNKNOWN, BOOLEAN, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA ->
                    throw new IllegalStateException("a window position cannot be " + type);
        };
    }

    /** A fraction (percent_rank, cume_dist) as a value of the call's result type (double precision). */
    private static Object fractional(double value, TypeKind type) {
        return switch (type) {
            case REAL -> (float) value;
            case DOUBLE -> value;
            case NUMERIC -> BigDecimal.valueOf(value);
            case UNKNOWN, BOOLEAN, SMALLINT, INTEGER, BIGINT, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP,
                    TIMESTAMPTZ, INTERVAL, BYTEA -> throw new IllegalStateException("a fraction cannot be " + type);
        };
    }
}
