package io.rockstream.jobmanager;

import java.util.function.LongConsumer;

/** Seeded simulation runs of the coordinator's state machines: a failure names its seed. */
public final class SeededRuns {
    private SeededRuns() {
    }

    /** Runs {@code run} for seeds 1 to {@code count}; the first failure is rethrown with its seed. */
    public static void forSeeds(String machine, long count, LongConsumer run) {
        for (long seed = 1; seed <= count; seed++) {
            try {
                run.accept(seed);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(machine + " simulation failed at seed " + seed + " (replay: new Run(" + seed
                        + ").run()): " + failure.getMessage(), failure);
            }
        }
    }
}
