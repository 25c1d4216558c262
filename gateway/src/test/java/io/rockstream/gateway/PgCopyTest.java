package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** COPY FROM STDIN and COPY TO STDOUT through pgjdbc's CopyManager, against a gateway on an ephemeral port. */
class PgCopyTest extends InProcessGatewayTest {
    private static CopyManager copy(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(i > 1 ? "|" : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static InputStream text(String data) {
        return new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textFormatWithEscapesNullsAndDefaults() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_text (id INT PRIMARY KEY, name TEXT, amount NUMERIC(8,2), "
                    + "flag BOOLEAN DEFAULT true, day DATE)");
            String data = "1\tann\t10.50\tt\t2024-01-31\n"
                    + "2\ttab\\there\\\\back\\nline\t\\N\tf\t\\N\n"
                    + "3\t\\x41\\102C\t-1\t\\N\t2000-02-29\r\n";
            long count = copy(connection).copyIn("COPY copy_text FROM STDIN", text(data));
            assertThat(count).isEqualTo(3);
            assertThat(copy(connection).copyIn("COPY copy_text (name, id) FROM STDIN", text("zed\t4\n")))
                    .isEqualTo(1);
            assertThat(rows(statement, "SELECT id, name, amount, flag, day FROM copy_text ORDER BY id")).containsExactly(
                    "1|ann|10.50|t|2024-01-31",
                    "2|tab\there\\back\nline|null|f|null",
                    "3|ABC|-1.00|null|2000-02-29",
                    "4|zed|null|t|null");
        }
    }

    @Test
    void csvWithHeaderQuotesAndNewlinesInFields() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_csv (id INT, note TEXT, other TEXT)");
            String data = "id,note,other\n"
                    + "1,\"a, b\",plain\n"
                    + "2,\"say \"\"hi\"\"\",\n"
                    + "3,\"two\nlines\",\"\"\n";
            assertThat(copy(connection).copyIn("COPY copy_csv FROM STDIN WITH (FORMAT csv, HEADER true)", text(data)))
                    .isEqualTo(3);
            assertThat(rows(statement, "SELECT id, note, other, other IS NULL FROM copy_csv ORDER BY id")).containsExactly(
                    "1|a, b|plain|f",
                    "2|say \"hi\"|null|t",
                    "3|two\nlines||f");
            // legacy syntax, as psycopg2 and old scripts write it
            assertThat(copy(connection).copyIn("COPY copy_csv FROM STDIN WITH CSV DELIMITER AS ';' NULL AS 'NA'",
                    text("4;x;NA\n"))).isEqualTo(1);
            assertThat(rows(statement, "SELECT other IS NULL FROM copy_csv WHERE id = 4")).containsExactly("t");
        }
    }

    @Test
    void dataSplitAcrossArbitraryChunksIsReadTheSame() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_chunks (id INT PRIMARY KEY, note TEXT)");
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                data.append(i).append(",\"line ").append(i).append("\nwith, comma and \"\"quote\"\"\"\n");
            }
            byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
            Random random = new Random(7);
            CopyIn in = copy(connection).copyIn("COPY copy_chunks FROM STDIN (FORMAT csv)");
            int at = 0;
            while (at < bytes.length) {
                int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
                in.writeToCopy(bytes, at, length);
                at += length;
            }
            assertThat(in.endCopy()).isEqualTo(5000);
            assertThat(rows(statement, "SELECT count(*), count(DISTINCT note) FROM copy_chunks"))
                    .containsExactly("5000|5000");
            assertThat(rows(statement, "SELECT note FROM copy_chunks WHERE id = 4999"))
                    .containsExactly("line 4999\nwith, comma and \"quote\"");
        }
    }

    @Test
    void aBadRowFailsTheWholeCopyWithItsLineAndNothingLands() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_bad (id INT PRIMARY KEY, n INT NOT NULL)");
            String data = "1\t10\n2\t20\n3\tnope\n4\t40\n";
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_bad FROM STDIN", text(data)))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22P02");
                        assertThat(e.getServerErrorMessage().getMessage()).contains("invalid input syntax for type integer");
                        assertThat(e.getServerErrorMessage().getWhere()).isEqualTo("COPY copy_bad, line 3");
                    });
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_bad FROM STDIN", text("1\t1\t1\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22P04");
                        assertThat(e.getMessage()).contains("extra data after last expected column");
                    });
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_bad FROM STDIN", text("1\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22P04");
                        assertThat(e.getMessage()).contains("missing data for column \"n\"");
                    });
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_bad FROM STDIN", text("1\t\\N\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_bad FROM STDIN", text("7\t1\n7\t2\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            assertThat(rows(statement, "SELECT count(*) FROM copy_bad")).containsExactly("0");
            // the connection is fine afterwards
            assertThat(copy(connection).copyIn("COPY copy_bad FROM STDIN", text("1\t10\n"))).isEqualTo(1);
            assertThat(rows(statement, "SELECT id, n FROM copy_bad")).containsExactly("1|10");
        }
    }

    @Test
    void aClientAbortLandsNothing() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_abort (id INT)");
            CopyIn in = copy(connection).copyIn("COPY copy_abort FROM STDIN");
            byte[] rows = "1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(rows, 0, rows.length);
            in.cancelCopy();
            assertThat(rows(statement, "SELECT count(*) FROM copy_abort")).containsExactly("0");
        }
    }

    @Test
    void copyInsideATransactionLandsAtCommit() throws Exception {
        try (Connection connection = connect(); Connection other = connect();
                Statement statement = connection.createStatement(); Statement reader = other.createStatement()) {
            statement.execute("CREATE TABLE copy_tx (id INT)");
            connection.setAutoCommit(false);
            copy(connection).copyIn("COPY copy_tx FROM STDIN", text("1\n2\n"));
            statement.execute("INSERT INTO copy_tx VALUES (3)");
            assertThat(rows(reader, "SELECT count(*) FROM copy_tx")).containsExactly("0");
            connection.commit();
            assertThat(rows(reader, "SELECT count(*) FROM copy_tx")).containsExactly("3");
            // a failed COPY fails the transaction: nothing of it commits
            copy(connection).copyIn("COPY copy_tx FROM STDIN", text("4\n"));
            assertThatThrownBy(() -> copy(connection).copyIn("COPY copy_tx FROM STDIN", text("x\n")))
                    .isInstanceOf(PSQLException.class);
            assertThatThrownBy(() -> statement.execute("INSERT INTO copy_tx VALUES (5)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            connection.rollback();
            connection.setAutoCommit(true);
            assertThat(rows(reader, "SELECT count(*) FROM copy_tx")).containsExactly("3");
        }
    }

    @Test
    void copyToStdoutInTextAndCsvRoundTrips() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_out (id INT, note TEXT, amount NUMERIC(6,1))");
            statement.execute("INSERT INTO copy_out VALUES (1, 'a\tb\\c', 1.5), (2, NULL, NULL), (3, 'x,\"y\"', 0), "
                    + "(4, '', 2)");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(copy(connection).copyOut("COPY (SELECT * FROM copy_out ORDER BY id) TO STDOUT", out))
                    .isEqualTo(4);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "1\ta\\tb\\\\c\t1.5\n2\t\\N\t\\N\n3\tx,\"y\"\t0.0\n4\t\t2.0\n");
            out.reset();
            copy(connection).copyOut("COPY (SELECT id, note FROM copy_out ORDER BY id) TO STDOUT WITH (FORMAT csv, "
                    + "HEADER)", out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "id,note\n1,a\tb\\c\n2,\n3,\"x,\"\"y\"\"\"\n4,\"\"\n");
            // what COPY TO writes, COPY FROM reads back as the same rows
            statement.execute("CREATE TABLE copy_back (id INT, note TEXT, amount NUMERIC(6,1))");
            out.reset();
            copy(connection).copyOut("COPY copy_out TO STDOUT (FORMAT csv)", out);
            copy(connection).copyIn("COPY copy_back FROM STDIN (FORMAT csv)", new ByteArrayInputStream(out.toByteArray()));
            assertThat(rows(statement, "SELECT * FROM copy_back ORDER BY id"))
                    .isEqualTo(rows(statement, "SELECT * FROM copy_out ORDER BY id"));
        }
    }

    @Test
    void badCopyStatementsFailWithSqlStateAndPosition() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_errors (id INT)");
            statement.execute("CREATE MATERIALIZED VIEW copy_errors_view AS SELECT count(*) AS n FROM copy_errors");
            assertError(connection, "COPY copy_errors FROM '/etc/passwd'", "0A000", 23);
            assertError(connection, "COPY copy_errors FROM STDIN (FORMAT binary)", "0A000", 37);
            assertError(connection, "COPY copy_errors FROM STDIN (FORMAT xml)", "22023", 37);
            assertError(connection, "COPY copy_errors FROM STDIN WITH (BOGUS 1)", "42601", 35);
            assertError(connection, "COPY copy_errors TO STDIN", "42601", 21);
            assertError(connection, "COPY nowhere FROM STDIN", "42P01", 0);
            assertError(connection, "COPY copy_errors (nope) FROM STDIN", "42703", 0);
            assertError(connection, "COPY copy_errors_view FROM STDIN", "42809", 0);
            assertError(connection, "COPY (SELECT nope FROM copy_errors) TO STDOUT", "42703", 14);
            // views can be copied out (PostgreSQL needs COPY (SELECT ...) for that)
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(connection).copyOut("COPY copy_errors_view TO STDOUT", out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("0\n");
        }
    }

    private static void assertError(Connection connection, String sql, String sqlState, int position) {
        assertThatThrownBy(() -> {
            if (sql.contains(" TO ")) {
                copy(connection).copyOut(sql, new ByteArrayOutputStream());
            } else {
                copy(connection).copyIn(sql, text(""));
            }
        }).as(sql).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).as(sql).isEqualTo(sqlState);
            assertThat(e.getServerErrorMessage().getPosition()).as(sql).isEqualTo(position);
        });
    }

    @Test
    void aLargeCopyStreamsThrough() throws SQLException, IOException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copy_large (id BIGINT PRIMARY KEY, grp INT, payload TEXT)");
            statement.execute("CREATE MATERIALIZED VIEW copy_large_groups AS SELECT grp, count(*) AS n, sum(id) AS s "
                    + "FROM copy_large GROUP BY grp");
            int rows = 200_000;
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                data.append(i).append('\t').append(i % 10).append("\tpayload-").append(i).append('\n');
            }
            assertThat(copy(connection).copyIn("COPY copy_large FROM STDIN", text(data.toString()))).isEqualTo(rows);
            assertThat(rows(statement, "SELECT count(*), sum(n) FROM copy_large_groups")).containsExactly("10|" + rows);
            assertThat(rows(statement, "SELECT n, s FROM copy_large_groups WHERE grp = 3"))
                    .containsExactly((rows / 10) + "|" + (long) (rows / 10) * (3 + (rows - 7)) / 2);
        }
    }
}
