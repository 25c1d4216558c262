package io.rockstream.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * The Postgres gateway against a stock PostgreSQL 17 on the same machine, both reached with
 * pgjdbc over TCP on 127.0.0.1 (issue 4):
 * <ol>
 *   <li>load the same rows into {@code t(k bigint primary key, g int, v bigint)} on both
 *       (RockStream: multi-row INSERTs through its gateway; PostgreSQL: COPY), then the
 *       materialized views {@code kv} (a projection of {@code t}, read by {@code k}) and
 *       {@code agg} (GROUP BY {@code g}, read by {@code g}); PostgreSQL gets a unique index on
 *       each view's key;</li>
 *   <li>point SELECTs by key, per relation, query mode (pgjdbc's simple protocol, and
 *       server-side prepared statements with {@code prepareThreshold=1}) and client count,
 *       each for a fixed time after a warm-up, on PostgreSQL and then on RockStream:
 *       queries/s, p50 and p99 round trip, and the RockStream/PostgreSQL ratio;</li>
 *   <li>ingest: {@code COPY ... FROM STDIN} in text and CSV format through pgjdbc's
 *       CopyManager, and multi-row INSERTs of 1,000 rows, into fresh tables; a COPY that
 *       RockStream refuses is reported as such.</li>
 * </ol>
 * RockStream runs as {@code rockstream start} in a child JVM ({@link GatewayServer}) with its
 * state durable in a directory, as a user runs it.
 */
public final class GatewayBenchmark {
    static final String CREATE_KV = "CREATE MATERIALIZED VIEW kv AS SELECT k, g, v, v * 2 AS w FROM t";
    static final String CREATE_AGG = "CREATE MATERIALIZED VIEW agg AS SELECT g, count(*) AS n, sum(v) AS total,"
            + " min(v) AS low, max(v) AS high FROM t GROUP BY g";
    private static final int LOAD_BATCH = 10_000;
    private static final int INSERT_BATCH = 1_000;

    /** One point-read case on both systems. */
    record Comparison(String target, String mode, int clients, PointReadLoad.Outcome postgres,
            PointReadLoad.Outcome rockstream) {
        double ratio() {
            return rockstream.queriesPerSecond() / postgres.queriesPerSecond();
        }
    }

    /** One ingest case: rows/s on both, or why RockStream refused it. */
    record Ingest(String name, double postgresRowsPerSecond, Optional<Double> rockstreamRowsPerSecond,
            Optional<String> rockstreamError) {
    }

    record Result(Figures figures, List<Comparison> comparisons, List<Ingest> ingests) {
        /** The comparison table for docs/benchmarks.md. */
        String table() {
            StringBuilder text = new StringBuilder("| relation | mode | clients | PostgreSQL q/s | p50 / p99 ms"
                    + " | RockStream q/s | p50 / p99 ms | RockStream / PostgreSQL |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (Comparison c : comparisons) {
                text.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.3f / %.3f | %,.0f | %.3f / %.3f | %.3f× |%n",
                        c.target(), c.mode(), c.clients(), c.postgres().queriesPerSecond(),
                        millis(c.postgres().latencies().median()), millis(c.postgres().latencies().percentile(99)),
                        c.rockstream().queriesPerSecond(), millis(c.rockstream().latencies().median()),
                        millis(c.rockstream().latencies().percentile(99)), c.ratio()));
            }
            text.append("\n| ingest | PostgreSQL rows/s | RockStream rows/s | RockStream / PostgreSQL |\n|---|---:|---:|---:|\n");
            for (Ingest ingest : ingests) {
                text.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", ingest.name(),
                        ingest.postgresRowsPerSecond(),
                        ingest.rockstreamRowsPerSecond().map(r -> String.format(Locale.ROOT, "%,.0f", r))
                                .orElse("refused: " + ingest.rockstreamError().orElse("")),
                        ingest.rockstreamRowsPerSecond().map(r -> String.format(Locale.ROOT, "%.3f×",
                                r / ingest.postgresRowsPerSecond())).orElse("–")));
            }
            return text.toString();
        }
    }

    private final GatewayOptions options;
    private final Workload workload;
    private final Figures figures = new Figures();

    private GatewayBenchmark(GatewayOptions options) {
        this.options = options;
        this.workload = new Workload(options.groups());
    }

    public static void main(String[] arguments) throws Exception {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = run(options);
        System.out.println();
        System.out.print(result.figures().summary("Postgres gateway: " + options));
        System.out.println();
        System.out.print(result.table());
        if (options.markdown().isPresent()) {
            Files.writeString(options.markdown().get(), result.table() + "\n" + result.figures().markdown());
        }
        System.exit(0);
    }

    /** Runs every phase and returns the figures. */
    public static Result run(GatewayOptions options) throws Exception {
        return new GatewayBenchmark(options).run();
    }

    private Result run() throws Exception {
        Path work = options.storage().isPresent() ? Files.createDirectories(options.storage().get())
                : Files.createTempDirectory("rockstream-gateway-bench");
        Path storage = Files.createTempDirectory(work, "state");
        Path log = work.resolve("rockstream-server.log");
        System.out.printf(Locale.ROOT, "Postgres gateway benchmark: %s%n  RockStream state in %s, server log %s%n",
                options, storage, log);
        List<Comparison> comparisons = new ArrayList<>();
        List<Ingest> ingests = new ArrayList<>();
        try (EmbeddedPostgres postgres = startPostgres();
                GatewayServer server = GatewayServer.start(storage, log, options.serverHeap(),
                        options.serverJvmOptions())) {
            String postgresUrl = postgres.getJdbcUrl("postgres", "postgres");
            Properties postgresBase = new Properties();
            try (Connection pg = DriverManager.getConnection(postgresUrl, postgresBase);
                    Connection rs = DriverManager.getConnection(server.url(), GatewayServer.properties("simple"))) {
                loadPostgres(pg);
                loadRockStream(rs);
            }
            for (String target : options.targets()) {
                for (String mode : List.of("simple", "prepared")) {
                    for (int clients : options.clients()) {
                        comparisons.add(compare(target, mode, clients, postgresUrl, server));
                    }
                }
            }
            try (Connection pg = DriverManager.getConnection(postgresUrl, postgresBase);
                    Connection rs = DriverManager.getConnection(server.url(), GatewayServer.properties("simple"))) {
                ingests.add(copy("COPY text", "copy_text", "", pg, rs));
                ingests.add(copy("COPY csv", "copy_csv", " (FORMAT csv)", pg, rs));
                ingests.add(inserts(pg, rs));
            }
        } finally {
            deleteTree(storage);
        }
        return new Result(figures, comparisons, ingests);
    }

    private EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder()
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("lc_messages", "C")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("max_connections", String.valueOf(Math.max(100,
                        options.clients().stream().mapToInt(Integer::intValue).max().orElse(0) + 20)))
                .setRegisterShutdownHook(true)
                .start();
    }

    // ------------------------------------------------------------------ load

    private void loadPostgres(Connection pg) throws SQLException {
        long started = System.nanoTime();
        execute(pg, Workload.CREATE_T);
        var copy = pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY t FROM STDIN");
        try {
            for (long first = 1; first <= options.rows(); first += 50_000) {
                byte[] text = workload.copyT(first, (int) Math.min(50_000, options.rows() - first + 1));
                copy.writeToCopy(text, 0, text.length);
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        execute(pg, CREATE_KV);
        execute(pg, "CREATE UNIQUE INDEX kv_k ON kv (k)");
        execute(pg, CREATE_AGG);
        execute(pg, "CREATE UNIQUE INDEX agg_g ON agg (g)");
        execute(pg, "VACUUM ANALYZE");
        figures.add("load", "PostgreSQL: COPY t, both views, indexes, VACUUM ANALYZE", seconds(started), "s",
                options.rows() + " rows");
    }

    private void loadRockStream(Connection rs) throws SQLException {
        long started = System.nanoTime();
        execute(rs, Workload.CREATE_T);
        for (long first = 1; first <= options.rows(); first += LOAD_BATCH) {
            execute(rs, workload.insertT(first, (int) Math.min(LOAD_BATCH, options.rows() - first + 1)));
        }
        double loaded = seconds(started);
        figures.add("load", "RockStream: INSERTs of " + LOAD_BATCH + " rows into t", loaded, "s",
                String.format(Locale.ROOT, "%,.0f rows/s", options.rows() / loaded));
        long views = System.nanoTime();
        execute(rs, CREATE_KV);
        execute(rs, CREATE_AGG);
        figures.add("load", "RockStream: CREATE MATERIALIZED VIEW kv, agg (backfill)", seconds(views), "s", "");
        long count = queryLong(rs, "SELECT count(*) FROM kv");
        if (count != options.rows()) {
            throw new IllegalStateException("kv holds " + count + " rows, expected " + options.rows());
        }
    }

    // ------------------------------------------------------------------ point reads

    private Comparison compare(String target, String mode, int clients, String postgresUrl, GatewayServer server)
            throws Exception {
        String sql = switch (target) {
            case "kv" -> "SELECT k, g, v, w FROM kv WHERE k = ?";
            case "agg" -> "SELECT g, n, total, low, high FROM agg WHERE g = ?";
            default -> "SELECT k, g, v FROM t WHERE k = ?";
        };
        boolean byGroup = target.equals("agg");
        long firstKey = byGroup ? 0 : 1;
        long keys = byGroup ? options.groups() : options.rows();
        PointReadLoad.Check check = byGroup ? this::checkGroup : this::checkRow;
        Properties postgres = new Properties();
        Properties rockstream = GatewayServer.properties("extended");
        if (mode.equals("simple")) {
            postgres.setProperty("preferQueryMode", "simple");
            rockstream.setProperty("preferQueryMode", "simple");
        } else {
            postgres.setProperty("prepareThreshold", "1");
            rockstream.setProperty("prepareThreshold", "1");
        }
        String label = target + ", " + mode + ", " + clients + " clients";
        System.out.printf(Locale.ROOT, "point reads: %s: %s%n", label, sql);
        PointReadLoad.Outcome pg = PointReadLoad.run(postgresUrl, postgres, sql, firstKey, keys, clients,
                options.warmupSeconds(), options.seconds(), check);
        report(label, "PostgreSQL", pg);
        PointReadLoad.Outcome rs = PointReadLoad.run(server.url(), rockstream, sql, firstKey, keys, clients,
                options.warmupSeconds(), options.seconds(), check);
        report(label, "RockStream", rs);
        Comparison comparison = new Comparison(target, mode, clients, pg, rs);
        figures.add(label, "RockStream / PostgreSQL (queries/s)", comparison.ratio(), "x", "");
        return comparison;
    }

    private void report(String label, String system, PointReadLoad.Outcome outcome) {
        figures.add(label, system + ": queries/s", outcome.queriesPerSecond(), "q/s", outcome.queries() + " queries");
        if (outcome.queries() > 0) {
            figures.add(label, system + ": p50 / p99 round trip", millis(outcome.latencies().median()), "ms",
                    String.format(Locale.ROOT, "p99 %.3f ms, max %.3f ms", millis(outcome.latencies().percentile(99)),
                            millis(outcome.latencies().max())));
        }
    }

    /** kv and t: the row of key k, exactly as loaded ({@code w = 2v} for kv). */
    private String checkRow(long key, List<List<Long>> rows) {
        if (rows.size() != 1) {
            return rows.size() + " rows";
        }
        List<Long> row = rows.get(0);
        if (row.get(0) != key || row.get(1) != workload.group(key) || row.get(2) != workload.value(key)
                || (row.size() > 3 && row.get(3) != 2 * workload.value(key))) {
            return "row " + row;
        }
        return null;
    }

    /** agg: one row for the group, with at least one member when groups are fewer than rows. */
    private String checkGroup(long group, List<List<Long>> rows) {
        boolean expected = options.rows() >= 20L * options.groups();
        if (rows.size() > 1 || (expected && rows.size() != 1)) {
            return rows.size() + " rows";
        }
        if (!rows.isEmpty() && (rows.get(0).get(0) != group || rows.get(0).get(1) < 1)) {
            return "row " + rows.get(0);
        }
        return null;
    }

    // ------------------------------------------------------------------ ingest

    private Ingest copy(String name, String table, String format, Connection pg, Connection rs) throws Exception {
        int rows = options.ingestRows();
        boolean csv = !format.isEmpty();
        String data = copyData(rows, csv);
        double postgres = copyInto(pg, table, format, data, rows);
        figures.add("ingest", "PostgreSQL: " + name, postgres, "rows/s", rows + " rows");
        try {
            double rockstream = copyInto(rs, table, format, data, rows);
            figures.add("ingest", "RockStream: " + name, rockstream, "rows/s", rows + " rows");
            return new Ingest(name, postgres, Optional.of(rockstream), Optional.empty());
        } catch (SQLException refused) {
            String why = refused.getSQLState() + " " + refused.getMessage().lines().findFirst().orElse("");
            System.out.println("  RockStream refused " + name + ": " + why);
            return new Ingest(name, postgres, Optional.empty(), Optional.of(why));
        }
    }

    private double copyInto(Connection connection, String table, String format, String data, int rows)
            throws Exception {
        execute(connection, "CREATE TABLE " + table + " (k bigint PRIMARY KEY, g int, v bigint)");
        long started = System.nanoTime();
        long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " FROM STDIN" + format, new StringReader(data));
        double elapsed = seconds(started);
        long count = queryLong(connection, "SELECT count(*) FROM " + table);
        if (copied != rows || count != rows) {
            throw new IllegalStateException("COPY into " + table + " reported " + copied + " rows, the table holds "
                    + count + ", expected " + rows);
        }
        return rows / elapsed;
    }

    private String copyData(int rows, boolean csv) {
        StringBuilder text = new StringBuilder(rows * 26);
        char separator = csv ? ',' : '\t';
        for (long key = 1; key <= rows; key++) {
            text.append(key).append(separator).append(workload.group(key)).append(separator)
                    .append(workload.value(key)).append('\n');
        }
        return text.toString();
    }

    private Ingest inserts(Connection pg, Connection rs) throws SQLException {
        String name = "INSERTs of " + INSERT_BATCH + " rows";
        double postgres = insertInto(pg);
        figures.add("ingest", "PostgreSQL: " + name, postgres, "rows/s", options.ingestRows() + " rows");
        double rockstream = insertInto(rs);
        figures.add("ingest", "RockStream: " + name, rockstream, "rows/s", options.ingestRows() + " rows");
        return new Ingest(name, postgres, Optional.of(rockstream), Optional.empty());
    }

    private double insertInto(Connection connection) throws SQLException {
        execute(connection, "CREATE TABLE t_insert (k bigint PRIMARY KEY, g int, v bigint)");
        int rows = options.ingestRows();
        long started = System.nanoTime();
        for (long first = 1; first <= rows; first += INSERT_BATCH) {
            String sql = workload.insertT(first, (int) Math.min(INSERT_BATCH, rows - first + 1));
            execute(connection, "INSERT INTO t_insert" + sql.substring("INSERT INTO t".length()));
        }
        double elapsed = seconds(started);
        long count = queryLong(connection, "SELECT count(*) FROM t_insert");
        if (count != rows) {
            throw new IllegalStateException("t_insert holds " + count + " rows, expected " + rows);
        }
        return rows / elapsed;
    }

    // ------------------------------------------------------------------ helpers

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
