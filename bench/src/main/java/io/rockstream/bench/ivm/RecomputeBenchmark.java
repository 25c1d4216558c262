package io.rockstream.bench.ivm;

import io.rockstream.bench.ProcessClock;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.CopyIn;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Incremental maintenance against recompute (issue 6). Loads TPC-H-like tables
 * ({@link TpchData}) into RockStream (RocksDB state in a temporary directory) and, with the
 * same rows, into PostgreSQL; then for each view of {@link TpchView#ALL}, one at a time:
 * <ol>
 *   <li>creates the materialized view (RockStream backfills it from the tables);</li>
 *   <li>for each change size (1 row, 1% and 50% of lineitem, each an UPDATE of
 *       {@code l_extendedprice} over a range of {@code l_id}), times the UPDATE, which returns
 *       once the view is up to date: that is the maintenance;</li>
 *   <li>times the view's query run ad hoc (our recompute), and checks that the view equals it
 *       (MISMATCH is printed loudly otherwise);</li>
 *   <li>applies the same UPDATE in PostgreSQL and times REFRESH MATERIALIZED VIEW, and checks
 *       that PostgreSQL's view holds the same rows as ours;</li>
 *   <li>drops the view, so the next view's changes maintain only that one.</li>
 * </ol>
 * Prints a row per (view, change size) with the ratios and a summary against the goals.
 * Results derived from TPC-H queries are not comparable to official TPC results.
 */
public final class RecomputeBenchmark {
    private static final int COPY_CHUNK = 50_000;

    private final RecomputeOptions options;
    private final TpchData data;
    private final Random random = new Random(6);
    private final Instant started = Instant.now();

    private RecomputeBenchmark(RecomputeOptions options) {
        this.options = options;
        this.data = new TpchData(options.scale());
    }

    public static void main(String[] arguments) throws Exception {
        RecomputeOptions options;
        try {
            options = RecomputeOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RecomputeReport report = run(options);
        System.out.println();
        System.out.print(report.text());
        if (options.markdown().isPresent()) {
            Files.writeString(options.markdown().get(), report.markdown());
        }
        System.exit(report.allMatched() ? 0 : 1);
    }

    /** Runs every view and change size and returns the measurements. */
    public static RecomputeReport run(RecomputeOptions options) throws Exception {
        return new RecomputeBenchmark(options).run();
    }

    private RecomputeReport run() throws Exception {
        long lineitems = data.lineitems();
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, java " + System.getProperty("java.version")
                + "; scale " + options.scale() + ": " + data.orders() + " orders, " + lineitems + " lineitem rows");
        Path storage = Files.createTempDirectory("rockstream-ivm-state-");
        List<Step> steps = new ArrayList<>();
        long loadNanos;
        Optional<Long> postgresLoadNanos = Optional.empty();
        PostgresSide postgres = null;
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)));
                SqlSession session = engine.openSession()) {
            loadNanos = load(session);
            if (options.postgres()) {
                progress("PostgreSQL: starting, loading the same rows with COPY");
                postgres = PostgresSide.start();
                long start = System.nanoTime();
                loadPostgres(postgres);
                postgresLoadNanos = Optional.of(System.nanoTime() - start);
            }
            for (TpchView view : TpchView.ALL) {
                steps.addAll(measure(session, postgres, view, lineitems));
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            delete(storage);
        }
        progress("done");
        return new RecomputeReport(options.scale(), data.orders(), lineitems, loadNanos, postgresLoadNanos, steps);
    }

    private long load(SqlSession session) {
        for (String ddl : TpchData.DDL) {
            session.execute(ddl);
        }
        long start = System.nanoTime();
        for (TpchData.Table table : TpchData.Table.values()) {
            List<String> columns = List.of();
            CopyIn[] copy = {session.copyIn(table.sqlName(), columns)};
            long[] rows = {0};
            data.rows(table, fields -> {
                copy[0].row(fields);
                if (++rows[0] % COPY_CHUNK == 0) {
                    copy[0].finish();
                    copy[0] = session.copyIn(table.sqlName(), columns);
                }
            });
            copy[0].finish();
            progress("  loaded " + rows[0] + " rows into " + table.sqlName());
        }
        long nanos = System.nanoTime() - start;
        progress(String.format("RockStream: loaded the tables in %.1f s", nanos / 1e9));
        return nanos;
    }

    private void loadPostgres(PostgresSide postgres) throws Exception {
        for (String ddl : TpchData.DDL) {
            postgres.execute(ddl);
        }
        for (TpchData.Table table : TpchData.Table.values()) {
            postgres.copy(data, table);
            postgres.execute("VACUUM ANALYZE " + table.sqlName());
        }
        for (TpchView view : TpchView.ALL) {
            postgres.execute(view.create() + " WITH NO DATA");
        }
    }

    private List<Step> measure(SqlSession session, PostgresSide postgres, TpchView view, long lineitems)
            throws Exception {
        progress("view " + view.name() + ": " + view.title());
        long start = System.nanoTime();
        session.execute(view.create());
        progress(String.format("  created (backfilled) in %.1f s", (System.nanoTime() - start) / 1e9));
        if (postgres != null) {
            postgres.execute("REFRESH MATERIALIZED VIEW " + view.name());
        }
        List<Step> steps = new ArrayList<>();
        for (Step.Change change : Step.Change.values()) {
            steps.add(measure(session, postgres, view, change, lineitems));
        }
        session.execute("DROP MATERIALIZED VIEW " + view.name());
        return steps;
    }

    private Step measure(SqlSession session, PostgresSide postgres, TpchView view, Step.Change change,
            long lineitems) throws Exception {
        List<String> updates = updates(change, lineitems);
        gc();
        long[] wall = new long[updates.size()];
        long[] threads = new long[updates.size()];
        long process = 0;
        long changed = 0;
        for (int i = 0; i < updates.size(); i++) {
            ProcessClock.Span span = ProcessClock.start();
            List<StatementResult> result = session.execute(updates.get(i));
            ProcessClock.Spent spent = span.stop();
            wall[i] = spent.wallNanos();
            threads[i] = spent.threadsCpuNanos();
            process += spent.processCpuNanos();
            changed += ((StatementResult.Command) result.get(0)).rowCount();
        }
        long rowsChanged = changed / updates.size();
        gc();
        ProcessClock.Span span = ProcessClock.start();
        List<Row> recomputed = rows(session.execute(view.query()));
        ProcessClock.Spent recompute = span.stop();
        List<Row> viewRows = rows(session.execute("SELECT * FROM " + view.name()));
        Optional<String> difference = compare(viewRows, recomputed);
        if (difference.isPresent()) {
            System.out.println("!!!!!!!! MISMATCH: " + view.name() + " after " + change.label() + " change: "
                    + difference.get());
        }
        Optional<Long> postgresChange = Optional.empty();
        Optional<Long> postgresRefresh = Optional.empty();
        Optional<Long> postgresCpu = Optional.empty();
        Optional<Boolean> postgresMatched = Optional.empty();
        if (postgres != null) {
            long begin = System.nanoTime();
            long postgresChanged = 0;
            for (String update : updates) {
                postgresChanged += postgres.execute(update);
            }
            postgresChange = Optional.of((System.nanoTime() - begin) / updates.size());
            Optional<Long> cpuBefore = postgres.backendCpuNanos();
            begin = System.nanoTime();
            postgres.execute("REFRESH MATERIALIZED VIEW " + view.name());
            postgresRefresh = Optional.of(System.nanoTime() - begin);
            Optional<Long> cpuAfter = postgres.backendCpuNanos();
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                postgresCpu = Optional.of(cpuAfter.get() - cpuBefore.get());
            }
            boolean same = postgresChanged == changed
                    && sameText(viewRows, postgres.rows("SELECT * FROM " + view.name()));
            if (!same) {
                System.out.println("!!!!!!!! PostgreSQL DIFFERS: " + view.name() + " after " + change.label()
                        + " change (updated " + postgresChanged + " rows there, " + changed + " here)");
            }
            postgresMatched = Optional.of(same);
        }
        Step step = new Step(view.name(), change, rowsChanged, median(wall), median(threads),
                process / updates.size(), recompute.wallNanos(), recompute.threadsCpuNanos(),
                recompute.processCpuNanos(), postgresChange, postgresRefresh, postgresCpu, difference.isEmpty(),
                postgresMatched);
        progress("  " + RecomputeReport.line(step));
        return step;
    }

    /**
     * The UPDATE statements of one change: {@code singleRowChanges} single-row UPDATEs by key
     * (line 1 of a random order), or one UPDATE of the lines of a range of orders holding the
     * share of lineitem (starting at a random order, wrapping never: the range is cut short at
     * the last order).
     */
    private List<String> updates(Step.Change change, long lineitems) {
        String set = "UPDATE lineitem SET l_extendedprice = l_extendedprice + 1 WHERE ";
        long orders = data.orders();
        switch (change) {
            case ONE_ROW: {
                List<String> updates = new ArrayList<>();
                for (int i = 0; i < options.singleRowChanges(); i++) {
                    long order = 1 + (long) (random.nextDouble() * orders);
                    updates.add(set + "l_id = " + (order * 8 + 1));
                }
                return updates;
            }
            case ONE_PERCENT:
                return List.of(set + range(lineitems / 100, orders));
            case HALF:
                return List.of(set + range(lineitems / 2, orders));
        }
        throw new IllegalStateException("unknown change " + change);
    }

    /** A key range of whole orders holding about {@code lines} lines. */
    private String range(long lines, long orders) {
        long span = Math.max(1, lines * orders / Math.max(1, data.lineitems()));
        long first = 1 + (long) (random.nextDouble() * Math.max(1, orders - span * 11 / 10));
        long last = first;
        long taken = 0;
        while (taken < lines && last <= orders) {
            taken += TpchData.lines(last);
            last++;
        }
        return "l_id >= " + first * 8 + " AND l_id < " + last * 8;
    }

    private static List<Row> rows(List<StatementResult> results) {
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows();
    }

    /**
     * Empty when the two results hold the same rows as multisets; otherwise how many rows
     * differ and a few of each side.
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
                side.add(Arrays.toString(entry.getKey().toArray()) + " x" + Math.abs(weight));
            }
        }
        if (differing == 0) {
            return Optional.empty();
        }
        return Optional.of(differing + " rows differ (view " + view.size() + " rows, recompute " + recomputed.size()
                + "); only in view: " + onlyInView + "; only in recompute: " + onlyInRecompute);
    }

    /** Whether our rows and PostgreSQL's, each value as text, are the same multiset. */
    private static boolean sameText(List<Row> ours, List<List<String>> theirs) {
        Map<List<String>, Long> weights = new HashMap<>();
        for (Row row : ours) {
            List<String> text = new ArrayList<>();
            for (Object value : row.toArray()) {
                text.add(value == null ? null : String.valueOf(value));
            }
            weights.merge(text, 1L, Long::sum);
        }
        for (List<String> row : theirs) {
            weights.merge(row, -1L, Long::sum);
        }
        return weights.values().stream().allMatch(weight -> weight == 0);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Collects garbage so a measurement does not pay for the previous one's. */
    private static void gc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void progress(String message) {
        Duration elapsed = Duration.between(started, Instant.now());
        System.out.printf("[%6.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
    }
}
