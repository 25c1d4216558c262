package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.ZSet;
import java.util.Map;

/**
 * What the JobManager tells a TaskManager: deploy and cancel jobs, and inject each epoch's
 * input and barrier into their sources. The embedded engine calls a local TaskManager
 * through this interface; a cluster sends the same calls over the control channel.
 */
public interface TaskManagerGateway {
    void deploy(JobGraph graph, JobManagerGateway jobManager);

    void cancel(JobId job);

    /**
     * Starts {@code epoch} for {@code job}: every Source vertex reading relation r gets
     * {@code inputs.get(r)} (absent = no change), then the barrier; constant vertices get
     * the barrier only.
     */
    void injectEpoch(JobId job, long epoch, Map<String, ZSet> inputs);
}
