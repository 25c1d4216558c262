package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.Collector;

/**
 * The change stream of a table or view, as the JobManager injects it each epoch.
 * Delta rule: output = input. State: none.
 */
final class SourceOperator implements Operator {
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
