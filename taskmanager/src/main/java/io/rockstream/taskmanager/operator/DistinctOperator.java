package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.runtime.Collector;

/**
 * DISTINCT. Delta rule: a row is emitted with +1 when its weight goes from ≤ 0 to > 0 and
 * with -1 when it goes back. State: row → weight. Input is partitioned by the whole row.
 *
 * <pre>
 * epoch | input        | weight(a) | output
 *   1   | (a,+1),(a,+1) |    2      | (a,+1)
 *   2   | (a,-1)        |    1      |
 *   3   | (a,-1)        |    0      | (a,-1)
 * </pre>
 */
final class DistinctOperator implements Operator {
    private KeyedValueState<long[]> weights;
    private ZSet pending = new ZSet();

    @Override
    public void open(OperatorContext context) {
        weights = context.state().valueState("distinct", StateSerializers.LONGS);
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        pending.addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        ZSet delta = pending.consolidate();
        pending = new ZSet();
        for (int i = 0; i < delta.size(); i++) {
            Row row = delta.row(i);
            long[] weight = weights.get(row);
            long before = weight == null ? 0 : weight[0];
            long after = before + delta.weight(i);
            if (after == 0) {
                weights.remove(row);
            } else if (weight == null) {
                weights.put(row, new long[] {after});
            } else {
                weight[0] = after;
            }
            if (before <= 0 && after > 0) {
                output.add(row, 1);
            } else if (before > 0 && after <= 0) {
                output.add(row, -1);
            }
        }
    }
}
