package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;

/**
 * What a TaskManager tells the JobManager. Locally a direct call; across processes a
 * control RPC. Calls come from subtask threads and must not block for long.
 */
public interface JobManagerGateway {
    /**
     * A sink subtask has aligned the barrier of {@code epoch}: {@code delta} is its part of
     * the view's change in that epoch (consolidated).
     */
    void sinkEpochCompleted(SubtaskId subtask, long epoch, ZSet delta);

    /**
     * A subtask hit data errors (for example a division by zero in a view's expression) in
     * {@code epoch}: rows are (sqlstate, message) with weights, so a later delete retracts them.
     * Reported before the subtask forwards its barrier.
     */
    void dataErrors(SubtaskId subtask, long epoch, ZSet errors);

    /** A subtask failed with an internal error; its job cannot continue. */
    void subtaskFailed(SubtaskId subtask, Throwable failure);
}
