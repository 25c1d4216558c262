package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.Collector;

/**
 * An incremental operator: consumes the deltas of its inputs and produces the delta of its
 * output. One instance per subtask, called only from that subtask's thread.
 *
 * <p>Within an epoch, {@link #processBatch} may be called many times; linear operators
 * emit at once, stateful ones collect and consolidate the epoch's input and do their work
 * in {@link #finishEpoch}, reading and writing state once per touched key (ARCHITECTURE.md
 * §7, "consolidate before touching state"). After {@code finishEpoch(e)} the output for
 * epoch e is complete.
 */
public interface Operator {
    void open(OperatorContext context);

    void processBatch(int input, ZSet delta, Collector output);

    void finishEpoch(long epoch, Collector output);
}
