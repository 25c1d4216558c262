package io.rockstream.bench;

/**
 * What a repeated measurement spent: per-repetition samples of wall time and Java threads
 * CPU (fine-grained), and the process CPU total, whose mean per repetition is accurate over
 * many repetitions even though each reading moves in clock ticks.
 */
final class Meter {
    private final Samples wall = new Samples();
    private final Samples threadsCpu = new Samples();
    private long processCpuTotal;

    void add(ProcessClock.Spent spent) {
        wall.add(spent.wallNanos());
        threadsCpu.add(spent.threadsCpuNanos());
        processCpuTotal += spent.processCpuNanos();
    }

    int count() {
        return wall.size();
    }

    Samples wall() {
        return wall;
    }

    Samples threadsCpu() {
        return threadsCpu;
    }

    /** Process CPU per repetition, averaged over all of them (includes GC and JIT). */
    double processCpuMean() {
        return (double) processCpuTotal / count();
    }
}
