package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prepared statements ({@link SqlSession#prepare}): parameter types inferred from their
 * context, and runs with values equal to running the same text with the values written as
 * literals.
 */
class PreparedSqlTest extends InMemoryEngineTest {
    @BeforeEach
    void createTables() {
        session.execute("CREATE TABLE t (k bigint PRIMARY KEY, name varchar(10), score int, price numeric(8,2),"
                + " seen timestamp, ok boolean)");
        session.execute("CREATE MATERIALIZED VIEW agg AS SELECT name, count(*) AS n, sum(score) AS total FROM t"
                + " GROUP BY name");
    }

    private static List<SqlType> none() {
        return List.of();
    }

    @Test
    void parameterTypesComeFromTheirContext() {
        assertThat(session.prepare("SELECT * FROM t WHERE k = $1", none()).parameterTypes())
                .containsExactly(SqlType.BIGINT);
        assertThat(session.prepare("SELECT name FROM t WHERE score > $2 AND name = $1 AND ok = $3", none())
                .parameterTypes()).containsExactly(SqlType.TEXT, SqlType.INTEGER, SqlType.BOOLEAN);
        assertThat(session.prepare("INSERT INTO t (k, score, seen) VALUES ($1, $2, $3)", none()).parameterTypes())
                .containsExactly(SqlType.BIGINT, SqlType.INTEGER, SqlType.TIMESTAMP);
        assertThat(session.prepare("UPDATE t SET score = score + $1 WHERE k = $2", none()).parameterTypes())
                .containsExactly(SqlType.INTEGER, SqlType.BIGINT);
        assertThat(session.prepare("DELETE FROM t WHERE price < $1", none()).parameterTypes().get(0).kind())
                .isEqualTo(io.rockstream.jobgraph.type.TypeKind.NUMERIC);
        // varchar = unknown resolves as text = text, as in PostgreSQL
        assertThat(session.prepare("SELECT n FROM agg WHERE name = $1", none()).parameterTypes())
                .containsExactly(SqlType.TEXT);
        // no context: text, as in PostgreSQL
        assertThat(session.prepare("SELECT $1", none()).parameterTypes()).containsExactly(SqlType.TEXT);
        // a declared type wins and gives its type to the context
        assertThat(session.prepare("SELECT * FROM t WHERE k = $1", List.of(SqlType.INTEGER)).parameterTypes())
                .containsExactly(SqlType.INTEGER);
        assertThat(session.prepare("SELECT $1 + $2", Arrays.asList(SqlType.BIGINT, null)).parameterTypes())
                .containsExactly(SqlType.BIGINT, SqlType.BIGINT);
        // a statement that does not bind (yet) keeps its parameters unknown; its error comes when it runs
        PreparedSql later = session.prepare("SELECT * FROM nosuch WHERE a = $1", none());
        assertThat(later.parameterTypes()).containsExactly((SqlType) null);
        assertThatThrownBy(() -> later.execute(List.of("1"))).isInstanceOf(RockStreamException.class)
                .hasMessageContaining("nosuch");
    }

    @Test
    void columnsAreFoundWithoutRunning() {
        PreparedSql query = session.prepare("SELECT k, score * $1 AS scaled FROM t WHERE k = $2", none());
        assertThat(query.columns().orElseThrow()).extracting(Column::name).containsExactly("k", "scaled");
        assertThat(query.columns().orElseThrow().get(1).type()).isEqualTo(SqlType.INTEGER);
        // LIMIT needs a value: the shape still comes, bound with NULL
        assertThat(session.prepare("SELECT name FROM t LIMIT $1", none()).columns().orElseThrow())
                .extracting(Column::name).containsExactly("name");
        assertThat(session.prepare("INSERT INTO t (k) VALUES ($1)", none()).columns()).isEmpty();
        assertThat(session.prepare("", none()).columns()).isEmpty();
    }

    @Test
    void runsManyTimesWithDifferentValues() {
        PreparedSql insert = session.prepare("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)", none());
        for (int k = 1; k <= 5; k++) {
            StatementResult result = insert.execute(Arrays.asList(String.valueOf(k), "n" + (k % 2), String.valueOf(k * 10),
                    k + ".5", "2026-11-22 10:00:0" + k, k % 2 == 0 ? "true" : null));
            assertThat(((StatementResult.Command) result).rowCount()).isEqualTo(1);
        }
        PreparedSql read = session.prepare("SELECT name, score, price, seen, ok FROM t WHERE k = $1", none());
        assertThat(rows(read.execute(List.of("4")))).containsExactly("[n0, 40, 4.50, 2026-11-22T10:00:04, true]");
        assertThat(rows(read.execute(List.of("3")))).containsExactly("[n1, 30, 3.50, 2026-11-22T10:00:03, null]");
        assertThat(rows(read.execute(List.of("99")))).isEmpty();
        PreparedSql group = session.prepare("SELECT n, total FROM agg WHERE name = $1", none());
        assertThat(rows(group.execute(List.of("n1")))).containsExactly("[3, 90]");
        PreparedSql update = session.prepare("UPDATE t SET score = score + $1 WHERE name = $2", none());
        assertThat(((StatementResult.Command) update.execute(List.of("1", "n1"))).rowCount()).isEqualTo(3);
        assertThat(rows(group.execute(List.of("n1")))).containsExactly("[3, 93]");
    }

    @Test
    void aValueIsAlwaysOneValue() {
        session.execute("INSERT INTO t (k, name) VALUES (1, 'a')");
        PreparedSql read = session.prepare("SELECT k FROM t WHERE name = $1", none());
        assertThat(rows(read.execute(List.of("a' OR '1' = '1")))).isEmpty();
        assertThat(rows(read.execute(List.of("a")))).containsExactly("[1]");
        PreparedSql insert = session.prepare("INSERT INTO t (k, name) VALUES ($1, $2)", none());
        insert.execute(List.of("2", "it's; DROP"));
        assertThat(rows(session.execute("SELECT name FROM t WHERE k = 2").get(0))).containsExactly("[it's; DROP]");
    }

    @Test
    void badValuesAndMissingParametersAreClearErrors() {
        session.execute("INSERT INTO t (k) VALUES (1)");
        PreparedSql read = session.prepare("SELECT * FROM t WHERE k = $1", none());
        assertThatThrownBy(() -> read.execute(List.of("x1"))).isInstanceOfSatisfying(RockStreamException.class,
                error -> assertThat(error.code().sqlState()).isEqualTo("22P02"));
        assertThatThrownBy(() -> read.execute(List.of())).isInstanceOfSatisfying(RockStreamException.class, error -> {
            assertThat(error.code().sqlState()).isEqualTo("42P02");
            assertThat(error.getMessage()).contains("there is no parameter $1");
            assertThat(error.position()).isEqualTo(27);
        });
        assertThatThrownBy(() -> read.execute(List.of("1\0"))).isInstanceOfSatisfying(RockStreamException.class,
                error -> assertThat(error.code().sqlState()).isEqualTo("22021"));
        assertThatThrownBy(() -> session.prepare("SELECT 1; SELECT 2", none()))
                .isInstanceOfSatisfying(RockStreamException.class,
                        error -> assertThat(error.code().sqlState()).isEqualTo("42601"));
        assertThatThrownBy(() -> session.prepare("SELEC 1", none())).isInstanceOfSatisfying(RockStreamException.class,
                error -> assertThat(error.code().sqlState()).isEqualTo("42601"));
        assertThatThrownBy(() -> session.prepare("CREATE VIEW v AS SELECT $1 AS x", none()).execute(List.of("1")))
                .isInstanceOfSatisfying(RockStreamException.class,
                        error -> assertThat(error.code().sqlState()).isEqualTo("0A000"));
    }

    /**
     * The law: a prepared statement run with values gives what the text with those values as
     * literals gives (same rows, or the same error). Random queries over random rows; the seed
     * is printed, {@code -Dprepared.seed=N} replays one.
     */
    @Test
    void preparedEqualsTheTextWithLiterals() {
        long seed = Long.getLong("prepared.seed", System.nanoTime());
        System.out.println("PreparedSqlTest seed " + seed);
        Random random = new Random(seed);
        for (int k = 0; k < 40; k++) {
            session.execute("INSERT INTO t VALUES (" + k + ", " + (random.nextInt(5) == 0 ? "NULL" : "'n" + random.nextInt(4)
                    + "'") + ", " + (random.nextInt(100) - 20) + ", " + random.nextInt(1000) + ".25, TIMESTAMP '2026-01-0"
                    + (1 + random.nextInt(9)) + " 12:00:00', " + random.nextBoolean() + ")");
        }
        String[] templates = {
            "SELECT k, name FROM t WHERE k = $1",
            "SELECT k FROM t WHERE score > $1 AND name = $2",
            "SELECT count(*), sum(score) FROM t WHERE price BETWEEN $1 AND $2",
            "SELECT name, n FROM agg WHERE name = $1",
            "SELECT k, score / $1 FROM t WHERE k < $2",
            "SELECT k FROM t WHERE seen >= $1 AND ok = $2",
            "SELECT $1 || name FROM t WHERE k = $2",
            "SELECT k FROM t WHERE name IN ($1, $2) ORDER BY k LIMIT $3",
        };
        String[][] values = {
            {"0", "1", "7", "39", "40", "-1", "abc", "1.5", "9999999999999999999999"},
            {"0", "10", "-20", "n1", "n3", "x", "5.5"},
            {"0", "100.5", "500", "1000", "1e3", "-1", "abc"},
            {"n0", "n1", "n2", "zz", "", "n1 "},
            {"0", "1", "3", "-2", "20", "x"},
            {"2026-01-03", "2026-01-05 12:00:00", "not a date", "true", "false", "t", "maybe"},
            {"x", "", "0", "5", "39"},
            {"n0", "n1", "n2", "2", "0", "-1", "ten"},
        };
        int compared = 0;
        for (int round = 0; round < 300; round++) {
            int which = random.nextInt(templates.length);
            String template = templates[which];
            int count = template.contains("$3") ? 3 : template.contains("$2") ? 2 : 1;
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                chosen.add(random.nextInt(12) == 0 ? null : values[which][random.nextInt(values[which].length)]);
            }
            String literal = template;
            for (int i = count; i >= 1; i--) {
                String value = chosen.get(i - 1);
                literal = literal.replace("$" + i, value == null ? "NULL" : "'" + value.replace("'", "''") + "'");
            }
            String text = literal;
            String expected = outcome(() -> session.execute(text).get(0));
            PreparedSql prepared = session.prepare(template, none());
            String actual = outcome(() -> prepared.execute(chosen));
            assertThat(actual).as("seed %d: %s with %s (as text: %s)", seed, template, chosen, literal)
                    .isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isEqualTo(300);
    }

    private static String outcome(java.util.function.Supplier<StatementResult> run) {
        try {
            StatementResult result = run.get();
            if (result instanceof StatementResult.Rows rows) {
                List<String> lines = new ArrayList<>(rows.rows().stream().map(Row::toString).toList());
                lines.sort(null);
                return rows.columns().stream().map(column -> column.type().toString()).toList() + " " + lines;
            }
            return result.toString();
        } catch (RockStreamException error) {
            return "error " + error.code().sqlState() + " " + error.getMessage();
        }
    }
}
