package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Nexmark side by side: every query through RockStream and through Apache Flink SQL, on the
 * same events, one after the other on this machine, each in a child JVM of its own with the
 * same heap (issue 6).
 *
 * <ul>
 *   <li>The events are generated once into CSV files ({@link NexmarkFiles}); both systems read
 *       those files.</li>
 *   <li>RockStream: {@link NexmarkBenchmark}'s child (a fresh engine, parallelism 2, RocksDB
 *       state, a checkpoint every 10 s, the query's view, the events fed as COPY batches, the
 *       view checked against its recompute).</li>
 *   <li>Flink: {@code io.rockstream.bench.flink.FlinkNexmark} from module {@code bench/flink}
 *       (a local MiniCluster, parallelism 2, RocksDB state with incremental checkpoints every
 *       10 s, mini-batch on, the query into a blackhole sink, reading the CSV files). It runs
 *       on its own class path: Flink's RocksDB and ours share a package name.</li>
 * </ul>
 * Printed per query: events per second, events per CPU-second of the whole process and peak
 * resident set of each system, and the ratios RockStream/Flink; then the geometric means of
 * the events-per-CPU-second ratio over the stateful (q4 q5 q7 q8 q9 q20) and stateless (q0 q1
 * q2 q22) queries, as the last line. With {@code --check-rows} Flink collects its answer
 * instead of discarding it and the number of rows of both answers is compared (Flink's timing
 * then means nothing). A chart (PNG) of events per CPU-second per query, both systems, is
 * written to {@code --chart}.
 */
public final class SideBySide {
    /** How the Flink child's outcome line starts. */
    static final String FLINK_OUTCOME = "FLINK-OUTCOME";
    static final String FLINK_MAIN = "io.rockstream.bench.flink.FlinkNexmark";

    private SideBySide() {
    }

    /**
     * Settings.
     *
     * @param nexmark events, seed, batch and data directory (its query list is ignored)
     * @param queries q0 … q22
     * @param root the project's root directory: class paths are found under it
     * @param heap {@code -Xms}/{@code -Xmx} of every child JVM
     * @param chart where the chart goes; empty: no chart
     * @param checkRows compare answers' row counts instead of timing Flink
     */
    public record Options(NexmarkOptions nexmark, List<String> queries, Path root, String heap,
            Optional<Path> chart, boolean checkRows) {
        public Options {
            requireNonNull(nexmark, "nexmark is null");
            queries = List.copyOf(queries);
            requireNonNull(root, "root is null");
            requireNonNull(heap, "heap is null");
            requireNonNull(chart, "chart is null");
        }

        static final String USAGE = """
                usage: bench/run.sh [--short] [--events N] [--seed S] [--batch N] [--data DIR] [--heap SIZE]
                                    [--chart FILE] [--check-rows] [--root DIR] [QUERY...]
                  --short       20,000 events instead of 1,000,000
                  --events N    events (default 1,000,000)
                  --batch N     RockStream: events per transaction (default 10,000)
                  --data DIR    keep the CSV files in DIR (reused when they match --events and --seed)
                  --heap SIZE   -Xms and -Xmx of each child JVM (default 4g)
                  --chart FILE  the PNG chart (default bench/target/nexmark-vs-flink.png)
                  --check-rows  Flink collects its answer; compare row counts (no timing)
                  --root DIR    the project's root (default: the working directory)
                  QUERY         q0 … q22 (default: all)""";

        public static Options parse(String... arguments) {
            List<String> nexmark = new ArrayList<>();
            List<String> queries = new ArrayList<>();
            Path root = Path.of("");
            String heap = "4g";
            Optional<Path> chart = Optional.empty();
            boolean chartSet = false;
            boolean checkRows = false;
            for (int i = 0; i < arguments.length; i++) {
                String name = arguments[i];
                switch (name) {
                    case "--help":
                    case "-h":
                        throw new IllegalArgumentException(USAGE);
                    case "--short":
                        nexmark.add(name);
                        break;
                    case "--events":
                    case "--seed":
                    case "--batch":
                    case "--data":
                        nexmark.add(name);
                        nexmark.add(value(arguments, ++i, name));
                        break;
                    case "--heap":
                        heap = value(arguments, ++i, name);
                        break;
                    case "--chart":
                        chart = Optional.of(Path.of(value(arguments, ++i, name)));
                        chartSet = true;
                        break;
                    case "--root":
                        root = Path.of(value(arguments, ++i, name));
                        break;
                    case "--check-rows":
                        checkRows = true;
                        break;
                    default:
                        if (name.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                        }
                        String query = name.toLowerCase(Locale.ROOT);
                        if (!NexmarkQuery.NAMES.contains(query)) {
                            throw new IllegalArgumentException("unknown query " + name + "; the queries are q0 … q22");
                        }
                        queries.add(query);
                }
            }
            if (!chartSet) {
                chart = Optional.of(root.resolve("bench/target/nexmark-vs-flink.png"));
            }
            return new Options(NexmarkOptions.parse(nexmark.toArray(new String[0])),
                    queries.isEmpty() ? NexmarkQuery.NAMES : queries, root, heap, chart, checkRows);
        }

        private static String value(String[] arguments, int index, String name) {
            if (index >= arguments.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
            return arguments[index];
        }

        /** RockStream's class path: {@code bench/target/classes} and what Maven listed in {@code classpath.txt}. */
        String rockstreamClassPath() throws IOException {
            return classPath(root.resolve("bench/target"));
        }

        /** Flink's class path: {@code bench/flink/target/classes} and its {@code lib/} (never RockStream's jars). */
        String flinkClassPath() throws IOException {
            Path target = root.resolve("bench/flink/target").toAbsolutePath();
            if (!Files.isDirectory(target.resolve("classes")) || !Files.isDirectory(target.resolve("lib"))) {
                throw new IOException("the Flink runner is not built: " + target
                        + " has no classes/ and lib/ (build it with mvn -pl bench/flink -am package)");
            }
            return target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
        }

        private static String classPath(Path target) throws IOException {
            Path list = target.resolve("classpath.txt").toAbsolutePath();
            if (!Files.isRegularFile(list)) {
                throw new IOException("no " + list + ": build the bench module first (mvn -pl bench -am package)");
            }
            return target.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(list).trim();
        }
    }

    /**
     * What Flink did with one query.
     *
     * @param resultRows rows of the final answer ({@code --check-rows}), else -1
     */
    public record FlinkOutcome(String query, Optional<String> unsupported, Optional<String> error, long events,
            long wallNanos, long cpuNanos, long peakRssBytes, long resultRows) {
        public FlinkOutcome {
            requireNonNull(query, "query is null");
            requireNonNull(unsupported, "unsupported is null");
            requireNonNull(error, "error is null");
        }

        static FlinkOutcome failed(String query, String error) {
            return new FlinkOutcome(query, Optional.empty(), Optional.of(error), 0, 0, 0, -1, -1);
        }

        public boolean ran() {
            return unsupported.isEmpty() && error.isEmpty();
        }

        public double eventsPerSecond() {
            return events / (wallNanos / 1e9);
        }

        public double eventsPerCpuSecond() {
            return events / (cpuNanos / 1e9);
        }

        static FlinkOutcome decode(String line) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 8) {
                throw new IllegalArgumentException("malformed Flink outcome: " + line);
            }
            return new FlinkOutcome(fields[0], optional(fields[1]), optional(fields[2]), Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]), Long.parseLong(fields[5]), Long.parseLong(fields[6]),
                    Long.parseLong(fields[7]));
        }

        private static Optional<String> optional(String field) {
            return field.startsWith("+") ? Optional.of(field.substring(1)) : Optional.empty();
        }
    }

    /** One query on both systems. */
    public record Pair(String query, NexmarkBenchmark.Outcome rockstream, FlinkOutcome flink) {
        public boolean bothRan() {
            return rockstream.passed() && flink.ran();
        }

        /** RockStream's events per CPU-second over Flink's. */
        public double cpuRatio() {
            return rockstream.eventsPerCpuSecond() / flink.eventsPerCpuSecond();
        }

        /** RockStream's events per second over Flink's. */
        public double wallRatio() {
            return rockstream.eventsPerSecond() / flink.eventsPerSecond();
        }

        String line(boolean checkRows) {
            String left = side(rockstream.unsupported(), rockstream.error().or(rockstream::mismatch),
                    rockstream.eventsPerSecond(), rockstream.eventsPerCpuSecond(), rockstream.peakRssBytes());
            String right = side(flink.unsupported(), flink.error(), flink.eventsPerSecond(),
                    flink.eventsPerCpuSecond(), flink.peakRssBytes());
            String ratio;
            if (checkRows) {
                ratio = bothRan() ? String.format(Locale.ROOT, "rows: RockStream %,d, Flink %,d%s",
                        rockstream.viewRows(), flink.resultRows(),
                        rockstream.viewRows() == flink.resultRows() ? "" : " (differ)") : "";
            } else {
                ratio = bothRan() ? String.format(Locale.ROOT, "ratio %6.2fx per CPU-s  %6.2fx per s",
                        cpuRatio(), wallRatio()) : "";
            }
            return String.format(Locale.ROOT, "%-4s RockStream %s | Flink %s | %s", query, left, right, ratio);
        }

        private static String side(Optional<String> unsupported, Optional<String> error, double perSecond,
                double perCpuSecond, long rss) {
            if (unsupported.isPresent()) {
                return "UNSUPPORTED: " + unsupported.get();
            }
            if (error.isPresent()) {
                return "ERROR: " + error.get();
            }
            return String.format(Locale.ROOT, "%,9.0f ev/s %,9.0f ev/CPU-s %,6d MB", perSecond, perCpuSecond,
                    rss / (1 << 20));
        }
    }

    public static void main(String[] arguments) throws IOException {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<Pair> pairs = run(options, System.out);
        boolean failed = pairs.stream().anyMatch(pair -> pair.rockstream().error().isPresent()
                || pair.rockstream().mismatch().isPresent() || pair.flink().error().isPresent());
        System.exit(failed ? 1 : 0);
    }

    /** Runs every query on both systems, prints a line per query, the chart and the summary lines. */
    public static List<Pair> run(Options options, PrintStream out) throws IOException {
        String rockstreamClassPath = options.rockstreamClassPath();
        String flinkClassPath = options.flinkClassPath();
        NexmarkOptions nexmark = options.nexmark();
        out.println("nexmark side by side, RockStream and Apache Flink: " + nexmark + ", parallelism 2, a checkpoint"
                + " every " + NexmarkBenchmark.CHECKPOINT_INTERVAL_MILLIS / 1000 + " s, RocksDB state, heap "
                + options.heap() + " per JVM" + (options.checkRows() ? ", checking row counts (no timing)" : ""));
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + System.getProperty("java.version"));
        Path data = nexmark.data().isPresent() ? nexmark.data().get()
                : Files.createTempDirectory("rockstream-nexmark-data-");
        try {
            NexmarkFiles.Counts counts = NexmarkBenchmark.prepare(data, nexmark);
            out.printf(Locale.ROOT, "input: %,d persons, %,d auctions, %,d bids in %s%n", counts.persons(),
                    counts.auctions(), counts.bids(), data);
            List<String> jvm = List.of("-Xms" + options.heap(), "-Xmx" + options.heap(), "-XX:+UseG1GC");
            List<Pair> pairs = new ArrayList<>();
            for (String name : options.queries()) {
                NexmarkQuery query = NexmarkQuery.load(name);
                NexmarkBenchmark.Outcome ours = query.runs()
                        ? NexmarkBenchmark.runChild(name, data, nexmark, rockstreamClassPath, jvm)
                        : NexmarkBenchmark.Outcome.unsupported(name, query.unsupported().orElseThrow());
                FlinkOutcome theirs = runFlink(name, data, counts.total(), flinkClassPath, jvm, options.checkRows());
                Pair pair = new Pair(name, ours, theirs);
                pairs.add(pair);
                out.println(pair.line(options.checkRows()));
                out.flush();
            }
            if (options.chart().isPresent() && !options.checkRows()) {
                Path chart = options.chart().get();
                NexmarkChart.write(pairs, counts.total(), chart);
                out.println("chart: " + chart.toAbsolutePath());
            }
            out.println(NexmarkBenchmark.summary(pairs.stream().map(Pair::rockstream).toList()));
            out.println(summary(pairs));
            return pairs;
        } finally {
            if (nexmark.data().isEmpty()) {
                NexmarkBenchmark.delete(data);
            }
        }
    }

    /** Runs one query through Flink in a child JVM on Flink's own class path. */
    static FlinkOutcome runFlink(String query, Path data, long events, String classPath, List<String> jvm,
            boolean checkRows) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", classPath, FLINK_MAIN, "--data", data.toAbsolutePath().toString(), "--events",
                Long.toString(events), "--parallelism", "2", "--checkpoint-interval-ms",
                Long.toString(NexmarkBenchmark.CHECKPOINT_INTERVAL_MILLIS)));
        if (checkRows) {
            command.add("--collect");
        }
        command.add(query);
        Path log = Files.createTempFile("rockstream-flink-" + query + "-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        FlinkOutcome outcome = null;
        List<String> other = new ArrayList<>();
        try (var reader = process.inputReader()) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(FLINK_OUTCOME + "\t")) {
                    outcome = FlinkOutcome.decode(line.substring(FLINK_OUTCOME.length() + 1));
                } else {
                    other.add(line);
                }
            }
        }
        try {
            int exit = process.waitFor();
            if (outcome == null) {
                List<String> errors = Files.readAllLines(log);
                return FlinkOutcome.failed(query, "Flink JVM exited with " + exit + " without an outcome: "
                        + String.join(" / ", other) + " / stderr: "
                        + String.join(" / ", errors.subList(Math.max(0, errors.size() - 5), errors.size())));
            }
            Files.deleteIfExists(log);
            return outcome;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return FlinkOutcome.failed(query, "interrupted");
        }
    }

    /**
     * The last line: geometric means of RockStream's events per CPU-second over Flink's, over the
     * stateful and the stateless queries both systems ran.
     */
    static String summary(List<Pair> pairs) {
        return "stateful geomean vs Flink: " + geomean(pairs, NexmarkQuery.STATEFUL)
                + "; stateless geomean vs Flink: " + geomean(pairs, NexmarkQuery.STATELESS);
    }

    private static String geomean(List<Pair> pairs, List<String> group) {
        double logs = 0;
        int count = 0;
        for (Pair pair : pairs) {
            if (group.contains(pair.query()) && pair.bothRan()) {
                logs += Math.log(pair.cpuRatio());
                count++;
            }
        }
        return count == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", Math.exp(logs / count));
    }
}
