package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.Collector;

/** UNION ALL. Delta rule: {@code Δout = ΔA + ΔB} (linear). State: none. */
final class UnionAllOperator implements Operator {
    @Override
    public void open(OperatorContext context) {
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        delta.forEach(output::add);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
    }
}
