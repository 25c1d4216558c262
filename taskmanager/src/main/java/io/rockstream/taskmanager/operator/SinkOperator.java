package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.Collector;

/**
 * Materializes a view: collects the epoch's delta and, at the barrier, hands it
 * consolidated to the JobManager, which applies it to the view's contents once the epoch is
 * complete everywhere. State: none here (the view's contents live with the JobManager).
 */
final class SinkOperator implements Operator {
    private ZSet pending = new ZSet();
    private OperatorContext context;

    @Override
    public void open(OperatorContext operatorContext) {
        this.context = operatorContext;
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        pending.addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        ZSet delta = pending.consolidate();
        pending = new ZSet();
        context.completeSinkEpoch(epoch, delta);
    }
}
