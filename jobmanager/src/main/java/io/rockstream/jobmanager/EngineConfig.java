package io.rockstream.jobmanager;

/**
 * Settings of an embedded engine: the parallelism of stateful vertices and the number of
 * TaskManager slots (threads).
 */
public record EngineConfig(int parallelism, int slots) {
    public EngineConfig {
        if (parallelism < 1 || slots < 1) {
            throw new IllegalArgumentException("parallelism and slots must be positive");
        }
    }

    /** Parallelism 2 (exchanges are always exercised) and one slot per core. */
    public static EngineConfig defaults() {
        return new EngineConfig(2, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
