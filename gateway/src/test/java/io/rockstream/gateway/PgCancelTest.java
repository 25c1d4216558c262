package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** CancelRequest and statement_timeout through pgjdbc: the statement fails with 57014, the connection lives on. */
class PgCancelTest extends InProcessGatewayTest {
    /**
     * A cross join of 81 million pairs: seconds of work. Not longer: a cancelled statement
     * returns at once, but the join operator finishes its epoch in the background (operators
     * do not poll for cancellation), and the connection's next query waits for the slot.
     */
    private static final String LONG_QUERY =
            "SELECT count(*) FROM generate_series(1, 9000) a, generate_series(1, 9000) b WHERE a.a + b.b < 0";

    private static void assertStillUsable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
        }
    }

    /** Runs LONG_QUERY on {@code statement} in the background. */
    private static CompletableFuture<Void> runLongQuery(Statement statement) {
        return CompletableFuture.runAsync(() -> {
            try (ResultSet ignored = statement.executeQuery(LONG_QUERY)) {
                throw new AssertionError("the long query finished");
            } catch (SQLException failure) {
                throw new java.util.concurrent.CompletionException(failure);
            }
        });
    }

    private static SQLException failureOf(CompletableFuture<Void> query) throws Exception {
        try {
            query.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the query did not fail");
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(SQLException.class);
            return (SQLException) failed.getCause();
        }
    }

    @Test
    void statementCancelStopsALongQueryWith57014AndTheConnectionStaysUsable() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<Void> query = runLongQuery(statement);
                Thread.sleep(700);
                assertThat(query).as("still running before the cancel").isNotDone();
                long started = System.nanoTime();
                statement.cancel();
                SQLException failure = failureOf(query);
                assertThat(failure.getSQLState()).isEqualTo("57014");
                assertThat(failure.getMessage()).contains("canceling statement due to user request");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
                assertStillUsable(connection);
            }
        }
    }

    @Test
    void statementTimeoutStopsALongQueryWith57014() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = '200ms'");
            long started = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery(LONG_QUERY).close())
                    .isInstanceOfSatisfying(SQLException.class, failure -> {
                        assertThat(failure.getSQLState()).isEqualTo("57014");
                        assertThat(failure.getMessage()).contains("statement timeout");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(150L, 10_000L);
            statement.execute("SET statement_timeout = 0");
            assertStillUsable(connection);
        }
    }

    @Test
    void aCancelRequestWithAWrongSecretCancelsNothingAndGetsNoReply() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            int processId = connection.unwrap(PGConnection.class).getBackendPID();
            CompletableFuture<Void> query = runLongQuery(statement);
            Thread.sleep(500);
            for (int secret : new int[] {0, 1, -1, 12345}) {
                try (RawPgClient cancel = new RawPgClient(gateway.port(), 5_000)) {
                    cancel.send(ByteBuffer.allocate(16).putInt(16).putInt(80877102).putInt(processId).putInt(secret)
                            .array());
                    assertThat(cancel.readByte()).as("closed without a reply").isEqualTo(-1);
                }
            }
            Thread.sleep(300);
            assertThat(query).as("a wrong secret cancels nothing").isNotDone();
            statement.cancel();
            assertThat(failureOf(query).getSQLState()).isEqualTo("57014");
            assertStillUsable(connection);
        }
    }

    @Test
    void cancelKeysAreUniqueAndForgottenWhenTheConnectionCloses() throws Exception {
        // Other tests' connections close asynchronously on the server: wait until none is left, so the
        // counts below are this test's own.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.cancellableConnections() > 0 && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        int before = gateway.cancellableConnections();
        assertThat(before).as("connections left open by earlier tests").isZero();
        java.util.Set<Integer> processIds = new java.util.HashSet<>();
        java.util.List<Connection> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Connection connection = connect();
                connections.add(connection);
                processIds.add(connection.unwrap(PGConnection.class).getBackendPID());
            }
            assertThat(processIds).hasSize(20);
            assertThat(gateway.cancellableConnections()).isEqualTo(before + 20);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.cancellableConnections() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gateway.cancellableConnections()).isEqualTo(before);
    }
}
