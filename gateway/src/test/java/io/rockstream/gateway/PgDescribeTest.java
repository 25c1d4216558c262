package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** Describe of a prepared statement binds the query without running it; notices reach the client. */
class PgDescribeTest extends InProcessGatewayTest {
    private static Connection connectPreparing() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("prepareThreshold", "1");
        return connect(properties);
    }

    @Test
    void describingAStatementGivesItsColumnsWithoutRunningIt() throws SQLException {
        try (Connection connection = connectPreparing(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE describe_t (id INT PRIMARY KEY, d INT, note VARCHAR(5))");
            statement.execute("INSERT INTO describe_t VALUES (1, 0, 'x')");
            // running it divides by zero; describing it must not
            try (PreparedStatement prepared = connection.prepareStatement(
                    "SELECT id, 10 / d AS ratio, note FROM describe_t WHERE id > ? OR d = 0")) {
                ResultSetMetaData metadata = prepared.getMetaData();
                assertThat(metadata.getColumnCount()).isEqualTo(3);
                assertThat(metadata.getColumnName(2)).isEqualTo("ratio");
                assertThat(metadata.getColumnTypeName(1)).isEqualTo("int4");
                assertThat(metadata.getColumnTypeName(3)).isEqualTo("varchar");
                prepared.setInt(1, 0);
                assertThatThrownBy(prepared::executeQuery).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO describe_t VALUES (?, ?, ?)")) {
                assertThat(insert.getMetaData()).isNull();
            }
            try (PreparedStatement bad = connection.prepareStatement("SELECT nope FROM describe_t")) {
                assertThatThrownBy(bad::getMetaData).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42703"));
            }
        }
    }

    @Test
    void parameterTypesAreInferredFromTheirContext() throws SQLException {
        try (Connection connection = connectPreparing(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE infer_t (k BIGINT PRIMARY KEY, name TEXT, seen TIMESTAMP, ok BOOLEAN)");
            try (PreparedStatement prepared = connection.prepareStatement(
                    "SELECT name FROM infer_t WHERE k = ? AND seen < ? AND ok = ?")) {
                java.sql.ParameterMetaData parameters = prepared.getParameterMetaData();
                assertThat(parameters.getParameterCount()).isEqualTo(3);
                assertThat(parameters.getParameterTypeName(1)).isEqualTo("int8");
                assertThat(parameters.getParameterTypeName(2)).isEqualTo("timestamp");
                assertThat(parameters.getParameterTypeName(3)).isEqualTo("bool");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO infer_t (k, name) VALUES (?, ?)")) {
                java.sql.ParameterMetaData parameters = insert.getParameterMetaData();
                assertThat(parameters.getParameterTypeName(1)).isEqualTo("int8");
                assertThat(parameters.getParameterTypeName(2)).isEqualTo("text");
                for (long k = 1; k <= 3; k++) {
                    insert.setLong(1, k);
                    insert.setString(2, "n" + k);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            // the same prepared statement, run with different values, answers for each
            try (PreparedStatement read = connection.prepareStatement("SELECT name FROM infer_t WHERE k = ?")) {
                for (long k = 1; k <= 4; k++) {
                    read.setLong(1, k);
                    try (java.sql.ResultSet rows = read.executeQuery()) {
                        if (k <= 3) {
                            assertThat(rows.next()).isTrue();
                            assertThat(rows.getString(1)).isEqualTo("n" + k);
                        }
                        assertThat(rows.next()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aParseErrorInATransactionBlockAbortsIt() throws SQLException {
        try (Connection connection = connectPreparing(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE abort_t (x INT)");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO abort_t VALUES (1)");
            assertThatThrownBy(() -> connection.prepareStatement("SELEC 1").execute())
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42601"));
            assertThatThrownBy(() -> statement.execute("INSERT INTO abort_t VALUES (2)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            connection.rollback();
            connection.setAutoCommit(true);
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM abort_t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }

    @Test
    void ifExistsAndIfNotExistsSendNotices() throws SQLException {
        try (Connection connection = connectPreparing(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS notice_missing");
            java.sql.SQLWarning warning = statement.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).isEqualTo("table \"notice_missing\" does not exist, skipping");
            assertThat(warning.getSQLState()).isEqualTo("00000");
            statement.clearWarnings();
            statement.execute("CREATE TABLE notice_t (x INT)");
            assertThat((Object) statement.getWarnings()).isNull();
            statement.execute("CREATE TABLE IF NOT EXISTS notice_t (x INT)");
            assertThat(statement.getWarnings().getMessage()).isEqualTo("relation \"notice_t\" already exists, skipping");
            assertThat(statement.getWarnings().getSQLState()).isEqualTo("42P07");
        }
    }
}
