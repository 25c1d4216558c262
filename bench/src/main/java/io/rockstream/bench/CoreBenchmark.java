package io.rockstream.bench;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The performance floor of the incremental SQL core (issue "Incremental SQL core"):
 * <ol>
 *   <li>load: {@code t} (rows) and {@code d} (one row per group) with the views {@code agg}
 *       (GROUP BY with count, sum, min, max) and {@code j} (join, GROUP BY, sum) created
 *       first, so every INSERT batch is maintained through both views;</li>
 *   <li>maintenance against recompute: CPU of single-row writes (a literal single-row
 *       INSERT, which goes straight to the views, and an UPDATE by primary key, which reads
 *       its row by key and sends the -old/+new delta through both views) against
 *       recomputing both views ad hoc with our operators and against PostgreSQL's REFRESH
 *       MATERIALIZED VIEW; an ad-hoc point SELECT (which still scans {@code t}) is measured
 *       beside them;</li>
 *   <li>freshness: round-trip latency of a single-row INSERT (it returns once its epoch is
 *       complete), idle and under a concurrent writer, each followed by a read of both
 *       views that must show it.</li>
 * </ol>
 * Prints every figure as it goes and a summary block at the end.
 */
public final class CoreBenchmark {
    private static final long MAINTENANCE_KEYS = 2_000_000_000_000L;
    private static final long FRESHNESS_KEYS = 3_000_000_000_000L;
    private static final long LOADER_KEYS = 4_000_000_000_000L;
    /** Freshness writes carry values above every loaded value, so each becomes its group's max. */
    private static final long FRESHNESS_VALUES = 1_000_000_000_000L;

    private final CoreOptions options;
    private final Workload workload;
    private final Figures figures = new Figures();
    private final Random random = new Random(42);
    /** What {@code agg} and {@code j} must show per group for this program's own writes. */
    private final long[] counts;
    private final long[] sums;
    private final Instant started = Instant.now();

    private CoreBenchmark(CoreOptions options) {
        this.options = options;
        this.workload = new Workload(options.groups());
        this.counts = new long[options.groups()];
        this.sums = new long[options.groups()];
    }

    public static void main(String[] arguments) throws Exception {
        CoreOptions options;
        try {
            options = CoreOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Figures figures = run(options);
        System.out.println();
        System.out.print(figures.summary("Incremental SQL core: " + options));
        if (options.markdown().isPresent()) {
            figures.writeMarkdown(options.markdown().get());
        }
        System.exit(0);
    }

    /** Runs every phase and returns the figures. */
    public static Figures run(CoreOptions options) throws Exception {
        return new CoreBenchmark(options).run();
    }

    private Figures run() throws Exception {
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, java " + System.getProperty("java.version"));
        try (Engine engine = Engine.start(EngineConfig.defaults()); SqlSession session = engine.openSession()) {
            setUp(session);
            load(session);
            recompute(session);
            updates(session);
            inserts(session);
            freshnessIdle(session);
            freshnessUnderLoad(engine, session);
        }
        if (options.postgres()) {
            gc();
            postgres();
        }
        ratios();
        progress("done");
        return figures;
    }

    private void setUp(SqlSession session) {
        session.execute(Workload.CREATE_T);
        session.execute(Workload.CREATE_D);
        session.execute(Workload.CREATE_AGG);
        session.execute(Workload.CREATE_J);
        for (int first = 0; first < options.groups(); first += 5_000) {
            session.execute(workload.insertD(first, Math.min(5_000, options.groups() - first)));
        }
    }

    private void load(SqlSession session) {
        progress("loading " + options.rows() + " rows in INSERT batches of " + options.batch());
        gc();
        long sqlNanos = 0;
        long reported = 0;
        long callerStart = ProcessClock.currentThreadCpuNanos();
        ProcessClock.Span span = ProcessClock.start();
        for (long first = 1; first <= options.rows(); first += options.batch()) {
            int count = (int) Math.min(options.batch(), options.rows() - first + 1);
            long building = System.nanoTime();
            String sql = workload.insertT(first, count);
            sqlNanos += System.nanoTime() - building;
            session.execute(sql);
            long loaded = first + count - 1;
            if (loaded - reported >= Math.max(options.rows() / 10, 1)) {
                reported = loaded;
                progress("  loaded " + loaded + " rows");
            }
        }
        ProcessClock.Spent spent = span.stop();
        long callerCpu = ProcessClock.currentThreadCpuNanos() - callerStart;
        for (long key = 1; key <= options.rows(); key++) {
            int group = workload.group(key);
            counts[group]++;
            sums[group] += workload.value(key);
        }
        double seconds = spent.wallNanos() / 1e9;
        double cpuSeconds = spent.processCpuNanos() / 1e9;
        String section = "load";
        figures.add(section, "rows loaded into t", options.rows(), "rows", "");
        figures.add(section, "rows per INSERT statement", options.batch(), "rows", "");
        figures.add(section, "load wall time", seconds, "s", "");
        figures.add(section, "load process CPU time", cpuSeconds, "s", "all JVM threads");
        figures.add(section, "load throughput", options.rows() / seconds, "rows/s", "wall clock");
        figures.add(section, "load throughput per core", options.rows() / cpuSeconds, "rows/s/core",
                "rows per CPU-second");
        figures.add(section, "cores busy during load", cpuSeconds / seconds, "cores", "CPU time / wall time");
        figures.add(section, "of which the calling thread", callerCpu / 1e9, "s",
                "CPU: build SQL text, parse, bind, check keys, apply to the table");
        figures.add(section, "of which building SQL text (client side)", sqlNanos / 1e9, "s", "wall");
        long heap = gc();
        figures.add(section, "heap used after load (after GC)", heap / (1024.0 * 1024.0), "MB", "");
        figures.add(section, "heap per loaded row", (double) heap / options.rows(), "bytes",
                "table + both views' state");
    }

    private void recompute(SqlSession session) {
        progress("recomputing both views ad hoc");
        String section = "recompute (ours, ad hoc)";
        ProcessClock.Spent agg = null;
        ProcessClock.Spent join = null;
        for (int run = 0; run < options.recomputeRuns(); run++) {
            gc();
            ProcessClock.Span span = ProcessClock.start();
            List<Row> aggRows = rows(session.execute(Workload.RECOMPUTE_AGG));
            agg = best(agg, span.stop());
            check(aggRows.size() == options.groups(), "agg recompute returned " + aggRows.size() + " rows");
            gc();
            span = ProcessClock.start();
            List<Row> joinRows = rows(session.execute(Workload.RECOMPUTE_J));
            join = best(join, span.stop());
            check(joinRows.size() == options.groups(), "join recompute returned " + joinRows.size() + " rows");
        }
        String best = "best of " + options.recomputeRuns();
        figures.add(section, "agg query: process CPU", agg.processCpuNanos() / 1e6, "ms", best);
        figures.add(section, "agg query: Java threads CPU", agg.threadsCpuNanos() / 1e6, "ms", best);
        figures.add(section, "agg query: wall", agg.wallNanos() / 1e6, "ms", best);
        figures.add(section, "join query: process CPU", join.processCpuNanos() / 1e6, "ms", best);
        figures.add(section, "join query: Java threads CPU", join.threadsCpuNanos() / 1e6, "ms", best);
        figures.add(section, "join query: wall", join.wallNanos() / 1e6, "ms", best);
        figures.add(section, "both views, ours: process CPU",
                (agg.processCpuNanos() + join.processCpuNanos()) / 1e6, "ms", "includes GC");
        figures.add(section, "both views, ours: Java threads CPU",
                (agg.threadsCpuNanos() + join.threadsCpuNanos()) / 1e6, "ms", "excludes GC, JIT");
        figures.add(section, "both views, ours: wall", (agg.wallNanos() + join.wallNanos()) / 1e6, "ms", "");
    }

    private static ProcessClock.Spent best(ProcessClock.Spent so, ProcessClock.Spent run) {
        return so == null || run.processCpuNanos() < so.processCpuNanos() ? run : so;
    }

    private void updates(SqlSession session) {
        progress("measuring " + options.updates() + " single-row UPDATEs and " + options.scans() + " ad-hoc point SELECTs");
        gc();
        Meter update = new Meter();
        for (int i = 0; i < options.updates(); i++) {
            long key = 1 + (long) (random.nextDouble() * options.rows());
            ProcessClock.Span span = ProcessClock.start();
            List<StatementResult> result = session.execute("UPDATE t SET v = v + 1 WHERE k = " + key);
            update.add(span.stop());
            check(((StatementResult.Command) result.get(0)).rowCount() == 1, "UPDATE of key " + key + " missed");
            sums[workload.group(key)]++;
        }
        Meter scan = new Meter();
        for (int i = 0; i < options.scans(); i++) {
            long key = 1 + (long) (random.nextDouble() * options.rows());
            ProcessClock.Span span = ProcessClock.start();
            List<Row> rows = rows(session.execute("SELECT k, g, v FROM t WHERE k = " + key));
            scan.add(span.stop());
            check(rows.size() == 1, "point SELECT of key " + key + " returned " + rows.size() + " rows");
        }
        String section = "single-row UPDATE by key (whole statement)";
        String note = "median of " + update.count();
        figures.add(section, "UPDATE t SET v = v + 1 WHERE k = ?: Java threads CPU",
                update.threadsCpu().median() / 1e6, "ms", note);
        figures.add(section, "UPDATE ... WHERE k = ?: Java threads CPU p99",
                update.threadsCpu().percentile(99) / 1e6, "ms", "");
        figures.add(section, "UPDATE ... WHERE k = ?: process CPU, mean", update.processCpuMean() / 1e6, "ms",
                "mean of " + update.count() + ", includes GC");
        figures.add(section, "UPDATE ... WHERE k = ?: wall", update.wall().median() / 1e6, "ms", note);
        String scanNote = "median of " + scan.count();
        figures.add(section, "ad-hoc SELECT k, g, v FROM t WHERE k = ? (scans t): Java threads CPU",
                scan.threadsCpu().median() / 1e6, "ms", scanNote);
        figures.add(section, "SELECT ... WHERE k = ?: process CPU, mean", scan.processCpuMean() / 1e6, "ms",
                "mean of " + scan.count());
        figures.add(section, "SELECT ... WHERE k = ?: wall", scan.wall().median() / 1e6, "ms", scanNote);
    }

    private void inserts(SqlSession session) {
        progress("measuring " + options.inserts() + " single-row INSERTs (view maintenance)");
        gc();
        Meter insert = new Meter();
        for (int i = 0; i < options.inserts(); i++) {
            long key = MAINTENANCE_KEYS + i;
            int group = random.nextInt(options.groups());
            long value = random.nextInt(1_000_000);
            String sql = "INSERT INTO t VALUES (" + key + "," + group + "," + value + ")";
            ProcessClock.Span span = ProcessClock.start();
            session.execute(sql);
            insert.add(span.stop());
            counts[group]++;
            sums[group] += value;
        }
        String section = "view maintenance (single-row INSERT, literal VALUES)";
        String note = "median of " + insert.count() + "; whole statement, both views";
        figures.add(section, "INSERT one row: Java threads CPU", insert.threadsCpu().median() / 1e3, "us", note);
        figures.add(section, "INSERT one row: Java threads CPU p99", insert.threadsCpu().percentile(99) / 1e3, "us",
                "");
        figures.add(section, "INSERT one row: process CPU, mean", insert.processCpuMean() / 1e3, "us",
                "mean of " + insert.count() + ", includes GC and JIT");
        figures.add(section, "INSERT one row: wall", insert.wall().median() / 1e3, "us", note);
    }

    private void freshnessIdle(SqlSession session) {
        progress("freshness, idle: " + options.writes() + " single-row INSERTs, each read back");
        gc();
        Samples latency = new Samples();
        long violations = 0;
        for (int i = 0; i < options.writes(); i++) {
            Write write = freshWrite(i);
            long start = System.nanoTime();
            session.execute(write.sql());
            latency.add(System.nanoTime() - start);
            counts[write.group()]++;
            sums[write.group()] += write.value();
            if (!visible(session, write, true)) {
                violations++;
            }
        }
        String section = "freshness, idle";
        String note = options.writes() + " writes";
        figures.add(section, "single-row INSERT round trip (epoch complete): median", latency.median() / 1e6, "ms",
                note);
        figures.add(section, "single-row INSERT round trip: p99", latency.percentile(99) / 1e6, "ms", note);
        figures.add(section, "single-row INSERT round trip: max", latency.max() / 1e6, "ms", note);
        figures.add(section, "writes not visible in agg and j when acknowledged", violations, "writes",
                "must be 0; checks count, sum, max exactly");
    }

    private void freshnessUnderLoad(Engine engine, SqlSession session) throws InterruptedException {
        progress("freshness under load: a second session inserts batches of " + options.loadBatch() + " rows");
        gc();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong loaded = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (SqlSession background = engine.openSession()) {
                long next = LOADER_KEYS;
                while (!stop.get()) {
                    background.execute(workload.insertT(next, options.loadBatch()));
                    next += options.loadBatch();
                    loaded.addAndGet(options.loadBatch());
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "bench-background-writer");
        writer.start();
        while (loaded.get() == 0 && failure.get() == null) {
            Thread.sleep(1);
        }
        Samples latency = new Samples();
        long violations = 0;
        long loadedBefore = loaded.get();
        long start = System.nanoTime();
        for (int i = 0; i < options.writes(); i++) {
            Write write = freshWrite(options.writes() + i);
            long begin = System.nanoTime();
            session.execute(write.sql());
            latency.add(System.nanoTime() - begin);
            if (!visible(session, write, false)) {
                violations++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long background = loaded.get() - loadedBefore;
        stop.set(true);
        writer.join();
        if (failure.get() != null) {
            throw new IllegalStateException("background writer failed", failure.get());
        }
        String section = "freshness, under load";
        String note = options.writes() + " writes";
        figures.add(section, "background writer throughput", background / seconds, "rows/s",
                "batches of " + options.loadBatch() + " rows");
        figures.add(section, "single-row INSERT round trip (epoch complete): median", latency.median() / 1e6, "ms",
                note);
        figures.add(section, "single-row INSERT round trip: p99", latency.percentile(99) / 1e6, "ms", note);
        figures.add(section, "single-row INSERT round trip: max", latency.max() / 1e6, "ms", note);
        figures.add(section, "writes not visible in agg when acknowledged", violations, "writes",
                "must be 0; checks the group's max");
    }

    private record Write(String sql, int group, long value) {
    }

    private Write freshWrite(int index) {
        int group = random.nextInt(options.groups());
        long value = FRESHNESS_VALUES + index;
        long key = FRESHNESS_KEYS + index;
        return new Write("INSERT INTO t VALUES (" + key + "," + group + "," + value + ")", group, value);
    }

    /**
     * Whether both views show the write. Exact (count, sum, max of agg; sum of j) when this
     * program is the only writer; under load only the group's max, which this write set.
     */
    private boolean visible(SqlSession session, Write write, boolean exact) {
        List<Row> agg = rows(session.execute("SELECT * FROM agg WHERE g = " + write.group()));
        if (agg.size() != 1 || number(agg.get(0).get(4)) != write.value()) {
            return false;
        }
        if (!exact) {
            return true;
        }
        if (number(agg.get(0).get(1)) != counts[write.group()] || number(agg.get(0).get(2)) != sums[write.group()]) {
            return false;
        }
        List<Row> join = rows(session.execute("SELECT * FROM j WHERE name = '" + Workload.name(write.group()) + "'"));
        return join.size() == 1 && number(join.get(0).get(1)) == sums[write.group()];
    }

    private void postgres() throws Exception {
        progress("PostgreSQL: starting, loading with COPY, refreshing the views");
        String section = "PostgreSQL 17 (embedded, same rows)";
        try (PostgresPeer peer = PostgresPeer.start()) {
            peer.execute(Workload.CREATE_T);
            peer.execute(Workload.CREATE_D);
            peer.execute(Workload.CREATE_AGG + " WITH NO DATA");
            peer.execute(Workload.CREATE_J + " WITH NO DATA");
            for (int first = 0; first < options.groups(); first += 5_000) {
                peer.execute(workload.insertD(first, Math.min(5_000, options.groups() - first)));
            }
            long start = System.nanoTime();
            peer.copyT(workload, options.rows());
            double copySeconds = (System.nanoTime() - start) / 1e9;
            peer.execute("VACUUM ANALYZE t");
            peer.execute("VACUUM ANALYZE d");
            long aggWall = Long.MAX_VALUE;
            long joinWall = Long.MAX_VALUE;
            long aggCpu = Long.MAX_VALUE;
            long joinCpu = Long.MAX_VALUE;
            for (int run = 0; run < options.recomputeRuns(); run++) {
                Optional<Long> cpuBefore = peer.backendCpuNanos();
                start = System.nanoTime();
                peer.execute("REFRESH MATERIALIZED VIEW agg");
                aggWall = Math.min(aggWall, System.nanoTime() - start);
                Optional<Long> cpuBetween = peer.backendCpuNanos();
                start = System.nanoTime();
                peer.execute("REFRESH MATERIALIZED VIEW j");
                joinWall = Math.min(joinWall, System.nanoTime() - start);
                Optional<Long> cpuAfter = peer.backendCpuNanos();
                if (cpuBefore.isPresent() && cpuBetween.isPresent() && cpuAfter.isPresent()) {
                    aggCpu = Math.min(aggCpu, cpuBetween.get() - cpuBefore.get());
                    joinCpu = Math.min(joinCpu, cpuAfter.get() - cpuBetween.get());
                }
            }
            check(peer.queryLong("SELECT count(*) FROM agg") == options.groups(), "PostgreSQL agg has wrong size");
            check(peer.queryLong("SELECT count(*) FROM j") == options.groups(), "PostgreSQL j has wrong size");
            String best = "best of " + options.recomputeRuns();
            figures.add(section, "COPY t (load) wall", copySeconds, "s", "");
            figures.add(section, "COPY t throughput", options.rows() / copySeconds, "rows/s", "wall clock");
            figures.add(section, "REFRESH MATERIALIZED VIEW agg: wall", aggWall / 1e6, "ms", best);
            figures.add(section, "REFRESH MATERIALIZED VIEW j: wall", joinWall / 1e6, "ms", best);
            figures.add(section, "both views, PostgreSQL: wall", (aggWall + joinWall) / 1e6, "ms", "");
            if (aggCpu != Long.MAX_VALUE) {
                String note = best + "; backend utime+stime at " + (1000 / peer.ticksPerSecond())
                        + " ms resolution, parallel query off";
                figures.add(section, "REFRESH MATERIALIZED VIEW agg: backend CPU", aggCpu / 1e6, "ms", note);
                figures.add(section, "REFRESH MATERIALIZED VIEW j: backend CPU", joinCpu / 1e6, "ms", note);
                figures.add(section, "both views, PostgreSQL: backend CPU", (aggCpu + joinCpu) / 1e6, "ms", "");
            }
        }
    }

    private void ratios() {
        String section = "ratios (target >= 1000x)";
        double insertThreads = figures.value("INSERT one row: Java threads CPU") * 1e3;
        double insertProcess = figures.value("INSERT one row: process CPU, mean") * 1e3;
        double update = figures.value("UPDATE t SET v = v + 1 WHERE k = ?: Java threads CPU") * 1e6;
        figures.add(section, "our recompute / single-row INSERT (Java threads CPU)",
                figures.value("both views, ours: Java threads CPU") * 1e6 / insertThreads, "x",
                "view maintenance alone, like for like");
        if (insertProcess > 0) {
            // the process clock moves in 10 ms ticks: a short run of inserts may not have moved it at all
            figures.add(section, "our recompute / single-row INSERT (process CPU, mean)",
                    figures.value("both views, ours: process CPU") * 1e6 / insertProcess, "x", "includes GC and JIT");
        }
        figures.add(section, "our recompute / single-row UPDATE statement (Java threads CPU)",
                figures.value("both views, ours: Java threads CPU") * 1e6 / update, "x",
                "primary-key lookup + -old/+new delta through both views");
        Optional<Figures.Figure> postgresCpu = figures.find("both views, PostgreSQL: backend CPU");
        if (postgresCpu.isPresent()) {
            figures.add(section, "PostgreSQL REFRESH backend CPU / single-row INSERT CPU",
                    postgresCpu.get().value() * 1e6 / insertThreads, "x", "INSERT: Java threads CPU");
            figures.add(section, "PostgreSQL REFRESH backend CPU / single-row UPDATE CPU",
                    postgresCpu.get().value() * 1e6 / update, "x", "UPDATE: Java threads CPU");
        }
        Optional<Figures.Figure> postgresWall = figures.find("both views, PostgreSQL: wall");
        if (postgresWall.isPresent()) {
            figures.add(section, "PostgreSQL REFRESH wall / single-row INSERT wall",
                    postgresWall.get().value() * 1e3 / figures.value("INSERT one row: wall"), "x", "");
        }
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

    /** Collects garbage so a phase does not pay for the previous one's; returns the heap in use. */
    private static long gc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void progress(String message) {
        Duration elapsed = Duration.between(started, Instant.now());
        System.out.printf("[%6.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
    }
}
