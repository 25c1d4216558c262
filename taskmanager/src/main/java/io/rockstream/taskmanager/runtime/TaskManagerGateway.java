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
    /** Deploys a job over heap state, e.g. an ad hoc query's one-epoch job. */
    void deploy(JobGraph graph, JobManagerGateway jobManager);

    /**
     * Deploys a job; with {@code durable} its subtasks keep their state in the TaskManager's
     * durable store (when it has one) and find there what the same job stored before, e.g.
     * after a restore from a checkpoint.
     */
    void deploy(JobGraph graph, JobManagerGateway jobManager, boolean durable);

    /**
     * Deploys a view's job wherever the cluster has room; the job starts with empty state and
     * is fed its inputs by the caller (a backfill), so it may run on another process. A single
     * TaskManager deploys it here, as {@link #deploy(JobGraph, JobManagerGateway, boolean)}.
     */
    default void deployAnywhere(JobGraph graph, JobManagerGateway jobManager, boolean durable) {
        deploy(graph, jobManager, durable);
    }

    /**
     * {@link #deployAnywhere(JobGraph, JobManagerGateway, boolean)} whose subtask index i of
     * every vertex first loads its state from the state checkpoint {@code restore.get(i)} (a
     * serialized description); the job then goes on from the epoch of that checkpoint. With
     * {@code rescaledFrom} (each vertex's parallelism before) not empty, the job was rescaled:
     * {@code restore} holds the slots of its previous deployment.
     */
    default void deployAnywhere(JobGraph graph, JobManagerGateway jobManager, boolean durable,
            Map<Integer, byte[]> restore, Map<Integer, Integer> rescaledFrom) {
        if (!restore.isEmpty()) {
            throw new UnsupportedOperationException("this TaskManager cannot restore state");
        }
        deployAnywhere(graph, jobManager, durable);
    }

    /** True when {@code job} runs in this JVM, so its durable state is in this JVM's store. */
    default boolean runsLocally(JobId job) {
        return true;
    }

    /** Whether the job's deployment was lost with a TaskManager running part of it (never, in one JVM). */
    default boolean lost(JobId job) {
        return false;
    }

    void cancel(JobId job);

    /**
     * Deletes the durable state of {@code job} (its view was dropped). The job must be
     * cancelled first; dropping the state of a job without durable state does nothing.
     */
    void dropState(JobId job);

    /**
     * Starts {@code epoch} for {@code job}: every Source vertex reading relation r gets
     * {@code inputs.get(r)} (absent = no change), then the barrier; constant vertices get
     * the barrier only.
     */
    void injectEpoch(JobId job, long epoch, Map<String, ZSet> inputs);

    /**
     * Sends part of the next epoch's input: every Source vertex of {@code job} reading
     * {@code relation} gets {@code chunk}; the epoch's {@link #injectEpoch} follows. Waits
     * while the job has many batches in flight, so a relation streamed in chunks never piles
     * up in mailboxes. Call only when the job's previous epoch is complete (e.g. for its
     * first epoch), and from one thread at a time per job.
     */
    void injectData(JobId job, String relation, ZSet chunk);

    /**
     * The status of every subtask of {@code job}, by vertex then index; empty when it is not
     * deployed here. The state sizes (costlier: the store is asked) only with {@code stateSizes},
     * else -1.
     */
    java.util.List<SubtaskStatus> status(JobId job, boolean stateSizes);

    /** The last epoch injected into {@code job} (-1 before the first, or when it is not deployed here). */
    long injectedEpoch(JobId job);

    /** What this TaskManager is and holds, for monitoring. */
    TaskManagerStatus status();

    /** A TaskManager's identity, slots, and what runs in them. */
    record TaskManagerStatus(String id, String address, int slots, int busySlots, int jobs, int subtasks) {
    }
}
