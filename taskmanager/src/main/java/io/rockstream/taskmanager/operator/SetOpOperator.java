package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.graph.OperatorSpec.SetOpKind;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.HashMap;
import java.util.Map;

/**
 * INTERSECT [ALL] and EXCEPT [ALL] of inputs A (0) and B (1). Delta rule: per touched row,
 * {@code Δout = f(a + Δa, b + Δb) - f(a, b)} with f = min(a,b) for INTERSECT ALL,
 * [a>0 ∧ b>0] for INTERSECT, max(a-b, 0) for EXCEPT ALL, [a>0 ∧ b≤0] for EXCEPT.
 * State: row → (a, b). Inputs are partitioned by the whole row.
 */
final class SetOpOperator implements Operator {
    private final SetOpKind kind;
    private final boolean all;
    private KeyedValueState<long[]> counts;
    private ZSet pendingLeft = new ZSet();
    private ZSet pendingRight = new ZSet();

    SetOpOperator(SetOpKind kind, boolean all) {
        this.kind = kind;
        this.all = all;
    }

    @Override
    public void open(OperatorContext context) {
        counts = context.state().valueState("setop", StateSerializers.LONGS);
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        (input == 0 ? pendingLeft : pendingRight).addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        Map<Row, long[]> touched = new HashMap<>();
        pendingLeft.forEach((row, weight) -> touched.computeIfAbsent(row, r -> new long[2])[0] += weight);
        pendingRight.forEach((row, weight) -> touched.computeIfAbsent(row, r -> new long[2])[1] += weight);
        pendingLeft = new ZSet();
        pendingRight = new ZSet();
        for (Map.Entry<Row, long[]> entry : touched.entrySet()) {
            Row row = entry.getKey();
            long[] change = entry.getValue();
            long[] state = counts.get(row);
            long a = state == null ? 0 : state[0];
            long b = state == null ? 0 : state[1];
            long before = result(a, b);
            long after = result(a + change[0], b + change[1]);
            if (a + change[0] == 0 && b + change[1] == 0) {
                counts.remove(row);
            } else if (state == null) {
                counts.put(row, new long[] {change[0], change[1]});
            } else {
                state[0] += change[0];
                state[1] += change[1];
            }
            if (after != before) {
                output.add(row, after - before);
            }
        }
    }

    private long result(long a, long b) {
        return switch (kind) {
            case INTERSECT -> all ? Math.max(0, Math.min(a, b)) : (a > 0 && b > 0 ? 1 : 0);
            case EXCEPT -> all ? Math.max(0, a - Math.max(b, 0)) : (a > 0 && b <= 0 ? 1 : 0);
        };
    }
}
