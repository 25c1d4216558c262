package io.rockstream.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall and CPU time of this JVM, two ways:
 * <ul>
 *   <li><em>process CPU</em>: {@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()},
 *       every thread including the garbage collector and the JIT; on Linux the JDK reads it
 *       with {@code times(2)}, so it moves in 10 ms clock ticks: right for long phases and for
 *       totals over many statements, useless for one sub-millisecond statement;</li>
 *   <li><em>Java threads CPU</em>: the sum of every live Java thread's CPU clock
 *       (nanosecond resolution): the engine's slots, its epoch coordinator and the caller,
 *       but not GC or JIT threads, nor threads that ended in between.</li>
 * </ul>
 */
public final class ProcessClock {
    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ProcessClock() {
    }

    public static long processCpuNanos() {
        return SYSTEM.getProcessCpuTime();
    }

    public static long threadsCpuNanos() {
        long total = 0;
        for (long nanos : THREADS.getThreadCpuTime(THREADS.getAllThreadIds())) {
            if (nanos > 0) {
                total += nanos;
            }
        }
        return total;
    }

    /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}, 100 if it cannot tell). */
    public static final long CLOCK_TICKS = clockTicks();

    /** User plus system CPU time of another process (e.g. a PostgreSQL backend), if {@code /proc} tells. */
    public static java.util.Optional<Long> cpuNanosOf(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the parenthesized command name; utime and stime are fields 14 and 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return java.util.Optional.of(ticks * 1_000_000_000L / CLOCK_TICKS);
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim();
            process.waitFor();
            return Long.parseLong(out);
        } catch (java.io.IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** CPU time of the calling thread (nanosecond resolution). */
    public static long currentThreadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** A measurement in progress; {@link Span#stop()} returns what was spent since it started. */
    public static Span start() {
        long threads = threadsCpuNanos();
        long process = processCpuNanos();
        return new Span(System.nanoTime(), process, threads);
    }

    public record Span(long wallStart, long processStart, long threadsStart) {
        public Spent stop() {
            long wall = System.nanoTime();
            long process = processCpuNanos();
            long threads = threadsCpuNanos();
            return new Spent(wall - wallStart, process - processStart, threads - threadsStart);
        }
    }

    /** Nanoseconds of wall-clock, process CPU and Java threads CPU time. */
    public record Spent(long wallNanos, long processCpuNanos, long threadsCpuNanos) {
    }
}
