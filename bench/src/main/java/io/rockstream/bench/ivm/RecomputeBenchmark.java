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
 * Incremental maintenance against recompute (issue 6). For each view of {@link TpchView#ALL},
 * on freshly loaded TPC-H-like tables ({@link TpchData}) in RockStream (RocksDB state in a
 * temporary directory) and, with the same rows, in PostgreSQL:
 * <ol>
 *   <li>creates the materialized view (RockStream backfills it from the tables);</li>
 *   <li>for each way of changing lineitem ({@link Step.Method}: UPDATE of a measure column,
 *       INSERT of new lines) and each size (1 row, 1% and 50% of lineitem), times the
 *       statement, which returns once the view is up to date: that is the maintenance;</li>
 *   <li>times the view's query run ad hoc (our recompute), and checks that the view equals it
 *       (MISMATCH is printed loudly otherwise);</li>
 *   <li>applies the same change in PostgreSQL and times REFRESH MATERIALIZED VIEW, and checks
 *       that PostgreSQL's view holds the same rows as ours.</li>
 * </ol>
 * Prints a line per step with the ratios and a summary against the goals. Results derived from
 * TPC-H queries are not comparable to official TPC results.
 */
public final class RecomputeBenchmark {
    private static final int COPY_CHUNK = 50_000;
    private static final String UPDATE = "UPDATE lineitem SET l_extendedprice = l_extendedprice + 1 WHERE ";

    private final RecomputeOptions options;
    private final TpchData data;
    private final Random random = new Random(6);
    private final Instant started = Instant.now();
    /** Changes planned so far: each INSERT change copies lines under its own multiple of the key space. */
    private long inserts;

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
        List<Step> steps = new ArrayList<>();
        long loadNanos = 0;
        Optional<Long> postgresLoadNanos = Optional.empty();
        PostgresSide postgres = options.postgres() ? PostgresSide.start() : null;
        try {
            for (TpchView view : options.selectedViews()) {
                // each view on freshly loaded tables in both systems, so every view starts from the same rows
                Path storage = Files.createTempDirectory("rockstream-ivm-state-");
                try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)));
                        SqlSession session = engine.openSession()) {
                    loadNanos = load(session);
                    if (postgres != null) {
                        long start = System.nanoTime();
                        loadPostgres(postgres, view);
                        postgresLoadNanos = Optional.of(System.nanoTime() - start);
                        progress(String.format("PostgreSQL: loaded the same rows (COPY, VACUUM ANALYZE) in %.1f s",
                                postgresLoadNanos.get() / 1e9));
                    }
                    steps.addAll(measure(session, postgres, view, lineitems));
                } finally {
                    delete(storage);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
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

    private void loadPostgres(PostgresSide postgres, TpchView view) throws Exception {
        for (TpchData.Table table : TpchData.Table.values()) {
            postgres.execute("DROP TABLE IF EXISTS " + table.sqlName() + " CASCADE");
        }
        for (String ddl : TpchData.DDL) {
            postgres.execute(ddl);
        }
        for (TpchData.Table table : TpchData.Table.values()) {
            postgres.copy(data, table);
            postgres.execute("VACUUM ANALYZE " + table.sqlName());
        }
        postgres.execute(view.create() + " WITH NO DATA");
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
        for (Step.Method method : Step.Method.values()) {
            for (Step.Change change : Step.Change.values()) {
                if (change == Step.Change.HALF && !options.half()) {
                    progress("  " + view.name() + " " + method.label() + " 50%: skipped (--no-half)");
                    continue;
                }
                steps.add(measure(session, postgres, view, method, change, lineitems));
            }
        }
        return steps;
    }

    private Step measure(SqlSession session, PostgresSide postgres, TpchView view, Step.Method method,
            Step.Change change, long lineitems) throws Exception {
        Plan plan = plan(method, change, lineitems);
        int statements = plan.copyRows().isEmpty() ? plan.statements().size() : 1;
        gc();
        long[] wall = new long[statements];
        long[] threads = new long[statements];
        long process = 0;
        long changed = 0;
        for (int i = 0; i < statements; i++) {
            ProcessClock.Span span = ProcessClock.start();
            if (plan.copyRows().isEmpty()) {
                List<StatementResult> result = session.execute(plan.statements().get(i));
                changed += ((StatementResult.Command) result.get(0)).rowCount();
            } else {
                CopyIn copy = session.copyIn("lineitem", List.of());
                for (String[] fields : plan.copyRows()) {
                    copy.row(fields);
                }
                changed += copy.finish();
            }
            ProcessClock.Spent spent = span.stop();
            wall[i] = spent.wallNanos();
            threads[i] = spent.threadsCpuNanos();
            process += spent.processCpuNanos();
        }
        long rowsChanged = changed / statements;
        gc();
        ProcessClock.Span span = ProcessClock.start();
        List<Row> recomputed = rows(session.execute(view.query()));
        ProcessClock.Spent recompute = span.stop();
        List<Row> viewRows = rows(session.execute("SELECT * FROM " + view.name()));
        Optional<String> difference = compare(viewRows, recomputed);
        if (difference.isPresent()) {
            System.out.println("!!!!!!!! MISMATCH: " + view.name() + " after " + method.label() + " of "
                    + change.label() + ": " + difference.get());
        }
        Optional<Long> postgresChange = Optional.empty();
        Optional<Long> postgresRefresh = Optional.empty();
        Optional<Long> postgresCpu = Optional.empty();
        Optional<Boolean> postgresMatched = Optional.empty();
        if (postgres != null) {
            long begin = System.nanoTime();
            long postgresChanged = 0;
            if (plan.copyRows().isEmpty()) {
                for (String statement : plan.statements()) {
                    postgresChanged += postgres.execute(statement);
                }
            } else {
                postgresChanged = postgres.copy("lineitem", plan.copyRows());
            }
            postgresChange = Optional.of((System.nanoTime() - begin) / statements);
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
                System.out.println("!!!!!!!! PostgreSQL DIFFERS: " + view.name() + " after " + method.label() + " of "
                        + change.label() + " (changed " + postgresChanged + " rows there, " + changed + " here)");
            }
            postgresMatched = Optional.of(same);
        }
        Step step = new Step(view.name(), method, change, rowsChanged, median(wall), median(threads),
                process / statements, recompute.wallNanos(), recompute.threadsCpuNanos(),
                recompute.processCpuNanos(), postgresChange, postgresRefresh, postgresCpu, difference.isEmpty(),
                postgresMatched);
        progress("  " + RecomputeReport.line(step));
        return step;
    }

    /** One change, as SQL statements (each timed on its own) or as the rows of one COPY into lineitem. */
    private record Plan(List<String> statements, List<String[]> copyRows) {
    }

    /**
     * The change: for one row, {@code singleRowChanges} statements on line 1 of a random order
     * (an UPDATE by key, or a literal INSERT of a copy under a new key); for a batch, the lines
     * of a range of whole orders holding the share of lineitem (one range UPDATE, or one COPY of
     * copies under new keys).
     */
    private Plan plan(Step.Method method, Step.Change change, long lineitems) {
        long offset = TpchData.KEY_SPACE * ++inserts;
        if (change == Step.Change.ONE_ROW) {
            List<String> statements = new ArrayList<>();
            for (int i = 0; i < options.singleRowChanges(); i++) {
                long order = 1 + (long) (random.nextDouble() * data.orders());
                if (method == Step.Method.UPDATE) {
                    statements.add(UPDATE + "l_id = " + (order * 8 + 1));
                } else {
                    List<String[]> lines = new ArrayList<>();
                    data.lineitems(order, offset, lines::add);
                    statements.add("INSERT INTO lineitem VALUES (" + String.join(", ", lines.get(0)) + ")");
                }
            }
            return new Plan(statements, List.of());
        }
        long[] orders = range(change == Step.Change.HALF ? lineitems / 2 : lineitems / 100, lineitems);
        if (method == Step.Method.UPDATE) {
            return new Plan(List.of(UPDATE + "l_id >= " + orders[0] * 8 + " AND l_id < " + orders[1] * 8), List.of());
        }
        List<String[]> rows = new ArrayList<>();
        for (long order = orders[0]; order < orders[1]; order++) {
            data.lineitems(order, offset, rows::add);
        }
        return new Plan(List.of(), rows);
    }

    /** Orders {@code [first, last)} holding about {@code lines} lines, starting at a random order. */
    private long[] range(long lines, long lineitems) {
        long orders = data.orders();
        long span = Math.max(1, lines * orders / Math.max(1, lineitems));
        long first = 1 + (long) (random.nextDouble() * Math.max(1, orders - span * 11 / 10));
        long last = first;
        long taken = 0;
        while (taken < lines && last <= orders) {
            taken += TpchData.lines(last);
            last++;
        }
        return new long[] {first, last};
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
