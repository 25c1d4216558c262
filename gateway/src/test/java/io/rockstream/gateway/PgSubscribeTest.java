package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;

/** Cursors (DECLARE, FETCH, MOVE, CLOSE) and SUBSCRIBE through pgjdbc, against a gateway on an ephemeral port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PgSubscribeTest extends InProcessGatewayTest {
    private static List<String> rows(ResultSet result) throws SQLException {
        List<String> rows = new ArrayList<>();
        int width = result.getMetaData().getColumnCount();
        while (result.next()) {
            rows.add(row(result, width));
        }
        return rows;
    }

    private static String row(ResultSet result, int width) throws SQLException {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= width; i++) {
            row.append(i > 1 ? "|" : "").append(result.getString(i));
        }
        return row.toString();
    }

    private static List<String> query(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return rows(result);
        }
    }

    @Test
    void cursorsFetchForwardAndEndWithTheirTransaction() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE cur_numbers (n INT)");
            statement.execute("INSERT INTO cur_numbers VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)");
            assertThatThrownBy(() -> statement.execute("DECLARE outside CURSOR FOR SELECT 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P01"));
            connection.setAutoCommit(false);
            statement.execute("DECLARE c CURSOR FOR SELECT n FROM cur_numbers ORDER BY n");
            assertThat(query(statement, "FETCH 3 FROM c")).containsExactly("1", "2", "3");
            assertThat(query(statement, "FETCH c")).containsExactly("4");
            assertThat(statement.executeUpdate("MOVE FORWARD 2 IN c")).isEqualTo(2);
            assertThat(query(statement, "FETCH NEXT FROM c")).containsExactly("7");
            assertThat(query(statement, "FETCH ALL FROM c")).containsExactly("8", "9", "10");
            assertThat(query(statement, "FETCH 5 FROM c")).isEmpty();
            assertThatThrownBy(() -> statement.executeQuery("FETCH BACKWARD 1 FROM c"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55000"));
            connection.rollback();
            statement.execute("DECLARE c CURSOR FOR SELECT n FROM cur_numbers ORDER BY n DESC");
            assertThatThrownBy(() -> statement.execute("DECLARE c CURSOR FOR SELECT 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42P03"));
            connection.rollback();
            // a HOLD cursor outlives the transaction that commits it, not one that rolls back
            statement.execute("DECLARE c CURSOR FOR SELECT n FROM cur_numbers ORDER BY n DESC");
            statement.execute("DECLARE lost CURSOR WITH HOLD FOR SELECT n FROM cur_numbers");
            connection.rollback();
            statement.execute("DECLARE held CURSOR WITH HOLD FOR SELECT n FROM cur_numbers ORDER BY n");
            connection.commit();
            connection.setAutoCommit(true);
            assertThatThrownBy(() -> statement.executeQuery("FETCH 1 FROM lost"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("34000"));
            // the transaction ended: c is gone, the held cursor stays
            assertThatThrownBy(() -> statement.executeQuery("FETCH 1 FROM c"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("34000"));
            assertThat(query(statement, "FETCH 2 FROM held")).containsExactly("1", "2");
            statement.execute("CLOSE held");
            assertThatThrownBy(() -> statement.executeQuery("FETCH 1 FROM held"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("34000"));
        }
    }

    @Test
    void subscribeCursorGivesTheSnapshotThenEveryChangeWithItsEpochAndWeight() throws SQLException {
        try (Connection connection = connect(); Connection writer = connect();
                Statement statement = connection.createStatement(); Statement writes = writer.createStatement()) {
            writes.execute("CREATE TABLE sub_orders (id INT PRIMARY KEY, customer TEXT, amount INT)");
            writes.execute("CREATE TABLE sub_other (x INT)");
            writes.execute("INSERT INTO sub_orders VALUES (1, 'ann', 10), (2, 'bob', 5)");
            writes.execute("CREATE MATERIALIZED VIEW sub_totals AS SELECT customer, sum(amount) AS total "
                    + "FROM sub_orders GROUP BY customer");
            connection.setAutoCommit(false);
            statement.execute("DECLARE s CURSOR FOR SUBSCRIBE TO sub_totals WITH (PROGRESS)");
            List<String> snapshot = new ArrayList<>();
            long snapshotEpoch;
            try (ResultSet result = statement.executeQuery("FETCH ALL FROM s WITH (timeout = '200ms')")) {
                assertThat(result.getMetaData().getColumnName(1)).isEqualTo("rs_epoch");
                assertThat(result.getMetaData().getColumnName(2)).isEqualTo("rs_weight");
                assertThat(result.getMetaData().getColumnName(3)).isEqualTo("rs_progressed");
                assertThat(result.getMetaData().getColumnName(4)).isEqualTo("customer");
                snapshotEpoch = -1;
                while (result.next()) {
                    snapshotEpoch = result.getLong(1);
                    snapshot.add(result.getString(2) + "|" + result.getString(3) + "|" + result.getString(4) + "|"
                            + result.getString(5));
                }
            }
            assertThat(snapshot).containsExactlyInAnyOrder("1|f|ann|10", "1|f|bob|5");
            // nothing more yet: a FETCH with a timeout returns no rows
            assertThat(query(statement, "FETCH ALL FROM s WITH (timeout = '100ms')")).isEmpty();

            writes.execute("UPDATE sub_orders SET amount = 20 WHERE id = 1");
            List<String> change = new ArrayList<>();
            long changeEpoch = -1;
            while (change.size() < 3) {
                try (ResultSet result = statement.executeQuery("FETCH ALL FROM s WITH (timeout = '2s')")) {
                    while (result.next()) {
                        changeEpoch = result.getLong(1);
                        change.add(result.getString(2) + "|" + result.getString(3) + "|" + result.getString(4) + "|"
                                + result.getString(5));
                    }
                }
            }
            assertThat(changeEpoch).isGreaterThan(snapshotEpoch);
            assertThat(change).containsExactlyInAnyOrder("-1|f|ann|10", "1|f|ann|20", "null|t|null|null");
            assertThat(change.get(2)).isEqualTo("null|t|null|null");

            // an epoch that does not touch the view is progress only
            writes.execute("INSERT INTO sub_other VALUES (1)");
            List<String> progress = query(statement, "FETCH 10 FROM s");
            assertThat(progress).hasSize(1);
            assertThat(progress.get(0)).endsWith("|null|t|null|null");
            connection.commit();
        }
    }

    @Test
    void subscribeThroughJdbcFetchSizeStreamsUntilCancelled() throws Exception {
        try (Connection connection = connect(); Connection writer = connect();
                Statement writes = writer.createStatement()) {
            writes.execute("CREATE TABLE sub_events (id INT, kind TEXT)");
            writes.execute("CREATE MATERIALIZED VIEW sub_kinds AS SELECT kind, count(*) AS n FROM sub_events GROUP BY kind");
            writes.execute("INSERT INTO sub_events VALUES (1, 'a')");
            connection.setAutoCommit(false);
            Statement statement = connection.createStatement();
            statement.setFetchSize(1);
            try (ResultSet result = statement.executeQuery("SUBSCRIBE sub_kinds")) {
                assertThat(result.next()).isTrue();
                assertThat(row(result, 4)).endsWith("|1|a|1");
                CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
                    try (Statement late = writer.createStatement()) {
                        Thread.sleep(200);
                        late.execute("INSERT INTO sub_events VALUES (2, 'a')");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<String> changes = new ArrayList<>();
                while (changes.size() < 2) {
                    assertThat(result.next()).isTrue();
                    changes.add(result.getString(2) + "|" + result.getString(3) + "|" + result.getString(4));
                }
                more.get(10, TimeUnit.SECONDS);
                assertThat(changes).containsExactlyInAnyOrder("-1|a|1", "1|a|2");
                // the client stops waiting: a cancel ends the statement with 57014
                CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(300);
                        // Statement.cancel() does nothing once executeQuery has returned: cancel the connection's query
                        connection.unwrap(org.postgresql.core.BaseConnection.class).cancelQuery();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThatThrownBy(result::next).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("57014"));
                cancel.get(10, TimeUnit.SECONDS);
            }
            connection.rollback();
            // the connection serves again
            try (Statement after = connection.createStatement()) {
                assertThat(query(after, "SELECT n FROM sub_kinds")).containsExactly("2");
            }
        }
    }

    @Test
    void copySubscribeToStdoutStreamsLinesAsChangesLand() throws Exception {
        try (Connection connection = connect(); Connection writer = connect();
                Statement writes = writer.createStatement()) {
            writes.execute("CREATE TABLE sub_lines (id INT, note TEXT)");
            writes.execute("INSERT INTO sub_lines VALUES (1, 'first')");
            CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SUBSCRIBE TO sub_lines) TO STDOUT");
            String first = new String(out.readFromCopy(), StandardCharsets.UTF_8);
            assertThat(first).matches("\\d+\t1\t1\tfirst\n");
            writes.execute("DELETE FROM sub_lines WHERE id = 1");
            String second = new String(out.readFromCopy(), StandardCharsets.UTF_8);
            assertThat(second).matches("\\d+\t-1\t1\tfirst\n");
            assertThat(Long.parseLong(second.split("\t")[0])).isGreaterThan(Long.parseLong(first.split("\t")[0]));
            out.cancelCopy();
        }
    }

    @Test
    void subscribeErrorsAreClear() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE sub_base (x INT)");
            statement.execute("CREATE VIEW sub_plain AS SELECT x FROM sub_base");
            connection.setAutoCommit(false);
            assertError(statement, "DECLARE a CURSOR FOR SUBSCRIBE TO nowhere", "42P01");
            connection.rollback();
            assertError(statement, "DECLARE a CURSOR FOR SUBSCRIBE TO sub_plain", "0A000");
            connection.rollback();
            assertError(statement, "DECLARE a CURSOR FOR SUBSCRIBE (SELECT 1)", "0A000");
            connection.rollback();
            assertError(statement, "DECLARE a CURSOR FOR SUBSCRIBE sub_base WITH (bogus)", "42601");
            connection.rollback();
            // a relation dropped under a subscription ends it
            statement.execute("DECLARE a CURSOR FOR SUBSCRIBE sub_base");
            try (Connection other = connect(); Statement drop = other.createStatement()) {
                drop.execute("DROP VIEW sub_plain");
                drop.execute("DROP TABLE sub_base");
            }
            assertError(statement, "FETCH 1 FROM a", "42P01");
            connection.rollback();
        }
    }

    private static void assertError(Statement statement, String sql, String sqlState) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).as(sql).isEqualTo(sqlState));
    }
}
