package io.rockstream.jobmanager;

import static java.util.Objects.requireNonNull;

import io.rockstream.statebackend.objectstore.ObjectStore;
import java.util.Optional;

/**
 * Settings of an embedded engine: the parallelism of stateful vertices, the number of
 * TaskManager slots (threads), and where state is durable. Without storage the engine keeps
 * everything in memory; with it, every acknowledged change is in the object store first,
 * and a checkpoint is taken every {@code checkpointEpochs} epochs but not more often than
 * every {@code checkpointIntervalMillis} (docs/decisions.md explains the defaults), keeping
 * the newest {@code retainedCheckpoints}.
 */
public record EngineConfig(int parallelism, int slots, Optional<ObjectStore> storage, int checkpointEpochs,
        long checkpointIntervalMillis, int retainedCheckpoints) {
    public static final int DEFAULT_CHECKPOINT_EPOCHS = 100;
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 10_000;
    public static final int DEFAULT_RETAINED_CHECKPOINTS = 3;

    public EngineConfig {
        requireNonNull(storage, "storage is null");
        if (parallelism < 1 || slots < 1) {
            throw new IllegalArgumentException("parallelism and slots must be positive");
        }
        if (checkpointEpochs < 1 || checkpointIntervalMillis < 0 || retainedCheckpoints < 1) {
            throw new IllegalArgumentException("checkpoint settings must be positive");
        }
    }

    public EngineConfig(int parallelism, int slots) {
        this(parallelism, slots, Optional.empty(), DEFAULT_CHECKPOINT_EPOCHS, DEFAULT_CHECKPOINT_INTERVAL_MILLIS,
                DEFAULT_RETAINED_CHECKPOINTS);
    }

    /** Parallelism 2 (exchanges are always exercised), one slot per core, state in memory. */
    public static EngineConfig defaults() {
        return new EngineConfig(2, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The same settings with state durable in {@code store}. */
    public EngineConfig withStorage(ObjectStore store) {
        return new EngineConfig(parallelism, slots, Optional.of(store), checkpointEpochs, checkpointIntervalMillis,
                retainedCheckpoints);
    }

    /** The same settings with another checkpoint cadence. */
    public EngineConfig withCheckpoints(int epochs, long intervalMillis, int retained) {
        return new EngineConfig(parallelism, slots, storage, epochs, intervalMillis, retained);
    }
}
