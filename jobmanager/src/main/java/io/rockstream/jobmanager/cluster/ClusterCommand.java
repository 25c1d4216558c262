package io.rockstream.jobmanager.cluster;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;

/**
 * What the cluster coordinator asks for in answer to an event: messages to TaskManagers,
 * and notices for the JobManager (what became visible or durable).
 */
public sealed interface ClusterCommand {
    /**
     * Runs {@code subtask} of {@code attempt} on {@code taskManager}, owning key groups
     * [{@code firstKeyGroup}, {@code endKeyGroup}), with its state from checkpoint
     * {@code restoreFrom} (-1: start empty).
     */
    record Deploy(String taskManager, ClusterEvent.AttemptId attempt, SubtaskId subtask, int slot, int firstKeyGroup,
            int endKeyGroup, long restoreFrom) implements ClusterCommand {
    }

    /**
     * {@code taskManager} is not registered (under the incarnation it spoke for): it must
     * register again, e.g. after its registration was lost or the JobManager restarted.
     */
    record Reregister(String taskManager) implements ClusterCommand {
    }

    /** Stops every subtask of {@code attempt} on {@code taskManager}. */
    record Cancel(String taskManager, ClusterEvent.AttemptId attempt) implements ClusterCommand {
    }

    /** Injects the barrier of checkpoint {@code checkpoint} into the sources of {@code attempt}. */
    record TriggerCheckpoint(ClusterEvent.AttemptId attempt, long checkpoint) implements ClusterCommand {
    }

    /** Every subtask of the attempt stored its state for the checkpoint: it can be restored from. */
    record CheckpointCompleted(JobId job, ClusterEvent.AttemptId attempt, long checkpoint) implements ClusterCommand {
    }

    /** Every subtask of the attempt is deployed: the job runs. */
    record JobRunning(ClusterEvent.AttemptId attempt) implements ClusterCommand {
    }

    /** The job restarts from its latest complete checkpoint, for {@code reason}. */
    record JobRestarting(JobId job, String reason, long restoreFrom) implements ClusterCommand {
    }

    /** Too few free slots: the job waits until TaskManagers offer more. */
    record JobWaiting(JobId job, int slotsNeeded, int slotsFree) implements ClusterCommand {
    }
}
