package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ORDER BY ... LIMIT/OFFSET per partition (top-k). Delta rule: for each partition touched
 * in the epoch, {@code Δout = topk(rows + Δ) - topk(rows)}, where topk keeps the rows ranked
 * {@code [offset, offset + limit)} counting duplicates. Ties in the ORDER BY keys are
 * broken by the whole row ascending. State: the partition's rows, sorted, with weights.
 */
final class TopKOperator implements Operator {
    private final int[] partitionKeys;
    private final RowOrdering ordering;
    private final long limit;
    private final long offset;
    private KeyedValueState<TreeMap<Row, long[]>> partitions;
    private ZSet pending = new ZSet();

    TopKOperator(List<Integer> partitionKeys, List<SortKey> order, long limit, long offset) {
        this.partitionKeys = partitionKeys.stream().mapToInt(Integer::intValue).toArray();
        this.ordering = RowOrdering.total(order);
        this.limit = limit;
        this.offset = offset;
    }

    @Override
    public void open(OperatorContext context) {
        partitions = context.state().valueState("topk", StateSerializers.sortedRowCounts(ordering));
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
            Map<Row, Long> before = top(rows);
            ZSet changes = entry.getValue();
            for (int i = 0; i < changes.size(); i++) {
                long[] weight = rows.computeIfAbsent(changes.row(i), r -> new long[1]);
                weight[0] += changes.weight(i);
                if (weight[0] == 0) {
                    rows.remove(changes.row(i));
                }
            }
            Map<Row, Long> after = top(rows);
            if (rows.isEmpty()) {
                partitions.remove(entry.getKey());
            } else {
                partitions.put(entry.getKey(), rows);
            }
            Set<Row> all = new HashSet<>(before.keySet());
            all.addAll(after.keySet());
            for (Row row : all) {
                long change = after.getOrDefault(row, 0L) - before.getOrDefault(row, 0L);
                if (change != 0) {
                    output.add(row, change);
                }
            }
        }
    }

    /** The rows ranked [offset, offset + limit), duplicates counted; negative weights ignored. */
    private Map<Row, Long> top(TreeMap<Row, long[]> rows) {
        Map<Row, Long> result = new HashMap<>();
        long skip = offset;
        long take = limit < 0 ? Long.MAX_VALUE : limit;
        for (Map.Entry<Row, long[]> entry : rows.entrySet()) {
            if (take <= 0) {
                break;
            }
            long count = entry.getValue()[0];
            if (count <= 0) {
                continue;
            }
            long skipped = Math.min(skip, count);
            skip -= skipped;
            count -= skipped;
            long taken = Math.min(take, count);
            if (taken > 0) {
                result.put(entry.getKey(), taken);
                take -= taken;
            }
        }
        return result;
    }
}
