package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.row.ZSet;

/** What arrives in a subtask's mailbox. */
sealed interface Message {
    /**
     * A delta on input {@code input} from channel {@code channel} (the producer's index);
     * {@code handled} (may be null) runs once the subtask has processed it: a batch from
     * another TaskManager gives its channel's credit back.
     */
    record Data(int input, int channel, ZSet delta, Runnable handled) implements Message {
        Data(int input, int channel, ZSet delta) {
            this(input, channel, delta, null);
        }
    }

    /** The barrier of {@code epoch} on one channel. */
    record Barrier(int input, int channel, long epoch) implements Message {
    }

    /** From the JobManager to a source subtask: part of the coming epoch's input, no barrier. */
    record InjectData(ZSet delta) implements Message {
    }

    /** From the JobManager to a source subtask: this epoch's input (may be empty), then the barrier. */
    record Inject(long epoch, ZSet delta) implements Message {
    }
}
