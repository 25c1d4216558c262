package io.rockstream.bench.cluster;

import io.rockstream.bench.ProcessClock;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.jobmanager.cluster.ClusterCoordinator;
import io.rockstream.jobmanager.cluster.ClusterJobs;
import io.rockstream.jobmanager.cluster.ControlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 5's cluster figures on this machine, with real TaskManager processes:
 *
 * <ol>
 *   <li><b>Scaling.</b> The same workload (orders streamed into a join-and-aggregate view and
 *       an aggregate view, both at parallelism 6) with 1, 2 and 3 TaskManager processes:
 *       rows per second, rows per CPU-second of every process (JobManager included), the
 *       efficiency against one TaskManager, and the bytes per row of the job plane
 *       (JobManager ↔ TaskManagers) and of the exchange between TaskManagers.</li>
 *   <li><b>Recovery.</b> With three TaskManagers and a given number of rows in the views'
 *       inputs, one TaskManager is killed with SIGKILL; the time from the kill until a write
 *       sent right after it is acknowledged (which needs every view's epoch complete, so the
 *       lost views placed again elsewhere) is the recovery time. Two runs side by side: the
 *       views rebuilt from their inputs (heap state, no storage), and restored from the last
 *       checkpoint (RocksDB state checkpointed to a local object store, then five more epochs
 *       replayed after the restore). With {@code --pad-bytes N} every order also carries a
 *       note of N characters of hex (md5 digests, which LZ4 does not shrink), which the join
 *       view keeps in its state: gigabytes of TaskManager state from a few hundred thousand
 *       orders. The restore's own figures (bytes downloaded, time to download and open, time
 *       to import the state families) are read from the TaskManagers' logs.</li>
 *   <li><b>Rebalancing.</b> After the restore run, a new TaskManager joins the two left while
 *       a client writes: the views moved to it (each restored from a checkpoint taken just
 *       before), the time from its connection until no move is left to make, and the longest
 *       write meanwhile.</li>
 * </ol>
 *
 * Each run checks the views against their queries recomputed ad hoc. The JobManager runs in
 * this JVM (in memory, or on a local object store for the restore runs); the TaskManagers are
 * child JVMs on this JVM's class path.
 *
 * <pre>
 * ClusterBenchmark [--short] [--rows N] [--taskmanagers 1,2,3] [--recovery-rows 100000,1000000] [--parallelism 6]
 *                  [--pad-bytes 0] [--restore-only]
 * </pre>
 */
public final class ClusterBenchmark {
    private static final String VIEW_JOIN = "SELECT c.region, count(*) AS n, sum(o.amount) AS total FROM orders o"
            + " JOIN customers c ON o.customer = c.id GROUP BY c.region";
    private static final String VIEW_AGGREGATE = "SELECT customer, count(*) AS n, sum(amount) AS total, max(amount) AS top"
            + " FROM orders GROUP BY customer";
    private static final int CUSTOMERS = 10_000;
    private static final int BATCH = 20_000;
    private static final Pattern EXCHANGE = Pattern.compile("exchange totals: (\\d+) bytes and (\\d+) rows");
    private static final Pattern RESTORED = Pattern.compile("Restored slots .*: (\\d+) bytes downloaded and opened in"
            + " (\\d+) ms, (\\d+) state families imported whole in (\\d+) ms");

    /** What to run. */
    record Options(long rows, int[] taskManagers, long[] recoveryRows, int parallelism, int padBytes,
            boolean restoreOnly) {
        static Options parse(String[] args) {
            long rows = 400_000;
            int[] taskManagers = {1, 2, 3};
            long[] recoveryRows = {100_000, 1_000_000};
            int parallelism = 6;
            int padBytes = 0;
            boolean restoreOnly = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--short" -> {
                        rows = 20_000;
                        taskManagers = new int[] {1, 2};
                        recoveryRows = new long[] {10_000};
                    }
                    case "--rows" -> rows = Long.parseLong(value(args, ++i, arg));
                    case "--taskmanagers" -> taskManagers = Arrays.stream(value(args, ++i, arg).split(","))
                            .mapToInt(Integer::parseInt).toArray();
                    case "--recovery-rows" -> recoveryRows = Arrays.stream(value(args, ++i, arg).split(","))
                            .mapToLong(Long::parseLong).toArray();
                    case "--parallelism" -> parallelism = Integer.parseInt(value(args, ++i, arg));
                    case "--pad-bytes" -> padBytes = Integer.parseInt(value(args, ++i, arg));
                    case "--restore-only" -> restoreOnly = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                }
            }
            if (padBytes < 0) {
                throw new IllegalArgumentException("--pad-bytes must not be negative\n" + USAGE);
            }
            return new Options(rows, taskManagers, recoveryRows, parallelism, padBytes, restoreOnly);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            return args[i];
        }
    }

    static final String USAGE = "usage: ClusterBenchmark [--short] [--rows N] [--taskmanagers 1,2,3]"
            + " [--recovery-rows 100000,1000000] [--parallelism 6] [--pad-bytes 0] [--restore-only]";

    /** One scaling run. */
    record Scaling(int taskManagers, long rows, double seconds, double cpuSeconds, long jobPlaneBytes,
            long exchangeBytes, long exchangeRows, boolean matched) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double rowsPerCpuSecond() {
            return rows / cpuSeconds;
        }
    }

    /** One recovery run; with {@code restore}, then a TaskManager joins and views move to it ({@link Rebalance}). */
    record Recovery(long rows, boolean restore, long loadMillis, long recoveryMillis, boolean matched,
            long restores, long checkpointBytes, Rebalance rebalance, Restored restored) {
    }

    /**
     * What the TaskManagers logged of the restores after the kill: bytes downloaded, the
     * longest download-and-open and the longest import, and the state families imported.
     */
    record Restored(long bytes, long openMillis, long importMillis, long families) {
    }

    /**
     * A TaskManager joined two that ran everything: how many views moved to it, the time from
     * its job plane's connection until no move was left to make (-1: not within 2 minutes),
     * and the longest write from its start on (a moving view holds its epochs).
     */
    record Rebalance(long moves, long millis, long longestWriteMillis, boolean matched) {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("rockstream-cluster-bench");
        System.out.printf(Locale.ROOT, "cluster benchmark: %d rows, parallelism %d, TaskManagers %s (2 slots each), %d cores%n",
                options.rows(), options.parallelism(), Arrays.toString(options.taskManagers()),
                Runtime.getRuntime().availableProcessors());
        List<Scaling> scaling = new ArrayList<>();
        for (int taskManagers : options.taskManagers()) {
            Scaling run = scaling(work, taskManagers, options);
            scaling.add(run);
            double base = scaling.get(0).rowsPerSecond() / scaling.get(0).taskManagers();
            System.out.printf(Locale.ROOT, "scaling: %d TaskManager(s): %.0f rows/s, %.0f rows per CPU-second,"
                    + " efficiency %.2f (rows/s per TaskManager against the first run), job plane %.1f bytes/row,"
                    + " exchange %.1f bytes/row (%.2f exchanged rows per row), views match their queries: %s%n",
                    taskManagers, run.rowsPerSecond(), run.rowsPerCpuSecond(),
                    run.rowsPerSecond() / taskManagers / base, (double) run.jobPlaneBytes() / run.rows(),
                    (double) run.exchangeBytes() / run.rows(), (double) run.exchangeRows() / run.rows(), run.matched());
        }
        for (long rows : options.recoveryRows()) {
            Recovery rebuilt = options.restoreOnly() ? null : recovery(work, rows, options, false);
            Recovery restored = recovery(work, rows, options, true);
            for (Recovery run : rebuilt == null ? List.of(restored) : List.of(rebuilt, restored)) {
                System.out.printf(Locale.ROOT, "recovery (%s): %d rows in the views' inputs (loaded in %d ms): from"
                        + " SIGKILL of a TaskManager to the first write acknowledged after it: %d ms, views restored from"
                        + " a checkpoint: %d, views match their queries: %s%s%n", run.restore() ? "restore" : "rebuild",
                        rows, run.loadMillis(), run.recoveryMillis(), run.restores(), run.matched(), run.restore()
                                ? String.format(Locale.ROOT, ", checkpointed state %.1f MB (JobManager and TaskManagers);"
                                        + " the TaskManagers downloaded %.1f MB of it (longest download and open %d ms)"
                                        + " and imported %d state families (longest import %d ms)",
                                        run.checkpointBytes() / 1e6, run.restored().bytes() / 1e6,
                                        run.restored().openMillis(), run.restored().families(),
                                        run.restored().importMillis()) : "");
            }
            if (rebuilt != null) {
                System.out.printf(Locale.ROOT, "recovery: %d rows: restore takes %.2fx the time of a rebuild%n", rows,
                        (double) restored.recoveryMillis() / Math.max(1, rebuilt.recoveryMillis()));
            }
            Rebalance rebalance = restored.rebalance();
            System.out.printf(Locale.ROOT, "rebalance: %d rows: a TaskManager joined the two left; %d view move(s),"
                    + " restored from checkpoints, until the load was even: %d ms; longest write meanwhile: %d ms;"
                    + " views match their queries: %s%n", rows, rebalance.moves(), rebalance.millis(),
                    rebalance.longestWriteMillis(), rebalance.matched());
        }
    }

    static Scaling scaling(Path work, int taskManagers, Options options) throws Exception {
        try (Cluster cluster = Cluster.start(work.resolve("scaling-" + taskManagers), taskManagers, null);
                SqlSession session = cluster.engine.openSession()) {
            createSchema(session, options);
            long jobPlane = ClusterJobs.jobPlaneBytesSent() + ClusterJobs.jobPlaneBytesReceived();
            long cpu = cluster.cpuNanos();
            long started = System.nanoTime();
            load(session, 0, options.rows(), options.padBytes());
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (cluster.cpuNanos() - cpu) / 1e9;
            jobPlane = ClusterJobs.jobPlaneBytesSent() + ClusterJobs.jobPlaneBytesReceived() - jobPlane;
            boolean matched = matches(session);
            long[] exchange = cluster.stopTaskManagers();
            return new Scaling(taskManagers, options.rows(), seconds, cpuSeconds, jobPlane, exchange[0], exchange[1],
                    matched);
        }
    }

    static Recovery recovery(Path work, long rows, Options options, boolean restore) throws Exception {
        String name = "recovery-" + rows + (restore ? "-restore" : "-rebuild");
        try (Cluster cluster = Cluster.start(work.resolve(name), 3, restore ? work.resolve(name + "-storage") : null);
                SqlSession session = cluster.engine.openSession()) {
            createSchema(session, options);
            long started = System.nanoTime();
            load(session, 0, rows, options.padBytes());
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            long checkpointBytes = 0;
            if (restore) {
                var stats = cluster.engine.checkpoint();
                checkpointBytes = stats.stateUploadedBytes() + stats.stateReusedBytes();
                for (int i = 1; i <= 5; i++) {
                    // epochs after the checkpoint: given again to the restored views
                    session.execute("INSERT INTO orders (id, customer, amount) VALUES (" + (rows + 100 + i) + ", " + i
                            + ", " + i + ")");
                }
            }
            String hosts = cluster.engine.clusterJobs().host(JobId.of("by_region")).orElseThrow(
                    () -> new IllegalStateException("by_region runs on no TaskManager process"));
            int victim = Integer.parseInt(hosts.split(",")[0].substring("tm-".length()));
            long killed = System.nanoTime();
            cluster.kill(victim);
            session.execute("INSERT INTO orders (id, customer, amount) VALUES (" + (rows + 1) + ", 1, 1)");
            long recoveryMillis = (System.nanoTime() - killed) / 1_000_000;
            Restored restoredState = cluster.restored();
            boolean matched = matches(session);
            Rebalance rebalance = restore ? rebalance(cluster, rows) : null;
            return new Recovery(rows, restore, loadMillis, recoveryMillis, matched, cluster.engine.restores(),
                    checkpointBytes, rebalance, restoredState);
        }
    }

    /** A new TaskManager joins under a writer; times the moves until the load is even. */
    private static Rebalance rebalance(Cluster cluster, long rows) throws Exception {
        long before = cluster.engine.viewMoves();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (SqlSession session = cluster.engine.openSession()) {
                for (long id = rows + 1_000; writing.get(); id++) {
                    long started = System.nanoTime();
                    session.execute("INSERT INTO orders (id, customer, amount) VALUES (" + id + ", " + (id % CUSTOMERS)
                            + ", 1)");
                    longest.accumulateAndGet(System.nanoTime() - started, Math::max);
                }
            }
        });
        try {
            cluster.startTaskManager(cluster.taskManagers.size());
            long joined = System.nanoTime(); // its job plane connected: the JobManager starts moving views
            // even: a view moved, both are placed, and no move narrows the gap, for half a second on end
            long evenSince = -1;
            long deadline = joined + TimeUnit.MINUTES.toNanos(2);
            long millis = -1;
            while (System.nanoTime() < deadline && !writer.isDone()) {
                boolean even = cluster.engine.viewMoves() > before
                        && cluster.engine.clusterJobs().host(JobId.of("by_region")).isPresent()
                        && cluster.engine.clusterJobs().host(JobId.of("by_customer")).isPresent()
                        && io.rockstream.jobmanager.cluster.SlotPlacement.nextMove(cluster.engine.clusterJobs().cluster())
                                .isEmpty();
                long now = System.nanoTime();
                if (!even) {
                    evenSince = -1;
                } else if (evenSince < 0) {
                    evenSince = now;
                } else if (now - evenSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                    millis = (evenSince - joined) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
            }
            writing.set(false);
            writer.get(2, TimeUnit.MINUTES);
            try (SqlSession session = cluster.engine.openSession()) {
                return new Rebalance(cluster.engine.viewMoves() - before, millis, longest.get() / 1_000_000,
                        matches(session));
            }
        } finally {
            writing.set(false);
        }
    }

    private static void createSchema(SqlSession session, Options options) {
        int parallelism = options.parallelism();
        session.execute("CREATE TABLE customers (id int PRIMARY KEY, region text)");
        session.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer int, amount int"
                + (options.padBytes() > 0 ? ", note text" : "") + ")");
        session.execute("INSERT INTO customers SELECT g, 'region-' || (g % 50) FROM generate_series(1, " + CUSTOMERS
                + ") g");
        session.execute("CREATE MATERIALIZED VIEW by_region WITH (parallelism = " + parallelism + ") AS " + VIEW_JOIN);
        session.execute("CREATE MATERIALIZED VIEW by_customer WITH (parallelism = " + parallelism + ") AS "
                + VIEW_AGGREGATE);
    }

    /**
     * Orders [from + 1, to], one epoch per batch (of at most about 20 MB of notes); with
     * {@code padBytes}, each with a note of that many hex characters: md5 digests of distinct
     * numbers, so that the state does not compress.
     */
    private static void load(SqlSession session, long from, long to, int padBytes) {
        StringBuilder note = new StringBuilder();
        for (int i = 0; padBytes > 0 && i * 32 < padBytes; i++) {
            note.append(i == 0 ? ", substr(" : " || ").append("md5((g * 1000 + ").append(i).append(")::text)");
        }
        if (padBytes > 0) {
            note.append(", 1, ").append(padBytes).append(")");
        }
        int batch = padBytes == 0 ? BATCH : Math.max(100, Math.min(BATCH, 20_000_000 / padBytes));
        for (long start = from + 1; start <= to; start += batch) {
            long end = Math.min(to, start + batch - 1);
            session.execute("INSERT INTO orders SELECT g, ((g % " + CUSTOMERS + ") * 7919) % " + CUSTOMERS
                    + " + 1, g % 97" + note + " FROM generate_series(" + start + ", " + end + ") g");
        }
    }

    private static boolean matches(SqlSession session) {
        return rows(session, "SELECT * FROM by_region ORDER BY 1").equals(rows(session, VIEW_JOIN + " ORDER BY 1"))
                && rows(session, "SELECT * FROM by_customer ORDER BY 1").equals(rows(session, VIEW_AGGREGATE + " ORDER BY 1"));
    }

    private static List<String> rows(SqlSession session, String sql) {
        List<StatementResult> results = session.execute(sql);
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows().stream().map(Row::toString).toList();
    }

    /** An in-memory JobManager in this JVM and TaskManager processes. */
    static final class Cluster implements AutoCloseable {
        final Engine engine;
        final ControlServer control;
        final List<Process> taskManagers = new ArrayList<>();
        final Path logs;

        final Path storage;

        private Cluster(Engine engine, ControlServer control, Path logs, Path storage) {
            this.engine = engine;
            this.control = control;
            this.logs = logs;
            this.storage = storage;
        }

        /** Starts TaskManager process {@code tm-<index>} (not waiting for it). */
        private void launch(int index) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g", "-XX:+UseParallelGC",
                    // the restores' own figures (see restored())
                    "-Dorg.slf4j.simpleLogger.log.io.rockstream.statebackend.rocksdb.RocksDbStateBackend=info"));
            // e.g. a flight recording: BENCH_TM_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/tm-%p.jfr'
            String extra = System.getenv("BENCH_TM_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rockstream.cli.Main",
                    "taskmanager", "--jobmanager=127.0.0.1:" + control.port(), "--slots=2", "--id=tm-" + index,
                    "--storage=" + (storage == null ? "memory" : storage.toString())));
            taskManagers.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("tm-" + index + ".log").toFile()).start());
        }

        /** Starts TaskManager process {@code tm-<index>} and waits until it connected its job plane. */
        void startTaskManager(int index) throws Exception {
            launch(index);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!engine.clusterJobs().placement().containsKey("tm-" + index)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("TaskManager tm-" + index + " did not connect in 60 s; see " + logs);
                }
                Thread.sleep(20);
            }
        }

        /** With {@code storage} (else in memory) the JobManager and the TaskManagers checkpoint there. */
        static Cluster start(Path logs, int taskManagers, Path storage) throws Exception {
            Files.createDirectories(logs);
            Engine engine = Engine.start(storage == null ? EngineConfig.defaults() : EngineConfig.defaults()
                    .withStorage(new io.rockstream.statebackend.objectstore.LocalObjectStore(storage))
                    .withCheckpoints(1_000_000, 0, 2));
            ClusterCoordinator.Config defaults = ClusterCoordinator.Config.defaults();
            ControlServer control = ControlServer.start("127.0.0.1", 0, new ClusterCoordinator(
                    new ClusterCoordinator.Config(5_000, defaults.deployTimeoutMillis(), defaults.checkpointIntervalMillis(),
                            defaults.checkpointTimeoutMillis()), System.currentTimeMillis(), List.of()),
                    engine.clusterJobs());
            Cluster cluster = new Cluster(engine, control, logs, storage);
            for (int i = 0; i < taskManagers; i++) {
                cluster.launch(i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (engine.clusterJobs().placement().size() < taskManagers) {
                if (System.nanoTime() > deadline) {
                    cluster.close();
                    throw new IllegalStateException("the TaskManagers did not connect in 60 s; see " + logs);
                }
                Thread.sleep(20);
            }
            return cluster;
        }

        /** What the TaskManagers have logged of restores so far (their logs are read again each time). */
        Restored restored() throws IOException {
            long bytes = 0;
            long open = 0;
            long imported = 0;
            long families = 0;
            for (int i = 0; i < taskManagers.size(); i++) {
                Matcher matcher = RESTORED.matcher(Files.readString(logs.resolve("tm-" + i + ".log")));
                while (matcher.find()) {
                    bytes += Long.parseLong(matcher.group(1));
                    open = Math.max(open, Long.parseLong(matcher.group(2)));
                    families += Long.parseLong(matcher.group(3));
                    imported = Math.max(imported, Long.parseLong(matcher.group(4)));
                }
            }
            return new Restored(bytes, open, imported, families);
        }

        /** CPU time of this JVM and every TaskManager process so far. */
        long cpuNanos() {
            long total = ProcessClock.processCpuNanos();
            for (Process process : taskManagers) {
                total += ProcessClock.cpuNanosOf(process.pid()).orElse(0L);
            }
            return total;
        }

        void kill(int index) throws InterruptedException {
            taskManagers.get(index).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        /** Stops the TaskManagers with SIGTERM; returns the bytes and rows they sent each other. */
        long[] stopTaskManagers() throws InterruptedException, IOException {
            long[] totals = new long[2];
            for (int i = 0; i < taskManagers.size(); i++) {
                Process process = taskManagers.get(i);
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                Matcher matcher = EXCHANGE.matcher(Files.readString(logs.resolve("tm-" + i + ".log")));
                while (matcher.find()) {
                    totals[0] += Long.parseLong(matcher.group(1));
                    totals[1] += Long.parseLong(matcher.group(2));
                }
            }
            return totals;
        }

        @Override
        public void close() {
            taskManagers.forEach(Process::destroyForcibly);
            control.close();
            engine.close();
        }
    }
}
