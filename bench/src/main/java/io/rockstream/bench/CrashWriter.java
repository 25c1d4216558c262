package io.rockstream.bench;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A crash with acknowledged writes in the log after the last checkpoint. The engine has no
 * public way to stop without its shutdown checkpoint, so a child JVM (this class's
 * {@link #main}) recovers the engine from the storage, acknowledges single-row INSERTs one
 * by one, reports, and is killed with SIGKILL by the parent ({@link #writeAndKill}). The
 * next start must replay those writes from the log.
 *
 * <pre>
 * parent                                  child JVM
 *   | start java CrashWriter ------------->  | Engine.start(storage): recover
 *   |                                        | INSERT one row x writes (each acknowledged)
 *   | &lt;--- "written &lt;n&gt; &lt;seconds&gt; &lt;rss&gt;" --- |
 *   | SIGKILL -----------------------------> X  (no shutdown checkpoint)
 * </pre>
 */
public final class CrashWriter {
    private static final String WRITTEN = "written ";

    /** What the killed child did: its acknowledged writes, their wall time, and its peak resident set. */
    record Crash(int writes, double writeSeconds, long childPeakRssBytes) {
    }

    private CrashWriter() {
    }

    /** In the child: {@code <storage> <firstKey> <writes> <groups> <padLength>}. */
    public static void main(String[] arguments) throws Exception {
        Path storage = Path.of(arguments[0]);
        long firstKey = Long.parseLong(arguments[1]);
        int writes = Integer.parseInt(arguments[2]);
        PaddedRows rows = new PaddedRows(Integer.parseInt(arguments[3]), Integer.parseInt(arguments[4]));
        Engine engine = Engine.start(CheckpointBenchmark.engineConfig(storage));
        SqlSession session = engine.openSession();
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            session.execute(rows.insert(firstKey + i, 1));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(WRITTEN + writes + " " + seconds + " " + ProcessMemory.peakRssBytes());
        System.out.flush();
        // wait for SIGKILL; neither the session nor the engine is ever closed
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * In the parent: runs a child that writes rows {@code firstKey .. firstKey + writes - 1}
     * to {@code storage} and kills it with SIGKILL once every write was acknowledged. The
     * child gets this JVM's maximum heap and {@code -Drockstream.} options; its log goes to {@code log}.
     */
    static Crash writeAndKill(Path storage, long firstKey, int writes, int groups, int padLength, Path log)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1 << 20) + "m");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:+Use") && option.endsWith("GC")
                        || option.startsWith("-Drockstream."))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                storage.toString(), Long.toString(firstKey), Integer.toString(writes), Integer.toString(groups),
                Integer.toString(padLength)));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the child was killed; nothing more to read
            }
            lines.add("");
        }, "crash-writer-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String line = lines.poll(30, TimeUnit.MINUTES);
            if (line == null || !line.startsWith(WRITTEN)) {
                throw new IllegalStateException("the crash writer failed before writing (exit "
                        + (child.isAlive() ? "none, still running" : child.exitValue()) + "):\n" + tail(log));
            }
            String[] fields = line.substring(WRITTEN.length()).split(" ");
            return new Crash(Integer.parseInt(fields[0]), Double.parseDouble(fields[1]), Long.parseLong(fields[2]));
        } finally {
            // on Linux, destroyForcibly is SIGKILL: no shutdown hook, no shutdown checkpoint
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
