package io.rockstream.bench.ivm;

import io.rockstream.bench.ProcessClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL 17 (embedded, C locale, fsync off) with the same tables and views: parallel
 * query off, so the one backend does all the work and its CPU time (utime + stime of
 * {@code /proc/<pid>/stat}, in clock ticks) is the whole cost of a statement.
 */
final class PostgresSide implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Connection connection;
    private final int backendPid;

    private PostgresSide(EmbeddedPostgres server, Connection connection, int backendPid) {
        this.server = server;
        this.connection = connection;
        this.backendPid = backendPid;
    }

    static PostgresSide start() throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("lc_messages", "C")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setRegisterShutdownHook(true)
                .start();
        Connection connection = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET max_parallel_workers_per_gather = 0");
            statement.execute("SET work_mem = '256MB'");
        }
        int pid;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            pid = result.getInt(1);
        }
        return new PostgresSide(server, connection, pid);
    }

    /** Runs one statement; returns its update count (-1 when it has none). */
    long execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return statement.getUpdateCount();
        }
    }

    /** Every row of a query, each value as text, in no particular order. */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Loads {@code table} with COPY, every row of the generator. */
    long copy(TpchData data, TpchData.Table table) throws SQLException {
        return copy(table.sqlName(), sink -> data.rows(table, sink));
    }

    /** COPYs {@code rows} (text fields) into {@code table}; returns how many. */
    long copy(String table, List<String[]> rows) throws SQLException {
        return copy(table, sink -> rows.forEach(sink));
    }

    private long copy(String table, Consumer<Consumer<String[]>> rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        long[] count = {0};
        StringBuilder text = new StringBuilder(1 << 20);
        try {
            rows.accept(fields -> {
                text.append(String.join("\t", fields)).append('\n');
                count[0]++;
                if (text.length() >= 1 << 20) {
                    flush(copy, text);
                }
            });
            flush(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return count[0];
    }

    private static void flush(CopyIn copy, StringBuilder text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY to PostgreSQL failed", e);
        }
        text.setLength(0);
    }

    /** The backend's CPU time so far in nanoseconds, if {@code /proc} tells. */
    Optional<Long> backendCpuNanos() {
        return ProcessClock.cpuNanosOf(backendPid);
    }

    long ticksPerSecond() {
        return ProcessClock.CLOCK_TICKS;
    }

    @Override
    public void close() throws IOException, SQLException {
        try {
            connection.close();
        } finally {
            server.close();
        }
    }
}
