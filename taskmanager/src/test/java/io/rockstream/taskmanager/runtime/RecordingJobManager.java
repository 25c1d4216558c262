package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A JobManager for TaskManager tests: collects sink deltas; data errors and failures are failures. */
public final class RecordingJobManager implements JobManagerGateway {
    public final BlockingQueue<ZSet> sinkDeltas = new LinkedBlockingQueue<>();
    public final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    @Override
    public void sinkEpochCompleted(SubtaskId subtask, long epoch, ZSet delta) {
        sinkDeltas.add(delta);
    }

    @Override
    public void dataErrors(SubtaskId subtask, long epoch, ZSet errors) {
        failures.add(new AssertionError("data errors " + errors));
    }

    @Override
    public void subtaskFailed(SubtaskId subtask, Throwable failure) {
        failures.add(failure);
    }
}
