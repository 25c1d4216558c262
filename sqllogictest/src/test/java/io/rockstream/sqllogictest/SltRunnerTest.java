package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SltRunnerTest {
    private static final String TABLE = "statement ok\nCREATE TABLE t(x INTEGER)\n\n"
            + "statement ok\nINSERT INTO t VALUES(3)\n\nstatement ok\nINSERT INTO t VALUES(1)\n\n"
            + "statement ok\nINSERT INTO t VALUES(2)\n\nstatement ok\nINSERT INTO t VALUES(10)\n\n";
    private static final String GOOD = TABLE
            + "query I rowsort\nSELECT x FROM t\n----\n1\n10\n2\n3\n\n"
            + "query I nosort label-a\nSELECT count(*) FROM t\n----\n4\n\n";

    private final FakeSession.Factory factory = new FakeSession.Factory()
            .query("SELECT x FROM t", session -> FakeSession.integers(session.table("t")))
            .query("SELECT count(*) FROM t", session -> FakeSession.integers(List.of(session.table("t").size())))
            .query("SELECT x + 0 FROM t", session -> FakeSession.integers(session.table("t")))
            .query("SELECT x FROM t /* noview */", session -> FakeSession.integers(session.table("t")))
            .query("SELECT 1/0", session -> {
                throw RockStreamException.of(ErrorCode.DIVISION_BY_ZERO, "division by zero");
            });

    private FileResult run(String text, long seed) {
        return new SltRunner(factory, new SltOptions("postgresql", seed, true, 1000)).run(SltParser.parse("f.test", text));
    }

    private FileResult run(String text) {
        return run(text, 1);
    }

    @Test
    void passesInBothModesAndClosesItsEngines() {
        FileResult result = run(GOOD);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isEqualTo(7);
        assertThat(factory.sessions).hasSize(2).allMatch(session -> session.closed);
    }

    @Test
    void viewsExistBeforeTheWritesTheyDependOn() {
        run(GOOD);
        List<String> viewLog = factory.sessions.get(1).log;

        int view = viewLog.lastIndexOf("CREATE MATERIALIZED VIEW slt_v16 (c1) AS SELECT x FROM t");
        int firstInsert = viewLog.indexOf("INSERT INTO t VALUES(3)");
        assertThat(view).isPositive().isLessThan(firstInsert);
        assertThat(viewLog).contains("SELECT * FROM slt_v16", "DROP MATERIALIZED VIEW slt_v16");
        assertThat(factory.sessions.get(0).log).doesNotContain("BEGIN");
    }

    @Test
    void consecutiveCreatesOpenOneBoundary() {
        run("hash-threshold 8\n\nstatement ok\nCREATE TABLE u(x INTEGER)\n\n" + GOOD);
        List<String> viewLog = factory.sessions.get(1).log;

        String create = "CREATE MATERIALIZED VIEW slt_v21 (c1) AS SELECT x FROM t";
        assertThat(viewLog.stream().filter(create::equals)).as("tried once, after CREATE TABLE t").hasSize(1);
        assertThat(viewLog.indexOf(create)).isEqualTo(viewLog.indexOf("CREATE TABLE t(x INTEGER)") + 1);
    }

    @Test
    void aDeferredBoundaryIsTakenAfterAFailedCreate() {
        FileResult result = run("statement ok\nCREATE TABLE t(x INTEGER)\n\n" + GOOD);
        List<String> viewLog = factory.sessions.get(1).log;

        assertThat(result.failures()).singleElement().satisfies(failure -> assertThat(failure.line()).isEqualTo(4));
        int view = viewLog.lastIndexOf("CREATE MATERIALIZED VIEW slt_v19 (c1) AS SELECT x FROM t");
        assertThat(view).isPositive().isLessThan(viewLog.indexOf("INSERT INTO t VALUES(3)"));
    }

    @Test
    void writesAreBatchedInTransactionsDrawnFromTheSeed() {
        List<List<String>> logs = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            factory.sessions.clear();
            assertThat(run(GOOD, seed).failed()).isZero();
            logs.add(factory.sessions.get(1).log);
        }
        assertThat(logs).anyMatch(log -> log.contains("BEGIN") && log.contains("COMMIT"));
        assertThat(logs.stream().distinct().count()).isGreaterThan(1);

        factory.sessions.clear();
        run(GOOD, 7);
        List<String> first = factory.sessions.get(1).log;
        factory.sessions.clear();
        run(GOOD, 7);
        assertThat(factory.sessions.get(1).log).isEqualTo(first);
    }

    @Test
    void aViewThatIsNotMaintainedFails() {
        factory.staleViews = true;
        FileResult result = run(GOOD);

        assertThat(result.failed()).isEqualTo(2);
        assertThat(result.failures().get(0).line()).isEqualTo(16);
        assertThat(result.failures().get(0).reasons()).singleElement().asString()
                .startsWith("view: slt_v16 differs from the ad-hoc result (as a multiset): missing [[1], [10], [2], [3]], extra []");
        assertThat(Reports.summary(result)).isEqualTo("f.test: 5 passed, 2 failed (seed 1; reproduce with -Dslt.seed=1)");
    }

    @Test
    void aViewThatCannotBeCreatedFails() {
        FileResult result = run(TABLE + "query I rowsort\nSELECT x FROM t /* noview */\n----\n1\n10\n2\n3\n");

        assertThat(result.failures()).singleElement().satisfies(failure ->
                assertThat(failure.reasons()).containsExactly("view: 0A000 views cannot do this"));
    }

    @Test
    void wrongValuesAndHashesAreReported() {
        FileResult result = run(TABLE
                + "query I nosort\nSELECT count(*) FROM t\n----\n5\n\n"
                + "query I rowsort\nSELECT x FROM t\n----\n4 values hashing to 00000000000000000000000000000000\n\n"
                + "hash-threshold 2\n\n"
                + "query I valuesort\nSELECT x FROM t\n----\n4 values hashing to "
                + RenderedResult.md5(List.of("1", "10", "2", "3")) + "\n");

        assertThat(result.passed()).isEqualTo(6);
        assertThat(result.failures()).extracting(FileResult.Failure::line).containsExactly(16, 21);
        assertThat(result.failures().get(0).reasons()).containsExactly("expected [5]\n  actual   [4]");
        assertThat(result.failures().get(1).reasons().get(0))
                .startsWith("expected 4 values hashing to 00000000000000000000000000000000\n  actual   4 values hashing to ");
    }

    @Test
    void queriesWithTheSameLabelMustAgree() {
        FileResult result = run(TABLE
                + "query I rowsort label-1\nSELECT x FROM t\n----\n1\n10\n2\n3\n\n"
                + "query I rowsort label-1\nSELECT x + 0 FROM t\n----\n1\n10\n2\n3\n\n"
                + "query I nosort label-1\nSELECT count(*) FROM t\n----\n4\n");

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.line()).isEqualTo(32);
            assertThat(failure.reasons()).singleElement().asString().startsWith("label label-1: 1 values hashing to");
        });
    }

    @Test
    void statementExpectations() {
        FileResult result = run("statement error\nSELECT 1/0\n\nstatement error 22012\nSELECT 1/0\n\n"
                + "statement error 22003\nSELECT 1/0\n\nstatement ok\nSELECT 1/0\n\n"
                + "statement error\nCREATE TABLE u(x INTEGER)\n");

        assertThat(result.passed()).isEqualTo(2);
        assertThat(result.failures()).extracting(FileResult.Failure::line).containsExactly(7, 10, 13);
        assertThat(result.failures().get(0).reasons()).containsExactly("expected SQLSTATE 22003 but got 22012 division by zero");
        assertThat(result.failures().get(1).reasons()).contains("statement failed: 22012 division by zero");
        assertThat(result.failures().get(2).reasons()).contains("statement succeeded but an error was expected");
    }

    @Test
    void conditionsSkipAndHaltStops() {
        FileResult result = run(TABLE
                + "skipif postgresql\nquery I nosort\nSELECT count(*) FROM t\n----\n99\n\n"
                + "onlyif sqlite\nstatement ok\nCREATE TABLE t(x INTEGER)\n\n"
                + "onlyif postgresql\nquery I nosort\nSELECT count(*) FROM t\n----\n4\n\n"
                + "onlyif mysql\nhalt\n\n"
                + "query I nosort\nSELECT count(*) FROM t\n----\n4\n\n"
                + "onlyif postgresql\nhalt\n\n"
                + "query I nosort\nSELECT count(*) FROM t\n----\n99\n");

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isEqualTo(7);
        assertThat(result.skipped()).isEqualTo(2);
    }

    @Test
    void anEngineThatDoesNotStartFailsEveryTest() {
        EngineFactory broken = () -> {
            throw new UnsupportedOperationException("Engine.startInMemory");
        };
        FileResult result = new SltRunner(broken, new SltOptions("postgresql", 1, true, 10)).run(SltParser.parse("f.test", GOOD));

        assertThat(result.passed()).isZero();
        assertThat(result.failed()).isEqualTo(7);
        assertThat(result.failures()).singleElement().satisfies(failure -> assertThat(failure.reasons()).containsExactly(
                "engine did not start: java.lang.UnsupportedOperationException: Engine.startInMemory"));
    }

    @Test
    void commandPrintsPerFileAndTotalAndReturnsTheExitCode(@TempDir Path directory) throws Exception {
        Path good = Files.writeString(directory.resolve("good.test"), GOOD);
        Path bad = Files.writeString(directory.resolve("bad.test"), TABLE + "query I nosort\nSELECT count(*) FROM t\n----\n5\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SltOptions options = new SltOptions("postgresql", 5, true, 10);

        assertThat(SltCommand.run(List.of(good), factory, options, out)).isZero();
        assertThat(SltCommand.run(List.of(good, bad), factory, options, out)).isEqualTo(1);
        assertThat(SltCommand.run(List.of(), factory, options, out)).isEqualTo(2);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains(good + ": 7 passed, 0 failed\nTotal: 7 passed, 0 failed\n");
        assertThat(text).contains("FAIL " + bad + ":16\n  SQL: SELECT count(*) FROM t\n  expected [5]\n  actual   [4]\n");
        assertThat(text).contains("Total: 12 passed, 1 failed\n");
    }

    @Test
    void firstKeywordSkipsParenthesesAndComments() {
        assertThat(ViewMode.firstKeyword("  -- hi\n (SELECT 1)")).isEqualTo("select");
        assertThat(ViewMode.firstKeyword("Insert into t")).isEqualTo("insert");
        assertThat(ViewMode.stripSemicolon("SELECT 1 ; ;")).isEqualTo("SELECT 1");
    }
}
