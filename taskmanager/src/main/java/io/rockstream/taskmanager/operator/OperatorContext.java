package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.StateBackend;

/** What a subtask offers its operator. */
public interface OperatorContext {
    SubtaskId subtask();

    StateBackend state();

    /**
     * A data error caused by an input row of weight {@code weight}: it becomes part of the
     * view's error collection (retracted when the row is deleted) instead of failing the job.
     */
    void reportError(RockStreamException error, long weight);

    /** For sinks: hands the view's delta of {@code epoch} to the JobManager. */
    void completeSinkEpoch(long epoch, ZSet delta);
}
