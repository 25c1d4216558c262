package io.rockstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Memory figures of this JVM: peak resident set (heap, RocksDB and everything else) and heap settings. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** {@code VmHWM} of {@code /proc/self/status}: the peak resident set size in bytes, or -1 where there is none. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The heap and collector options this JVM was started with, and its maximum heap. */
    public static String heapSettings() {
        String options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-Xm") || option.startsWith("-XX:+Use") && option.endsWith("GC"))
                .collect(Collectors.joining(" "));
        return (options.isEmpty() ? "(JVM defaults)" : options) + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB";
    }

    /** Collects garbage so a phase does not pay for the previous one's; returns the heap in use. */
    public static long gc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
