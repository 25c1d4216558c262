package io.rockstream.bench.flink;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads this process's CPU time and peak resident set size. The peak comes from Linux's
 * {@code VmHWM} in {@code /proc/self/status}, reset by writing 5 to {@code /proc/self/clear_refs};
 * on other systems, or where that is not allowed, the peak is -1.
 */
final class ProcessProbe {

    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessProbe() {
    }

    /** CPU time of all threads of this JVM so far, in nanoseconds, or -1 if the JVM does not tell. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        return -1;
    }

    /** Resets the peak resident set size to the current one; ignores a system that does not allow it. */
    static void resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not permitted: the peak then covers the JVM's whole life
        }
    }

    /** The peak resident set size (VmHWM) in bytes, or -1 if it cannot be read. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no peak
        }
        return -1;
    }
}
