package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell on a real in-memory engine, with a scripted stdin; stdout and stderr interleaved. */
class SqlShellTest {
    private Engine engine;
    private SqlSession session;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private int exitStatus;

    @BeforeEach
    void startEngine() {
        engine = Engine.startInMemory();
        session = engine.openSession();
    }

    @AfterEach
    void stopEngine() {
        session.close();
        engine.close();
    }

    private String run(String script, boolean interactive, boolean stopOnError) {
        PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8);
        SqlShell shell = new SqlShell(session, new BufferedReader(new StringReader(script)), printer, printer,
                interactive, stopOnError);
        exitStatus = shell.run();
        return output.toString(StandardCharsets.UTF_8);
    }

    private String run(String script) {
        return run(script, false, false);
    }

    @Test
    void tableInsertMaterializedViewSelectUpdate() {
        String script = """
                -- a session as in the README
                CREATE TABLE orders (id INT, region TEXT, amount NUMERIC(10,2));
                INSERT INTO orders VALUES (1, 'east', 10.50), (2, 'west', 7), (3, 'east', 40);
                CREATE MATERIALIZED VIEW totals AS
                  SELECT region, count(*) AS orders, sum(amount) AS total
                  FROM orders
                  GROUP BY region;
                SELECT * FROM totals ORDER BY region;
                UPDATE orders SET amount = 100 WHERE id = 2;
                SELECT * FROM totals ORDER BY region;
                """;
        assertThat(run(script)).isEqualTo("""
                CREATE TABLE
                INSERT 0 3
                CREATE MATERIALIZED VIEW
                 region | orders | total\s
                --------+--------+-------
                 east   |      2 | 50.50
                 west   |      1 |  7.00
                (2 rows)

                UPDATE 1
                 region | orders | total \s
                --------+--------+--------
                 east   |      2 |  50.50
                 west   |      1 | 100.00
                (2 rows)

                """);
        assertThat(exitStatus).isEqualTo(SqlShell.EXIT_OK);
    }

    @Test
    void errorShowsSqlStateLineCaretAndHint() {
        String script = """
                CREATE TABLE orders (id INT, amount NUMERIC(10,2));
                SELECT id,
                       amout * 2
                  FROM orders;
                SELECT count(*) FROM orders;
                """;
        assertThat(run(script)).isEqualTo("""
                CREATE TABLE
                ERROR:  42703: column "amout" does not exist
                LINE 2:        amout * 2
                               ^
                HINT:  Perhaps you meant to reference the column "orders.amount".
                 count\s
                -------
                     0
                (1 row)

                """);
        assertThat(exitStatus).isEqualTo(SqlShell.EXIT_STATEMENT_FAILED);
    }

    @Test
    void stopOnErrorSkipsTheRestOfTheScript() {
        assertThat(run("SELECT 1/0; SELECT 1;\n", false, true)).isEqualTo("""
                ERROR:  22012: division by zero
                """);
        assertThat(exitStatus).isEqualTo(SqlShell.EXIT_STATEMENT_FAILED);
    }

    @Test
    void statementsSplitOnTopLevelSemicolonsOnly() {
        String script = """
                SELECT 'a;b' AS "x;y", 1 AS n; SELECT /* ; */ 2
                  AS two -- ; not the end
                ;
                SELECT 3 AS three
                """;
        assertThat(run(script)).isEqualTo("""
                 x;y | n\s
                -----+---
                 a;b | 1
                (1 row)

                 two\s
                -----
                   2
                (1 row)

                 three\s
                -------
                     3
                (1 row)

                """);
        assertThat(exitStatus).isEqualTo(SqlShell.EXIT_OK);
    }

    @Test
    void metaCommandsListRelationsAndQuit() {
        String script = """
                CREATE TABLE t (v INT);
                CREATE MATERIALIZED VIEW m AS SELECT count(*) AS c FROM t;
                \\dt
                \\dm
                \\nope
                \\q
                SELECT 'not run';
                """;
        assertThat(run(script)).isEqualTo("""
                CREATE TABLE
                CREATE MATERIALIZED VIEW
                 name\s
                ------
                 t
                (1 row)

                 name\s
                ------
                 m
                (1 row)

                invalid command \\nope
                Try \\? for help.
                """);
    }

    @Test
    void interactiveShowsPromptsAndContinuationPrompts() {
        assertThat(run("SELECT 1\n AS one;\n", true, false)).isEqualTo(
                "rockstream=> rockstream->  one \n-----\n   1\n(1 row)\n\nrockstream=> \\q\n");
        assertThat(exitStatus).isEqualTo(SqlShell.EXIT_OK);
    }

    @Test
    void timingIsToggled() {
        String output = run("\\timing\nSELECT 1;\n\\timing\n");
        assertThat(output).startsWith("Timing is on.\n ?column? \n----------\n        1\n(1 row)\n\nTime: ")
                .endsWith(" ms\nTiming is off.\n");
    }
}
