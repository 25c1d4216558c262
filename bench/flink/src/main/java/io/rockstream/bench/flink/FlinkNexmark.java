package io.rockstream.bench.flink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs Nexmark queries on Apache Flink over the CSV files of RockStream's Nexmark generator and
 * prints one {@link QueryOutcome} line per query on stdout; everything else goes to stderr.
 *
 * <pre>
 * java -cp bench/flink/target/classes:bench/flink/target/lib/* io.rockstream.bench.flink.FlinkNexmark \
 *     --data DIR --events N [--parallelism 2] [--checkpoint-interval-ms 10000] [--collect] [--no-warm-up] QUERY...
 * </pre>
 *
 * <p>The MiniCluster starts once, before the first query, and runs a small warm-up job unless
 * {@code --no-warm-up}; each query gets a fresh table
 * environment, is planned once outside the measured phase (EXPLAIN, which also warms up the
 * planner), and is then measured from submission to job completion: wall time, process CPU time
 * and peak RSS. A job ends as soon as its input is drained (see {@link DrainCheckpointer}). Timing mode writes to a blackhole sink; {@code --collect} instead collects the
 * query's changelog and reports how many rows it ends with. Exit status 0 once the arguments
 * were valid, even if a query failed (its line carries the error); 2 for bad arguments.
 */
public final class FlinkNexmark {

    /** Number of rows of q13's side input: keys 0 … 9,999, each with its key as text. */
    static final int SIDE_INPUT_ROWS = 10_000;

    private FlinkNexmark() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] arguments) {
        PrintStream outcomes = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // Anything Flink might print to stdout goes to stderr: stdout carries outcome lines only.
        System.setOut(System.err);
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(arguments);
        } catch (RunnerOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options, outcomes);
        System.exit(0);
    }

    /** Runs every query of {@code options} in order, printing each outcome line as soon as it is known. */
    static List<QueryOutcome> run(RunnerOptions options, PrintStream outcomes) {
        List<QueryOutcome> results = new ArrayList<>();
        Path sideInputDirectory = null;
        try {
            sideInputDirectory = Files.createTempDirectory("rockstream-flink-side-input-");
            Path sideInput = writeSideInput(sideInputDirectory);
            try (FlinkCluster cluster = FlinkCluster.start(options.parallelism(), options.checkpointIntervalMillis())) {
                if (options.warmUp()) {
                    warmUp(cluster, sideInput);
                }
                for (String query : options.queries()) {
                    QueryOutcome outcome = runQuery(cluster, options, query, sideInput);
                    outcomes.println(outcome.toLine());
                    results.add(outcome);
                }
            }
        } catch (Exception e) {
            e.printStackTrace(System.err);
            for (String query : options.queries().subList(results.size(), options.queries().size())) {
                QueryOutcome outcome = QueryOutcome.failed(query, "Flink cluster: " + describe(e), options.events());
                outcomes.println(outcome.toLine());
                results.add(outcome);
            }
        } finally {
            deleteSideInput(sideInputDirectory);
        }
        return results;
    }

    private static QueryOutcome runQuery(FlinkCluster cluster, RunnerOptions options, String name, Path sideInput) {
        try {
            NexmarkQuery query = NexmarkQuery.load(name, sideInput.toString());
            if (query.unsupportedReason().isPresent()) {
                return QueryOutcome.unsupported(name, query.unsupportedReason().get(), options.events());
            }
            StreamTableEnvironment tables = cluster.newTableEnvironment();
            for (String statement : NexmarkQuery.sourceTables(options.dataDirectory().toString())) {
                tables.executeSql(statement);
            }
            for (String statement : query.setup()) {
                tables.executeSql(statement);
            }
            // Plan once before the measured phase: catches SQL errors early and loads the planner.
            tables.explainSql(options.collect() ? query.select() : query.insert());

            ProcessProbe.resetPeakRss();
            long cpuStart = ProcessProbe.cpuNanos();
            long wallStart = System.nanoTime();
            long resultRows = -1;
            TableResult result = tables.executeSql(options.collect() ? query.select() : query.insert());
            try (DrainCheckpointer drain = cluster.drain(jobOf(result))) {
                if (options.collect()) {
                    resultRows = collect(result);
                } else {
                    result.await();
                }
                System.err.println(name + ": state backend " + drain.stateBackend().orElse("unknown"));
            }
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = ProcessProbe.cpuNanos() - cpuStart;
            long peakRss = ProcessProbe.peakRssBytes();
            return new QueryOutcome(name, Optional.empty(), Optional.empty(), options.events(),
                    wallNanos, cpuNanos, peakRss, resultRows);
        } catch (Exception | LinkageError e) {
            e.printStackTrace(System.err);
            return QueryOutcome.failed(name, describe(e), options.events());
        }
    }

    /**
     * Runs a small job before the first query so that the first measured job does not pay for
     * loading the runtime's classes (code generation, CSV reader, RocksDB's native library): a
     * keyed count over q13's side input file, on RocksDB, into a blackhole.
     */
    private static void warmUp(FlinkCluster cluster, Path sideInput) throws Exception {
        long start = System.nanoTime();
        StreamTableEnvironment tables = cluster.newTableEnvironment();
        tables.executeSql("CREATE TABLE warm_up_source (key BIGINT, `value` VARCHAR) WITH ("
                + "'connector' = 'filesystem', 'path' = 'file://" + sideInput + "', 'format' = 'csv')");
        tables.executeSql("CREATE TABLE warm_up_sink (bucket BIGINT, row_count BIGINT) WITH ('connector' = 'blackhole')");
        TableResult result = tables.executeSql(
                "INSERT INTO warm_up_sink SELECT MOD(key, 10), COUNT(*) FROM warm_up_source GROUP BY MOD(key, 10)");
        try (DrainCheckpointer drain = cluster.drain(jobOf(result))) {
            result.await();
        }
        System.err.printf("warm-up job took %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private static JobID jobOf(TableResult result) {
        return result.getJobClient()
                .orElseThrow(() -> new IllegalStateException("statement did not submit a job"))
                .getJobID();
    }

    private static long collect(TableResult result) throws Exception {
        ChangelogCounter counter = new ChangelogCounter();
        try (CloseableIterator<Row> changes = result.collect()) {
            while (changes.hasNext()) {
                counter.apply(changes.next());
            }
        }
        return counter.rows();
    }

    /** Writes q13's side input, {@code key,value} with value = key as text, and returns the file. */
    static Path writeSideInput(Path directory) throws IOException {
        StringBuilder csv = new StringBuilder(SIDE_INPUT_ROWS * 12);
        for (int key = 0; key < SIDE_INPUT_ROWS; key++) {
            csv.append(key).append(',').append(key).append('\n');
        }
        return Files.writeString(directory.resolve("side_input.csv"), csv, StandardCharsets.UTF_8);
    }

    private static void deleteSideInput(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory.resolve("side_input.csv"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }

    /** The exception and its root cause, one line each joined, for an outcome's error field. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.toString();
        if (root != error) {
            text += "; caused by " + root;
        }
        return text.length() > 1_000 ? text.substring(0, 1_000) + " …" : text;
    }
}
