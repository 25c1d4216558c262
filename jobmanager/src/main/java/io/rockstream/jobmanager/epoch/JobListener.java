package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.row.ZSet;

/** Told when every sink subtask of a job has finished an epoch, or when the job failed. */
public interface JobListener {
    /**
     * @param delta the job's output change in the epoch, consolidated
     * @param errors data errors raised in the epoch, as (sqlstate, message) rows with weights
     */
    void epochCompleted(long epoch, ZSet delta, ZSet errors);

    void failed(Throwable failure);
}
