package io.rockstream.bench;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.jobmanager.durability.Durability;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What durability costs as state grows (issue 3): for each size, on a fresh engine whose
 * storage is a {@link LocalObjectStore} and whose checkpoints happen only when asked for,
 * <ol>
 *   <li>load {@code t(k, g, v, pad)} (20 bytes of numbers and {@code --pad-bytes} of random
 *       text a row) in multi-row INSERTs, with the views {@code agg} (GROUP BY with count,
 *       sum, min, max) and {@code j} ({@code t JOIN d}, GROUP BY) created first, so their
 *       operator state grows with the table;</li>
 *   <li>the full checkpoint: the first {@link Engine#checkpoint()} after the load;</li>
 *   <li>the incremental checkpoint: after single-row UPDATEs of a small share of the rows,
 *       bytes uploaded against bytes reused;</li>
 *   <li>recovery from that checkpoint: {@link Engine#close()} (nothing to checkpoint by then),
 *       {@link Engine#start} again, and the round trip of the first write, which is the first
 *       complete epoch after recovery;</li>
 *   <li>recovery with log replay: a child JVM recovers, acknowledges single-row INSERTs and
 *       is killed with SIGKILL ({@link CrashWriter}); the next start replays them.</li>
 * </ol>
 * After each recovery the views are checked against what was written (count and sum of
 * {@code v} over {@code agg}, sum over {@code j}). Besides the logical size of the rows it
 * reports the state on disk: the engine's local RocksDB directory and the object store's
 * {@code state/}. Prints every figure as it goes, a table of the sizes and one summary line
 * per size at the end.
 */
public final class CheckpointBenchmark {
    private static final long AFTER_RECOVERY_KEYS = 2_000_000_000_000L;
    private static final long AFTER_REPLAY_KEYS = 2_500_000_000_000L;
    private static final long CRASH_KEYS = 3_000_000_000_000L;
    private static final double MB = 1024.0 * 1024.0;

    private final CheckpointOptions options;
    private final PaddedRows rows;
    private final Figures figures = new Figures();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Instant started = Instant.now();

    /** The headline figures of one size; every figure is also in {@link Result#figures()}. */
    public record Outcome(long rows, int rowBytes, long changedRows, double loadSeconds, long localStateBytes,
            long storedStateBytes, Durability.Stats full, double fullSeconds, Durability.Stats incremental,
            double incrementalSeconds, Engine.Recovered recovered, double startSeconds, double firstWriteMillis,
            Optional<Engine.Recovered> replayed, double replayStartSeconds) {

        double logicalMegabytes() {
            return (double) rows * rowBytes / MB;
        }

        static double megabytes(Durability.Stats stats) {
            return (stats.snapshotBytes() + stats.stateUploadedBytes()) / MB;
        }

        /** The line that sums the size up. */
        String line() {
            String line = String.format(Locale.ROOT, "checkpoint (%,d rows, ~%.0f MB of rows; state on disk"
                    + " %.0f MB local, %.0f MB in the object store): full %.1f MB in %.2f s,"
                    + " incremental %.1f MB in %.2f s (state %.2f MB uploaded, %.1f MB reused);"
                    + " recovery of %,d rows in %.2f s (first write %.1f ms)", rows, logicalMegabytes(),
                    localStateBytes / MB, storedStateBytes / MB, megabytes(full), fullSeconds,
                    megabytes(incremental), incrementalSeconds,
                    incremental.stateUploadedBytes() / MB, incremental.stateReusedBytes() / MB, rows, startSeconds,
                    firstWriteMillis);
            if (replayed.isPresent()) {
                line += String.format(Locale.ROOT, "; with %,d log records to replay %.2f s",
                        replayed.get().replayedRecords(), replayStartSeconds);
            }
            return line;
        }
    }

    /** Every figure, and the headline figures per size. */
    public record Result(Figures figures, List<Outcome> outcomes) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }
    }

    private CheckpointBenchmark(CheckpointOptions options) {
        this.options = options;
        this.rows = new PaddedRows(options.groups(), options.padBytes());
    }

    public static void main(String[] arguments) throws Exception {
        CheckpointOptions options;
        try {
            options = CheckpointOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = run(options);
        System.out.println();
        System.out.print(result.figures().summary("Checkpoints and recovery: " + options));
        System.out.println();
        System.out.print(table(result.outcomes()));
        System.out.println();
        result.outcomes().forEach(outcome -> System.out.println(outcome.line()));
        if (options.markdown().isPresent()) {
            result.figures().writeMarkdown(options.markdown().get());
        }
        System.exit(0);
    }

    /** Runs every size and returns the figures. */
    public static Result run(CheckpointOptions options) throws Exception {
        return new CheckpointBenchmark(options).run();
    }

    /** The engine every run of this benchmark starts: durable in {@code storage}, checkpoints only on request. */
    static EngineConfig engineConfig(Path storage) {
        return EngineConfig.defaults().withStorage(new LocalObjectStore(storage))
                .withCheckpoints(Integer.MAX_VALUE, Long.MAX_VALUE, EngineConfig.DEFAULT_RETAINED_CHECKPOINTS);
    }

    private Result run() throws Exception {
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " cores, heap: "
                + ProcessMemory.heapSettings() + ", java " + System.getProperty("java.version"));
        Path base = options.storage().isPresent() ? Files.createDirectories(options.storage().get())
                : Files.createTempDirectory("rockstream-checkpoint-bench-");
        try {
            for (long size : options.sizes()) {
                Path storage = base.resolve("rows-" + size);
                deleteRecursively(storage);
                try {
                    outcomes.add(measure(size, storage, base.resolve("rows-" + size + "-crash-writer.log")));
                } finally {
                    deleteRecursively(storage);
                    Files.deleteIfExists(base.resolve("rows-" + size + "-crash-writer.log"));
                }
            }
        } finally {
            if (options.storage().isEmpty()) {
                deleteRecursively(base);
            }
        }
        progress("done");
        return new Result(figures, outcomes);
    }

    /** What the views must show: the count and the sum of {@code v} over every row written so far. */
    private static final class Expected {
        long count;
        long sum;
    }

    private Outcome measure(long size, Path storage, Path crashLog) throws Exception {
        String name = String.format(Locale.ROOT, "%,d rows", size);
        progress("==== " + name + " (~" + Math.round(size * rows.rowBytes() / MB) + " MB of rows), storage "
                + storage + ", local state under " + localStateBase());
        Expected expected = new Expected();
        ProcessMemory.gc();
        Engine engine = Engine.start(engineConfig(storage));
        double loadSeconds;
        Durability.Stats full;
        double fullSeconds;
        long localStateBytes;
        long storedStateBytes;
        Durability.Stats incremental;
        double incrementalSeconds;
        long changed = options.changes(size);
        try (SqlSession session = engine.openSession()) {
            loadSeconds = load(session, size, expected, name + ": load");
            storageFigures(storage, name + ": load", "after load, before any checkpoint");
            localStateFigure(name + ": load", "after load, before any checkpoint (memtables not flushed)");
            String section = name + ": full checkpoint";
            long started = System.nanoTime();
            full = engine.checkpoint();
            fullSeconds = (System.nanoTime() - started) / 1e9;
            checkpointFigures(section, full, fullSeconds);
            storedStateBytes = storageFigures(storage, section, "after the full checkpoint (log truncated)")
                    .getOrDefault("state/", 0L);
            localStateBytes = localStateFigure(section, "after the full checkpoint");
            figures.add(section, "state on disk / logical size of the rows", localStateBytes / (size * rows.rowBytes()
                    / 1.0), "x", "local RocksDB directory / rows x row size");

            section = name + ": incremental checkpoint";
            change(session, size, changed, expected, section);
            started = System.nanoTime();
            incremental = engine.checkpoint();
            incrementalSeconds = (System.nanoTime() - started) / 1e9;
            checkpointFigures(section, incremental, incrementalSeconds);
            figures.add(section, "incremental / full: state bytes uploaded",
                    (double) incremental.stateUploadedBytes() / full.stateUploadedBytes(), "x", "RocksDB SST files");
            figures.add(section, "incremental / full: all bytes written",
                    Outcome.megabytes(incremental) / Outcome.megabytes(full), "x",
                    "JobManager snapshot + state uploaded");
            localStateFigure(section, "after the incremental checkpoint");
            check(incremental.stateUploadedBytes() < full.stateUploadedBytes(),
                    "the incremental checkpoint uploaded no less state than the full one");
        } catch (RuntimeException | Error failure) {
            engine.close();
            throw failure;
        }
        long closing = System.nanoTime();
        engine.close();
        figures.add(name + ": incremental checkpoint", "close() after it", (System.nanoTime() - closing) / 1e9, "s",
                "no write since the checkpoint, so no shutdown checkpoint");

        Recovery recovery = recover(storage, expected, AFTER_RECOVERY_KEYS, name + ": recovery from the checkpoint");
        check(recovery.recovered().restoredViews() == 2, "recovery restored " + recovery.recovered().restoredViews()
                + " of the 2 views from their state");

        Optional<Engine.Recovered> replayed = Optional.empty();
        double replayStartSeconds = Double.NaN;
        if (options.replayWrites() > 0) {
            String section = name + ": recovery with log replay";
            progress("a child JVM recovers, acknowledges " + options.replayWrites()
                    + " single-row INSERTs and is killed (SIGKILL)");
            CrashWriter.Crash crash = CrashWriter.writeAndKill(storage, CRASH_KEYS, options.replayWrites(),
                    options.groups(), options.padBytes(), crashLog);
            for (long key = CRASH_KEYS; key < CRASH_KEYS + crash.writes(); key++) {
                expected.count++;
                expected.sum += rows.value(key);
            }
            figures.add(section, "child JVM: single-row INSERTs acknowledged, then SIGKILL", crash.writes(), "writes",
                    "none of them checkpointed");
            figures.add(section, "child JVM: their wall time", crash.writeSeconds(), "s", "");
            figures.add(section, "child JVM: peak resident set (VmHWM)", crash.childPeakRssBytes() / MB, "MB",
                    "recovery + writes");
            Recovery again = recover(storage, expected, AFTER_REPLAY_KEYS, section);
            check(again.recovered().replayedRecords() >= crash.writes(), "recovery replayed "
                    + again.recovered().replayedRecords() + " log records, fewer than the " + crash.writes()
                    + " acknowledged writes");
            replayed = Optional.of(again.recovered());
            replayStartSeconds = again.startSeconds();
        }
        figures.add(name + ": memory", "peak resident set of this JVM so far (VmHWM)",
                ProcessMemory.peakRssBytes() / MB, "MB", "heap + RocksDB + the rest; " + ProcessMemory.heapSettings());
        return new Outcome(size, rows.rowBytes(), changed, loadSeconds, localStateBytes, storedStateBytes, full,
                fullSeconds, incremental, incrementalSeconds,
                recovery.recovered(), recovery.startSeconds(), recovery.firstWriteMillis(), replayed,
                replayStartSeconds);
    }

    private double load(SqlSession session, long size, Expected expected, String section) {
        session.execute(PaddedRows.CREATE_T);
        session.execute(Workload.CREATE_D);
        session.execute(Workload.CREATE_AGG);
        session.execute(Workload.CREATE_J);
        int dBatch = Math.min(options.batch(), 5_000);
        for (int first = 0; first < options.groups(); first += dBatch) {
            session.execute(rows.workload().insertD(first, Math.min(dBatch, options.groups() - first)));
        }
        progress("loading " + size + " rows of " + rows.rowBytes() + " bytes in INSERT batches of "
                + options.batch());
        long reported = 0;
        long begin = System.nanoTime();
        ProcessClock.Span span = ProcessClock.start();
        for (long first = 1; first <= size; first += options.batch()) {
            int count = (int) Math.min(options.batch(), size - first + 1);
            session.execute(rows.insert(first, count));
            long loaded = first + count - 1;
            if (loaded - reported >= Math.max(size / 5, 1)) {
                reported = loaded;
                progress(String.format(Locale.ROOT, "  loaded %,d rows (%,.0f rows/s, %.0f MB of rows); local state"
                        + " directory %.0f MB", loaded, loaded / ((System.nanoTime() - begin) / 1e9),
                        loaded * rows.rowBytes() / MB, localStateBytes().bytes() / MB));
            }
        }
        ProcessClock.Spent spent = span.stop();
        for (long key = 1; key <= size; key++) {
            expected.count++;
            expected.sum += rows.value(key);
        }
        double seconds = spent.wallNanos() / 1e9;
        figures.add(section, "rows loaded into t", size, "rows", "views agg and j live");
        figures.add(section, "row size (logical)", rows.rowBytes(), "bytes", "k, g, v and "
                + rows.padLength() + " characters of random hex pad");
        figures.add(section, "rows (logical size)", size * rows.rowBytes() / MB, "MB", "");
        figures.add(section, "INSERT batch", options.batch(), "rows", "rows per multi-row INSERT (one epoch)");
        figures.add(section, "load wall time", seconds, "s", "every epoch logged before it is acknowledged");
        figures.add(section, "load process CPU time", spent.processCpuNanos() / 1e9, "s", "all JVM threads");
        figures.add(section, "load throughput", size / seconds, "rows/s", "wall clock");
        figures.add(section, "heap used after load (after GC)", ProcessMemory.gc() / MB, "MB",
                "what the JobManager keeps on the heap");
        return seconds;
    }

    /** Single-row UPDATEs of {@code changed} rows spread evenly over the keys. */
    private void change(SqlSession session, long size, long changed, Expected expected, String section) {
        progress("changing " + changed + " rows with single-row UPDATEs");
        long started = System.nanoTime();
        for (long i = 0; i < changed; i++) {
            long key = 1 + i * size / changed;
            StatementResult result = session.execute("UPDATE t SET v = v + 1 WHERE k = " + key).get(0);
            check(((StatementResult.Command) result).rowCount() == 1, "UPDATE of key " + key + " missed");
            expected.sum++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        figures.add(section, "rows changed before it (single-row UPDATE by key)", changed, "rows",
                String.format(Locale.ROOT, "%.2f%% of the rows, spread over all keys", 100.0 * changed / size));
        figures.add(section, "those UPDATEs: wall time", seconds, "s", "");
    }

    private void checkpointFigures(String section, Durability.Stats stats, double seconds) {
        figures.add(section, "engine.checkpoint(): wall", seconds, "s",
                "waits for the epoch to end, captures, uploads, writes the manifest");
        figures.add(section, "upload to manifest, as the engine reports it", stats.millis() / 1e3, "s",
                "excludes the capture between epochs");
        figures.add(section, "JobManager snapshot", stats.snapshotBytes() / MB, "MB",
                "catalog and the contents the JobManager holds on the heap; written whole every time");
        figures.add(section, "RocksDB state uploaded", stats.stateUploadedBytes() / MB, "MB", "new SST files");
        figures.add(section, "RocksDB state reused", stats.stateReusedBytes() / MB, "MB",
                "SST files already in the store");
        figures.add(section, "written in all", Outcome.megabytes(stats), "MB", "snapshot + state uploaded");
        figures.add(section, "write rate", Outcome.megabytes(stats) / seconds, "MB/s", "written in all / wall");
    }

    /**
     * Bytes in the object store by top-level prefix ({@code wal/}, {@code checkpoints/},
     * {@code state/}), as figures and returned.
     */
    private Map<String, Long> storageFigures(Path storage, String section, String when) throws IOException {
        Map<String, Long> bytes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path relative = storage.relativize(file);
                String prefix = relative.getNameCount() > 1 ? relative.getName(0) + "/" : relative.toString();
                bytes.merge(prefix, Files.size(file), Long::sum);
            }
        }
        for (String prefix : List.of("wal/", "checkpoints/", "state/")) {
            figures.add(section, "object store " + prefix, bytes.getOrDefault(prefix, 0L) / MB, "MB", when);
        }
        return bytes;
    }

    /** Where the engine keeps its local RocksDB directories ({@code LocalState}). */
    static Path localStateBase() {
        return Path.of(System.getProperty("rockstream.localStateDir", System.getProperty("java.io.tmpdir")));
    }

    /** The size of the local RocksDB directories of this JVM, and how many there are. */
    record LocalStateSize(long bytes, long sstBytes, int directories) {
    }

    /**
     * The local RocksDB state on disk: every file under this process's
     * {@code rockstream-state-<pid>-*} directories (one while an engine runs here). Files
     * RocksDB deletes while they are counted (compaction) are skipped.
     */
    static LocalStateSize localStateBytes() {
        String prefix = "rockstream-state-" + ProcessHandle.current().pid() + "-";
        long[] sizes = new long[2];
        int directories = 0;
        List<Path> found;
        try (Stream<Path> entries = Files.list(localStateBase())) {
            found = entries.filter(path -> path.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return new LocalStateSize(-1, -1, 0);
        }
        for (Path directory : found) {
            directories++;
            try {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        sizes[0] += attributes.size();
                        if (file.getFileName().toString().endsWith(".sst")) {
                            sizes[1] += attributes.size();
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException gone) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // a directory removed while walking it; count what was seen
            }
        }
        return new LocalStateSize(sizes[0], sizes[1], directories);
    }

    /** The local RocksDB directory's size as figures; returns its bytes. */
    private long localStateFigure(String section, String when) {
        LocalStateSize size = localStateBytes();
        figures.add(section, "local RocksDB directory on disk", size.bytes() / MB, "MB", when
                + (size.directories() == 1 ? "" : "; " + size.directories() + " directories"));
        figures.add(section, "  of which SST files", size.sstBytes() / MB, "MB", "");
        return size.bytes();
    }

    private record Recovery(Engine.Recovered recovered, double startSeconds, double firstWriteMillis) {
    }

    /**
     * Starts the engine on {@code storage}, times the start and the first write after it, a
     * few more writes for comparison, checks both views against {@code expected}, and closes
     * the engine (which takes a shutdown checkpoint, since it wrote).
     */
    private Recovery recover(Path storage, Expected expected, long firstKey, String section) {
        ProcessMemory.gc();
        progress("starting the engine on the same storage");
        long started = System.nanoTime();
        Engine engine = Engine.start(engineConfig(storage));
        double startSeconds = (System.nanoTime() - started) / 1e9;
        Engine.Recovered recovered = engine.recovered();
        LocalStateSize restored = localStateBytes();
        double firstWriteMillis;
        Samples writes = new Samples();
        try (SqlSession session = engine.openSession()) {
            long begin = System.nanoTime();
            session.execute(rows.insert(firstKey, 1));
            firstWriteMillis = (System.nanoTime() - begin) / 1e6;
            for (int i = 1; i <= options.writes(); i++) {
                begin = System.nanoTime();
                session.execute(rows.insert(firstKey + i, 1));
                writes.add(System.nanoTime() - begin);
            }
            for (long key = firstKey; key <= firstKey + options.writes(); key++) {
                expected.count++;
                expected.sum += rows.value(key);
            }
            verify(session, expected);
        } catch (RuntimeException | Error failure) {
            engine.close();
            throw failure;
        }
        long closing = System.nanoTime();
        engine.close();
        double closeSeconds = (System.nanoTime() - closing) / 1e9;
        figures.add(section, "Engine.start(): wall until ready", startSeconds, "s", "JVM already warm");
        figures.add(section, "recovered().millis()", recovered.millis() / 1e3, "s",
                "as the engine measures it; excludes the checkpoint it takes after a replay");
        figures.add(section, "local RocksDB directory restored", restored.bytes() / MB, "MB",
                "right after Engine.start (after the replay, if any)");
        figures.add(section, "views restored from their state (not recomputed)", recovered.restoredViews(), "views",
                "of 2");
        figures.add(section, "log records replayed", recovered.replayedRecords(), "records", "");
        figures.add(section, "first write after recovery: round trip", firstWriteMillis, "ms",
                "single-row INSERT; the first complete epoch");
        figures.add(section, "next single-row INSERTs: median round trip", writes.median() / 1e6, "ms",
                "median of " + writes.size());
        figures.add(section, "rows in t after recovery (checked in agg and j)", expected.count, "rows", "");
        figures.add(section, "close() with its shutdown checkpoint", closeSeconds, "s", "");
        if (recovered.fallback() != null) {
            progress("recovery passed over checkpoints: " + recovered.fallback());
        }
        return new Recovery(recovered, startSeconds, firstWriteMillis);
    }

    /** Both views must hold every row written: count and sum of v over agg, sum over j. */
    private static void verify(SqlSession session, Expected expected) {
        long count = 0;
        long sum = 0;
        for (Row row : rows(session.execute("SELECT * FROM agg"))) {
            count += number(row.get(1));
            sum += number(row.get(2));
        }
        long joinSum = 0;
        for (Row row : rows(session.execute("SELECT * FROM j"))) {
            joinSum += number(row.get(1));
        }
        check(count == expected.count && sum == expected.sum && joinSum == expected.sum, String.format(Locale.ROOT,
                "after recovery agg shows %d rows, sum %d and j sum %d; expected %d rows, sum %d", count, sum, joinSum,
                expected.count, expected.sum));
    }

    /** The sizes side by side. */
    static String table(List<Outcome> outcomes) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%12s %8s %9s %9s %9s %10s %9s %11s %10s %9s %9s %10s %11s %10s%n", "rows", "rows MB", "local MB",
                "store MB", "load s", "full MB", "full s", "incr. MB", "incr. s", "incr/full", "start s", "1st wr ms",
                "replayed", "replay s"));
        for (Outcome outcome : outcomes) {
            text.append(String.format(Locale.ROOT, "%,12d %8.0f %9.0f %9.0f %9.1f %10.1f %9.2f %11.2f %10.2f %9.4f"
                    + " %9.2f %10.1f %11s %10s%n", outcome.rows(), outcome.logicalMegabytes(),
                    outcome.localStateBytes() / MB, outcome.storedStateBytes() / MB, outcome.loadSeconds(),
                    Outcome.megabytes(outcome.full()), outcome.fullSeconds(), Outcome.megabytes(outcome.incremental()),
                    outcome.incrementalSeconds(),
                    (double) outcome.incremental().stateUploadedBytes() / outcome.full().stateUploadedBytes(),
                    outcome.startSeconds(), outcome.firstWriteMillis(),
                    outcome.replayed().map(r -> String.format(Locale.ROOT, "%,d", r.replayedRecords())).orElse("-"),
                    outcome.replayed().isPresent() ? String.format(Locale.ROOT, "%.2f", outcome.replayStartSeconds())
                            : "-"));
        }
        text.append("(local MB: the local RocksDB directory, store MB: the object store's state/, both after the"
                + " full checkpoint; full/incr. MB: snapshot + state uploaded; incr/full: state bytes uploaded;"
                + " start s: Engine.start wall from the checkpoint; replay s: Engine.start wall with the killed"
                + " writer's log to replay)\n");
        return text.toString();
    }

    private static List<Row> rows(List<StatementResult> results) {
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void progress(String message) {
        Duration elapsed = Duration.between(started, Instant.now());
        System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
    }
}
