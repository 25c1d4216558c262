package io.rockstream.statebackend;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;

/** Creates the state backend of each subtask a TaskManager runs. */
public interface StateBackendFactory {
    /** Heap state for every subtask: nothing survives the job. */
    StateBackendFactory HEAP = new StateBackendFactory() {
        @Override
        public StateBackend create(SubtaskId subtask, int maxParallelism) {
            return new HeapStateBackend();
        }

        @Override
        public void dropJob(JobId job) {
        }
    };

    /**
     * The backend of {@code subtask} of a job with {@code maxParallelism} key groups. A
     * durable factory returns a backend over the state the same subtask stored before.
     */
    StateBackend create(SubtaskId subtask, int maxParallelism);

    /** Deletes every stored state of {@code job}; its subtasks must not run any more. */
    void dropJob(JobId job);

    /**
     * Loads the state of subtask index i of every vertex of {@code job} from the state
     * checkpoint {@code checkpoints.get(i)} (its serialized description, e.g. another
     * TaskManager's), before the job is deployed here; the job has no state here. A factory
     * without durable state cannot.
     */
    default void restoreSlots(JobId job, java.util.Map<Integer, byte[]> checkpoints) {
        if (!checkpoints.isEmpty()) {
            throw new UnsupportedOperationException("this TaskManager keeps no durable state to restore into");
        }
    }

    /**
     * Loads the state of the local {@code slots} of a rescaled {@code job} from the state
     * checkpoints of its previous deployment ({@code checkpoints.get(i)}: old slot i): a
     * vertex whose parallelism stayed takes its subtask's state as it was; one whose
     * parallelism changed (from {@code oldParallelism.get(vertex)} to
     * {@code newParallelism.get(vertex)}) takes its new key-group range from every old
     * subtask of the vertex ({@link KeyGroups}).
     */
    default void redistributeSlots(JobId job, java.util.Set<Integer> slots, java.util.Map<Integer, byte[]> checkpoints,
            java.util.Map<Integer, Integer> oldParallelism, java.util.Map<Integer, Integer> newParallelism,
            int maxParallelism) {
        throw new UnsupportedOperationException("this TaskManager keeps no durable state to restore into");
    }
}
