package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.SubtaskId;

/**
 * What monitoring sees of one subtask at one moment: the rows it consumed and produced since
 * it was deployed, the time it spent processing, the messages waiting in its mailbox, and
 * its state's approximate size (-1 when the state backend cannot tell), and the last epoch it
 * finished (-1 before its first).
 */
public record SubtaskStatus(SubtaskId id, long rowsIn, long rowsOut, long busyNanos, int queuedMessages,
        long stateBytes, long lastEpoch) {
}
