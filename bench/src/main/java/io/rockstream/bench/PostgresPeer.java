package io.rockstream.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL 17 as the recompute yardstick: an embedded server on 127.0.0.1 with the C
 * locale, the same rows loaded with COPY, and {@code REFRESH MATERIALIZED VIEW} timed. The
 * session disables parallel query so the backend process does all the work and its CPU
 * time (utime + stime from {@code /proc/<backend pid>/stat}) is the whole cost.
 */
final class PostgresPeer implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Connection connection;
    private final int backendPid;

    private PostgresPeer(EmbeddedPostgres server, Connection connection, int backendPid) {
        this.server = server;
        this.connection = connection;
        this.backendPid = backendPid;
    }

    static PostgresPeer start() throws IOException, SQLException {
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
        execute(connection, "SET max_parallel_workers_per_gather = 0");
        execute(connection, "SET work_mem = '256MB'");
        int pid;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            pid = result.getInt(1);
        }
        return new PostgresPeer(server, connection, pid);
    }

    void execute(String sql) throws SQLException {
        execute(connection, sql);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Streams {@code rows} rows of {@code t} through COPY, in chunks. */
    void copyT(Workload workload, long rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY t FROM STDIN");
        try {
            int chunk = 50_000;
            for (long first = 1; first <= rows; first += chunk) {
                byte[] text = workload.copyT(first, (int) Math.min(chunk, rows - first + 1));
                copy.writeToCopy(text, 0, text.length);
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
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
