package io.rockstream.jobmanager.cluster;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the cluster coordinator hears: from TaskManagers (over the control channel), from
 * the JobManager itself (jobs submitted and cancelled), and from its clock. Every event
 * carries the time it is handled at, so the coordinator never reads a clock itself.
 */
public sealed interface ClusterEvent {
    /** Milliseconds on the JobManager's clock when the event is handled. */
    long now();

    /**
     * A TaskManager (re)connected with {@code slots} slots; {@code running} are the job
     * attempts it still runs (after a JobManager restart, or a network cut it survived).
     */
    record Registered(long now, String taskManager, String incarnation, int slots, Set<AttemptId> running)
            implements ClusterEvent {
        public Registered {
            Objects.requireNonNull(taskManager, "taskManager is null");
            Objects.requireNonNull(incarnation, "incarnation is null");
            running = Set.copyOf(running);
            if (slots < 1) {
                throw new IllegalArgumentException("a TaskManager needs a slot: " + slots);
            }
        }
    }

    /** A TaskManager is alive. */
    record Heartbeat(long now, String taskManager, String incarnation) implements ClusterEvent {
    }

    /** The clock moved: time to look for lost TaskManagers, stuck deployments and due checkpoints. */
    record Tick(long now) implements ClusterEvent {
    }

    /** A job to run: its vertices' parallelism and its number of key groups. */
    record JobSubmitted(long now, JobSpec job) implements ClusterEvent {
    }

    /** The job ends for good (its view was dropped). */
    record JobCancelled(long now, JobId job) implements ClusterEvent {
    }

    /** A subtask of an attempt is deployed (its state restored) and running. */
    record Deployed(long now, AttemptId attempt, SubtaskId subtask, String taskManager) implements ClusterEvent {
    }

    /** A subtask of an attempt failed (an operator threw, its state could not be restored ...). */
    record SubtaskFailed(long now, AttemptId attempt, SubtaskId subtask, String reason) implements ClusterEvent {
    }

    /** A subtask stored its state for a checkpoint (its barrier passed). */
    record CheckpointAcknowledged(long now, AttemptId attempt, long checkpoint, SubtaskId subtask)
            implements ClusterEvent {
    }

    /** The connection to a TaskManager broke (it may come back and register again). */
    record Disconnected(long now, String taskManager) implements ClusterEvent {
    }

    /** One vertex of a job to schedule. */
    record VertexSpec(int vertex, int parallelism) {
        public VertexSpec {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
            }
        }
    }

    /** A job as the scheduler sees it. */
    record JobSpec(JobId id, List<VertexSpec> vertices, int maxParallelism) {
        public JobSpec {
            Objects.requireNonNull(id, "id is null");
            vertices = List.copyOf(vertices);
            if (vertices.isEmpty()) {
                throw new IllegalArgumentException("a job needs a vertex");
            }
            for (VertexSpec vertex : vertices) {
                if (vertex.parallelism() > maxParallelism) {
                    throw new IllegalArgumentException("parallelism " + vertex.parallelism() + " exceeds the "
                            + maxParallelism + " key groups");
                }
            }
        }

        /** Slots the job needs: with slot sharing, one per subtask index of its widest vertex. */
        public int slots() {
            return vertices.stream().mapToInt(VertexSpec::parallelism).max().orElse(1);
        }

        public int subtasks() {
            return vertices.stream().mapToInt(VertexSpec::parallelism).sum();
        }
    }

    /**
     * One run of a job: a job restarts as a new attempt, and whatever an older attempt still
     * says is ignored. {@code leader} is the JobManager's term (it grows at every JobManager
     * start), so attempts of a restarted JobManager are newer than any before.
     */
    record AttemptId(JobId job, long leader, long number) implements Comparable<AttemptId> {
        /** By job, then oldest first. */
        @Override
        public int compareTo(AttemptId other) {
            int byJob = job.value().compareTo(other.job.value());
            if (byJob != 0) {
                return byJob;
            }
            int byLeader = Long.compare(leader, other.leader);
            return byLeader != 0 ? byLeader : Long.compare(number, other.number);
        }

        @Override
        public String toString() {
            return job.value() + "#" + leader + "." + number;
        }
    }
}
