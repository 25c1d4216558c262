package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.CopyIn;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Nexmark q0–q22 on RockStream alone (the Flink side of issue 6 comes later). The events are
 * generated once into CSV files ({@link NexmarkFiles}); then, for each query:
 * <ol>
 *   <li>a fresh engine (state in RocksDB under a temporary directory, checkpoints as the
 *       default configuration takes them, parallelism 2), the tables of {@code ddl.sql} and the
 *       query's materialized view;</li>
 *   <li>the files read back in event-time order and fed in batches of {@code --batch} events,
 *       each batch one transaction of one {@code COPY FROM STDIN} per table (one epoch); the
 *       figures cover this phase only: events per second of wall time, events per CPU-second of
 *       the whole process (every thread, GC and JIT included; CSV parsing included, as a file
 *       source would pay it), and the peak resident set (reset before the phase);</li>
 *   <li>the oracle law: the view must equal its query recomputed from scratch by an ad-hoc
 *       SELECT; a difference prints MISMATCH.</li>
 * </ol>
 * The pseudo-query {@code tables} (first by default) does the same without any view: the cost
 * of ingest alone, kept out of the query counts and means.
 * Each query runs in a child JVM of its own (same heap settings and class path), so the peak
 * resident set, the JIT warm-up and the garbage of one query are not another's; the child
 * prints its outcome as one {@value #OUTCOME} line. Prints one line per query and a summary line
 * with the geometric means of events per CPU-second (all, stateful q4 q5 q7 q8 q9 q20,
 * stateless q0 q1 q2 q22).
 */
public final class NexmarkBenchmark {
    /** How a child JVM's line with its outcome starts. */
    static final String OUTCOME = "NEXMARK-OUTCOME";
    private static final String CHILD = "--child";
    /** How often state is checkpointed, here and on the Flink side. */
    public static final long CHECKPOINT_INTERVAL_MILLIS = 10_000;
    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private NexmarkBenchmark() {
    }

    /**
     * What one query did.
     *
     * @param unsupported the missing feature, when the query did not run for want of it
     * @param error the failure, when running it failed
     * @param mismatch how the view differed from the recomputed query, when it did
     */
    public record Outcome(String query, Optional<String> unsupported, Optional<String> error, long events,
            long wallNanos, long cpuNanos, long peakRssBytes, long viewRows, Optional<String> mismatch) {
        public Outcome {
            requireNonNull(query, "query is null");
            requireNonNull(unsupported, "unsupported is null");
            requireNonNull(error, "error is null");
            requireNonNull(mismatch, "mismatch is null");
        }

        static Outcome unsupported(String query, String feature) {
            return new Outcome(query, Optional.of(feature), Optional.empty(), 0, 0, 0, -1, -1, Optional.empty());
        }

        static Outcome failed(String query, String error) {
            return new Outcome(query, Optional.empty(), Optional.of(error), 0, 0, 0, -1, -1, Optional.empty());
        }

        /** Ran to the end and the view equals its recompute. */
        public boolean passed() {
            return unsupported.isEmpty() && error.isEmpty() && mismatch.isEmpty();
        }

        public double eventsPerSecond() {
            return events / (wallNanos / 1e9);
        }

        public double eventsPerCpuSecond() {
            return events / (cpuNanos / 1e9);
        }

        /** The line printed for this query. */
        public String line() {
            if (unsupported.isPresent()) {
                return String.format(Locale.ROOT, "%-4s UNSUPPORTED: %s", query, unsupported.get());
            }
            if (error.isPresent()) {
                return String.format(Locale.ROOT, "%-4s ERROR: %s", query, error.get());
            }
            if (query.equals(NexmarkQuery.TABLES)) {
                return String.format(Locale.ROOT,
                        "%-6s %,8d events %8.2f s %,10.0f events/s %,10.0f events/CPU-s  peak RSS %,6d MB  (no view: ingest alone)",
                        query, events, wallNanos / 1e9, eventsPerSecond(), eventsPerCpuSecond(), peakRssBytes / (1 << 20));
            }
            return String.format(Locale.ROOT,
                    "%-4s %,10d events %8.2f s %,10.0f events/s %,10.0f events/CPU-s  peak RSS %,6d MB  view %,9d rows  %s",
                    query, events, wallNanos / 1e9, eventsPerSecond(), eventsPerCpuSecond(),
                    peakRssBytes / (1 << 20), viewRows, mismatch.map(text -> "MISMATCH: " + text).orElse("oracle OK"));
        }
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length > 0 && arguments[0].equals(CHILD)) {
            NexmarkOptions options = NexmarkOptions.parse(Arrays.copyOfRange(arguments, 1, arguments.length));
            Path data = options.data().orElseThrow();
            for (String query : options.queries()) {
                System.out.println(OUTCOME + "\t" + encode(runQuery(NexmarkQuery.load(query), data, options)));
            }
            System.exit(0);
            return;
        }
        NexmarkOptions options;
        try {
            options = NexmarkOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Outcome> outcomes = run(options, System.out);
        boolean failed = outcomes.stream().anyMatch(outcome -> outcome.error().isPresent()
                || outcome.mismatch().isPresent());
        System.exit(failed ? 1 : 0);
    }

    /** Generates the files (unless reusable), runs every query of {@code options}, prints as it goes. */
    public static List<Outcome> run(NexmarkOptions options, PrintStream out) throws IOException {
        out.println("nexmark on RockStream: " + options);
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, java " + System.getProperty("java.version"));
        Path data = options.data().isPresent() ? options.data().get()
                : Files.createTempDirectory("rockstream-nexmark-data-");
        try {
            NexmarkFiles.Counts counts = prepare(data, options);
            out.printf(Locale.ROOT, "input: %,d persons, %,d auctions, %,d bids in %s%n", counts.persons(),
                    counts.auctions(), counts.bids(), data);
            List<Outcome> outcomes = new ArrayList<>();
            for (String name : options.queries()) {
                NexmarkQuery query = NexmarkQuery.load(name);
                Outcome outcome = options.fork() && query.runs()
                        ? runChild(name, data, options) : runQuery(query, data, options);
                outcomes.add(outcome);
                out.println(outcome.line());
                out.flush();
            }
            out.println(summary(outcomes));
            return outcomes;
        } finally {
            if (options.data().isEmpty()) {
                delete(data);
            }
        }
    }

    /** Writes the files into {@code data} unless they are already there for these events and seed. */
    public static NexmarkFiles.Counts prepare(Path data, NexmarkOptions options) throws IOException {
        Path stamp = data.resolve("nexmark.properties");
        String wanted = options.events() + " events, seed " + options.seed() + ", "
                + NexmarkConfig.defaults();
        if (Files.exists(stamp)) {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(stamp)) {
                properties.load(reader);
            }
            if (wanted.equals(properties.getProperty("input"))) {
                return new NexmarkFiles.Counts(Long.parseLong(properties.getProperty("persons")),
                        Long.parseLong(properties.getProperty("auctions")),
                        Long.parseLong(properties.getProperty("bids")));
            }
        }
        Files.deleteIfExists(stamp);
        NexmarkFiles.Counts counts = NexmarkFiles.write(new NexmarkGenerator(NexmarkConfig.defaults(),
                options.seed()), options.events(), data);
        Properties properties = new Properties();
        properties.setProperty("input", wanted);
        properties.setProperty("persons", Long.toString(counts.persons()));
        properties.setProperty("auctions", Long.toString(counts.auctions()));
        properties.setProperty("bids", Long.toString(counts.bids()));
        try (var writer = Files.newBufferedWriter(stamp)) {
            properties.store(writer, "written by NexmarkBenchmark");
        }
        return counts;
    }

    /** Runs one query on a fresh engine over the files in {@code data}. */
    public static Outcome runQuery(NexmarkQuery query, Path data, NexmarkOptions options) throws IOException {
        if (!query.runs()) {
            return Outcome.unsupported(query.name(), query.unsupported().orElseThrow());
        }
        Path storage = Files.createTempDirectory("rockstream-nexmark-state-");
        // parallelism 2 and a checkpoint every 10 s (each epoch may start one, at most one per
        // 10 s), the settings the Flink side of the comparison runs with
        EngineConfig config = (options.rocksdb()
                ? EngineConfig.defaults().withStorage(new LocalObjectStore(storage))
                : EngineConfig.defaults()).withCheckpoints(1, CHECKPOINT_INTERVAL_MILLIS,
                        EngineConfig.DEFAULT_RETAINED_CHECKPOINTS);
        try (Engine engine = Engine.start(config); SqlSession session = engine.openSession()) {
            session.execute(NexmarkQuery.ddl());
            if (!query.tablesOnly()) {
                session.execute(query.statement());
            }
            collectGarbage();
            resetPeakRss();
            long wallStart = System.nanoTime();
            long cpuStart = SYSTEM.getProcessCpuTime();
            long events = feed(session, data, options.batch());
            long cpu = SYSTEM.getProcessCpuTime() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            long peakRss = io.rockstream.bench.ProcessMemory.peakRssBytes();
            if (query.tablesOnly()) {
                return new Outcome(query.name(), Optional.empty(), Optional.empty(), events, wall, cpu, peakRss, -1,
                        Optional.empty());
            }
            List<Row> view = rows(session.execute("SELECT * FROM " + query.view()));
            List<Row> recomputed = rows(session.execute(query.select()));
            return new Outcome(query.name(), Optional.empty(), Optional.empty(), events, wall, cpu, peakRss,
                    view.size(), compare(view, recomputed));
        } catch (RockStreamException e) {
            return Outcome.failed(query.name(), e.sqlState() + " " + e.getMessage());
        } finally {
            delete(storage);
        }
    }

    /** Runs one query in a child JVM with this JVM's heap settings and class path. */
    static Outcome runChild(String query, Path data, NexmarkOptions options) throws IOException {
        return runChild(query, data, options, System.getProperty("java.class.path"), jvmOptions());
    }

    /** The heap and collector options this JVM was started with, for child JVMs. */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-Xm") || argument.startsWith("-XX:")) {
                options.add(argument);
            }
        }
        return options;
    }

    /** Runs one query in a child JVM with the given class path and JVM options. */
    public static Outcome runChild(String query, Path data, NexmarkOptions options, String classPath,
            List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, NexmarkBenchmark.class.getName(), CHILD));
        command.addAll(options.arguments());
        command.addAll(List.of("--data", data.toString(), query));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Outcome outcome = null;
        List<String> other = new ArrayList<>();
        try (var reader = process.inputReader()) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(OUTCOME + "\t")) {
                    outcome = decode(line.substring(OUTCOME.length() + 1));
                } else {
                    other.add(line);
                }
            }
        }
        try {
            int exit = process.waitFor();
            if (outcome == null) {
                return Outcome.failed(query, "child JVM exited with " + exit + " without an outcome: "
                        + String.join(" / ", other));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Outcome.failed(query, "interrupted");
        }
        return outcome;
    }

    /** One tab-separated line (text fields with their whitespace flattened); {@link #decode} reads it. */
    static String encode(Outcome outcome) {
        return String.join("\t", outcome.query(), flat(outcome.unsupported()), flat(outcome.error()),
                Long.toString(outcome.events()), Long.toString(outcome.wallNanos()), Long.toString(outcome.cpuNanos()),
                Long.toString(outcome.peakRssBytes()), Long.toString(outcome.viewRows()), flat(outcome.mismatch()));
    }

    static Outcome decode(String line) {
        String[] fields = line.split("\t", -1);
        return new Outcome(fields[0], optional(fields[1]), optional(fields[2]), Long.parseLong(fields[3]),
                Long.parseLong(fields[4]), Long.parseLong(fields[5]), Long.parseLong(fields[6]),
                Long.parseLong(fields[7]), optional(fields[8]));
    }

    private static String flat(Optional<String> text) {
        return text.map(value -> "+" + value.replaceAll("\\s", " ")).orElse("-");
    }

    private static Optional<String> optional(String field) {
        return field.startsWith("+") ? Optional.of(field.substring(1)) : Optional.empty();
    }

    /** Feeds every event of the files, {@code batch} at a time, each batch one transaction; returns how many. */
    static long feed(SqlSession session, Path data, int batch) throws IOException {
        NexmarkEvent.Kind[] kinds = NexmarkEvent.Kind.values();
        List<List<String[]>> rows = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            rows.add(new ArrayList<>());
        }
        long fed = 0;
        try (NexmarkFiles.Reader reader = new NexmarkFiles.Reader(data)) {
            while (true) {
                rows.forEach(List::clear);
                int taken = 0;
                NexmarkFiles.Record record;
                while (taken < batch && (record = reader.next()) != null) {
                    rows.get(record.kind().ordinal()).add(record.fields());
                    taken++;
                }
                if (taken == 0) {
                    return fed;
                }
                commit(session, rows);
                fed += taken;
            }
        }
    }

    /**
     * One transaction: a {@code COPY} per table of the rows in {@code rows} (indexed by
     * {@link NexmarkEvent.Kind#ordinal()}, CSV fields in file order), tables without rows skipped.
     */
    static void commit(SqlSession session, List<List<String[]>> rows) {
        session.execute("BEGIN");
        for (NexmarkEvent.Kind kind : NexmarkEvent.Kind.values()) {
            List<String[]> kindRows = rows.get(kind.ordinal());
            if (kindRows.isEmpty()) {
                continue;
            }
            CopyIn copy = session.copyIn(kind.table(), NexmarkCsv.columns(kind));
            for (String[] fields : kindRows) {
                copy.row(fields);
            }
            copy.finish();
        }
        session.execute("COMMIT");
    }

    /**
     * Empty when the two results hold the same rows as multisets; otherwise a description of the
     * difference with a few rows of each side.
     */
    static Optional<String> compare(List<Row> view, List<Row> recomputed) {
        Map<Row, Long> weights = new HashMap<>();
        for (Row row : view) {
            weights.merge(row, 1L, Long::sum);
        }
        for (Row row : recomputed) {
            weights.merge(row, -1L, Long::sum);
        }
        List<String> onlyInView = new ArrayList<>();
        List<String> onlyInRecompute = new ArrayList<>();
        long differing = 0;
        for (Map.Entry<Row, Long> entry : weights.entrySet()) {
            long weight = entry.getValue();
            if (weight == 0) {
                continue;
            }
            differing += Math.abs(weight);
            List<String> side = weight > 0 ? onlyInView : onlyInRecompute;
            if (side.size() < 3) {
                side.add(entry.getKey() + (Math.abs(weight) > 1 ? " x" + Math.abs(weight) : ""));
            }
        }
        if (differing == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "view has %,d rows, recompute %,d; %,d rows differ; only in the view: %s; only in the recompute: %s",
                view.size(), recomputed.size(), differing, onlyInView, onlyInRecompute));
    }

    /** The final line: how many ran, mismatches, and geometric means of events per CPU-second. */
    static String summary(List<Outcome> all) {
        Optional<Outcome> tables = all.stream().filter(outcome -> outcome.query().equals(NexmarkQuery.TABLES))
                .findFirst();
        List<Outcome> outcomes = all.stream().filter(outcome -> !outcome.query().equals(NexmarkQuery.TABLES))
                .collect(Collectors.toList());
        List<Outcome> passed = outcomes.stream().filter(Outcome::passed).collect(Collectors.toList());
        long mismatches = outcomes.stream().filter(outcome -> outcome.mismatch().isPresent()).count();
        long errors = outcomes.stream().filter(outcome -> outcome.error().isPresent()).count();
        String unsupported = outcomes.stream().filter(outcome -> outcome.unsupported().isPresent())
                .map(Outcome::query).collect(Collectors.joining(" "));
        return String.format(Locale.ROOT,
                "nexmark summary: %d of %d queries ran and matched their recompute, %d MISMATCH, %d errors,"
                        + " unsupported: %s; geomean events/CPU-s: all %s, stateful (q4 q5 q7 q8 q9 q20) %s,"
                        + " stateless (q0 q1 q2 q22) %s%s",
                passed.size(), outcomes.size(), mismatches, errors, unsupported.isEmpty() ? "none" : unsupported,
                geomean(passed, null), geomean(passed, NexmarkQuery.STATEFUL), geomean(passed, NexmarkQuery.STATELESS),
                tables.filter(Outcome::passed).map(outcome -> String.format(Locale.ROOT,
                        "; tables alone (no view) %,.0f", outcome.eventsPerCpuSecond())).orElse(""));
    }

    private static String geomean(List<Outcome> outcomes, List<String> only) {
        double logs = 0;
        int count = 0;
        for (Outcome outcome : outcomes) {
            if (only == null || only.contains(outcome.query())) {
                logs += Math.log(outcome.eventsPerCpuSecond());
                count++;
            }
        }
        return count == 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f (%d queries)", Math.exp(logs / count), count);
    }

    private static List<Row> rows(List<StatementResult> results) {
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows();
    }

    /** Resets {@code VmHWM} to the current resident set (Linux: "5" into clear_refs), so each query has its own peak. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (not Linux): the peak then covers the whole run so far, still an upper bound
        }
    }

    private static void collectGarbage() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
