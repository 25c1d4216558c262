package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** The real pgjdbc driver against a gateway on 127.0.0.1 and an ephemeral port. */
class PgJdbcEndToEndTest extends InProcessGatewayTest {
    /** The freshness option through pgjdbc: a strict read sees rows another connection just wrote. */
    @Test
    void freshnessIsASessionOption() throws SQLException {
        try (Connection writer = connect(); Connection reader = connect();
                Statement write = writer.createStatement(); Statement read = reader.createStatement()) {
            write.execute("CREATE TABLE fresh_t (k int PRIMARY KEY)");
            try (ResultSet rows = read.executeQuery("SHOW freshness")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("serializable");
            }
            read.execute("SET freshness = strict");
            try (ResultSet rows = read.executeQuery("SHOW freshness")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("strict");
            }
            write.execute("INSERT INTO fresh_t VALUES (1), (2)");
            try (ResultSet rows = read.executeQuery("SELECT count(*) FROM fresh_t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
            assertThatThrownBy(() -> read.execute("SET freshness = 'eventual'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22023");
                        assertThat(e.getMessage()).contains("freshness");
                    });
        }
    }

    @Test
    void createInsertMaterializedViewAndSelect() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT, customer TEXT, amount NUMERIC(10,2))");
            assertThat(statement.executeUpdate("INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 3.25), "
                    + "(3, 'ann', 1.00)")).isEqualTo(3);
            statement.execute("CREATE MATERIALIZED VIEW totals AS SELECT customer, SUM(amount) AS total, COUNT(*) AS n "
                    + "FROM orders GROUP BY customer");
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT customer, total, n FROM totals ORDER BY customer")) {
                assertThat(result.getMetaData().getColumnName(1)).isEqualTo("customer");
                assertThat(result.getMetaData().getColumnTypeName(3)).isEqualTo("int8");
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getBigDecimal(2) + " " + result.getLong(3));
                }
            }
            assertThat(rows).containsExactly("ann 11.50 2", "bob 3.25 1");
        }
    }

    @Test
    void preparedStatementsWithParametersOfSeveralTypes() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE typed (i INT, b BIGINT, s SMALLINT, d DOUBLE PRECISION, t TEXT, "
                    + "v VARCHAR(10), f BOOLEAN, n NUMERIC(8,3), day DATE)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 42);
                insert.setLong(2, 9_000_000_000L);
                insert.setShort(3, (short) 7);
                insert.setDouble(4, 2.5);
                insert.setString(5, "it's");
                insert.setString(6, "x\\y");
                insert.setBoolean(7, true);
                insert.setBigDecimal(8, new BigDecimal("12.345"));
                insert.setObject(9, java.time.LocalDate.of(2024, 2, 29));
                assertThat(insert.executeUpdate()).isEqualTo(1);
                insert.setInt(1, 43);
                insert.setNull(2, java.sql.Types.BIGINT);
                insert.setShort(3, (short) -1);
                insert.setDouble(4, -0.125);
                insert.setString(5, "second");
                insert.setString(6, "");
                insert.setBoolean(7, false);
                insert.setBigDecimal(8, new BigDecimal("-0.5"));
                insert.setDate(9, java.sql.Date.valueOf("1999-12-31"));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            // more than prepareThreshold (5) runs: pgjdbc switches to a named statement and binary results
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT i, b, s, d, t, v, f, n, day FROM typed WHERE i = ? AND t <> ?")) {
                for (int run = 0; run < 7; run++) {
                    select.setInt(1, 42);
                    select.setString(2, "nothing");
                    try (ResultSet result = select.executeQuery()) {
                        assertThat(result.next()).isTrue();
                        assertThat(result.getInt(1)).isEqualTo(42);
                        assertThat(result.getLong(2)).isEqualTo(9_000_000_000L);
                        assertThat(result.getShort(3)).isEqualTo((short) 7);
                        assertThat(result.getDouble(4)).isEqualTo(2.5);
                        assertThat(result.getString(5)).isEqualTo("it's");
                        assertThat(result.getString(6)).isEqualTo("x\\y");
                        assertThat(result.getBoolean(7)).isTrue();
                        assertThat(result.getBigDecimal(8)).isEqualByComparingTo("12.345");
                        assertThat(result.getObject(9, java.time.LocalDate.class))
                                .isEqualTo(java.time.LocalDate.of(2024, 2, 29));
                        assertThat(result.next()).isFalse();
                    }
                    select.setInt(1, 43);
                    select.setString(2, "nothing");
                    try (ResultSet result = select.executeQuery()) {
                        assertThat(result.next()).isTrue();
                        assertThat(result.getObject(2)).isNull();
                        assertThat(result.getBigDecimal(8)).isEqualByComparingTo("-0.5");
                        assertThat(result.getString(9)).isEqualTo("1999-12-31");
                    }
                }
            }
        }
    }

    @Test
    void forcedBinaryTransferDescribesTheStatementFirst() throws SQLException {
        // prepareThreshold=-1: pgjdbc sends Parse + Describe(statement) + Sync before binding,
        // then Bind asks for binary results of the described columns
        Properties properties = new Properties();
        properties.setProperty("prepareThreshold", "-1");
        try (Connection connection = connect(properties);
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ? + 1 AS i, CAST(? AS DOUBLE PRECISION) AS d, ? AS t, 2.50 AS n, true AS b")) {
            select.setInt(1, 41);
            select.setDouble(2, 0.5);
            select.setString(3, "text");
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt("i")).isEqualTo(42);
                assertThat(result.getDouble("d")).isEqualTo(0.5);
                assertThat(result.getString("t")).isEqualTo("text");
                assertThat(result.getBigDecimal("n")).isEqualByComparingTo("2.50");
                assertThat(result.getBoolean("b")).isTrue();
            }
        }
    }

    @Test
    void aParameterValueCannotInjectSql() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE secrets (name TEXT)");
            statement.execute("INSERT INTO secrets VALUES ('a')");
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM secrets WHERE name = ?")) {
                select.setString(1, "x' OR '1'='1");
                try (ResultSet result = select.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getLong(1)).isZero();
                }
                select.setString(1, "a");
                try (ResultSet result = select.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getLong(1)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void batchInserts() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE batched (id INT, label TEXT)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batched VALUES (?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row " + i);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                assertThat(counts).hasSize(20).containsOnly(1);
            }
            try (ResultSet result = statement.executeQuery("SELECT count(*), sum(id) FROM batched")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(20);
                assertThat(result.getLong(2)).isEqualTo(190);
            }
        }
    }

    @Test
    void transactionsCommitAndRollBack() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (id INT, balance INT)");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO accounts VALUES (1, 100)");
            connection.commit();
            statement.execute("INSERT INTO accounts VALUES (2, 200)");
            connection.rollback();
            connection.setAutoCommit(true);
            try (ResultSet result = statement.executeQuery("SELECT id FROM accounts ORDER BY id")) {
                List<Integer> ids = new ArrayList<>();
                while (result.next()) {
                    ids.add(result.getInt(1));
                }
                assertThat(ids).containsExactly(1);
            }
        }
    }

    @Test
    void anErrorInsideATransactionFailsItUntilRollback() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.execute("SELECT 1/0")).isInstanceOf(PSQLException.class);
            assertThatThrownBy(() -> statement.execute("SELECT 1"))
                    .isInstanceOfSatisfying(PSQLException.class,
                            failure -> assertThat(failure.getSQLState()).isEqualTo("25P02"));
            connection.rollback();
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                assertThat(result.next()).isTrue();
            }
        }
    }

    @Test
    void errorsCarrySqlStateAndPosition() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT nope FROM (VALUES (1)) AS t(x)"))
                    .isInstanceOfSatisfying(PSQLException.class, failure -> {
                        ServerErrorMessage server = failure.getServerErrorMessage();
                        assertThat(server.getSQLState()).isEqualTo("42703");
                        assertThat(server.getSeverity()).isEqualTo("ERROR");
                        assertThat(server.getMessage()).contains("nope");
                        assertThat(server.getPosition()).isEqualTo(8);
                    });
            // the connection is still usable
            try (ResultSet result = statement.executeQuery("SELECT 2")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void errorPositionsAreMappedBackThroughBoundParameters() throws SQLException {
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement("SELECT ?, nope FROM (VALUES (1)) AS t(x)")) {
            select.setString(1, "a long parameter value");
            assertThatThrownBy(select::executeQuery).isInstanceOfSatisfying(PSQLException.class,
                    failure -> assertThat(failure.getServerErrorMessage().getPosition()).isEqualTo(12));
        }
    }

    @Test
    void fetchSizeUsesPortalSuspension() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE many (id INT)");
            statement.execute("INSERT INTO many SELECT * FROM (VALUES (1), (2), (3), (4), (5), (6), (7)) AS v(id)");
            connection.setAutoCommit(false);
            try (Statement fetching = connection.createStatement()) {
                fetching.setFetchSize(2);
                int sum = 0;
                int count = 0;
                try (ResultSet result = fetching.executeQuery("SELECT id FROM many")) {
                    while (result.next()) {
                        sum += result.getInt(1);
                        count++;
                    }
                }
                assertThat(count).isEqualTo(7);
                assertThat(sum).isEqualTo(28);
            }
            connection.commit();
        }
    }

    @Test
    void aClientDisconnectingMidQueryDoesNotTakeTheServerDown() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
                java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
                byte[] startup = "user\0rockstream\0database\0rockstream\0\0".getBytes(StandardCharsets.UTF_8);
                out.writeInt(8 + startup.length);
                out.writeInt(196608);
                out.write(startup);
                byte[] query = "SELECT count(*) FROM (VALUES (1), (2)) AS t(x)\0".getBytes(StandardCharsets.UTF_8);
                out.writeByte('Q');
                out.writeInt(4 + query.length);
                out.write(query);
                // half a message, then gone
                out.writeByte('Q');
                out.writeInt(1000);
                out.flush();
                socket.setSoLinger(true, 0);
            }
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 3")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void anUnknownDatabaseIsRejected() {
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + gateway.port() + "/other", properties))
                .isInstanceOfSatisfying(PSQLException.class,
                        failure -> assertThat(failure.getSQLState()).isEqualTo("3D000"));
    }
}
