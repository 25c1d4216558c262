package io.rockstream.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query file that is not UNSUPPORTED creates its view over a few thousand generated
 * events, fed in small batches (so most of the answer is maintained incrementally), and the view
 * equals its query recomputed ad hoc. All views in one engine with heap state; then one query
 * the way the benchmark runs it (its own engine, RocksDB state), and one in a child JVM.
 */
class NexmarkQueriesTest {
    private static final long EVENTS = 4_000;
    private static final int BATCH = 500;

    @TempDir
    static Path data;

    private static Engine engine;
    private static SqlSession session;

    @BeforeAll
    static void feedEveryView() throws Exception {
        NexmarkFiles.write(new NexmarkGenerator(NexmarkConfig.defaults(), 42), EVENTS, data);
        engine = Engine.start(EngineConfig.defaults());
        session = engine.openSession();
        session.execute(NexmarkQuery.ddl());
        for (String name : runnable()) {
            session.execute(NexmarkQuery.load(name).statement());
        }
        assertThat(NexmarkBenchmark.feed(session, data, BATCH)).isEqualTo(EVENTS);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static List<String> runnable() {
        return NexmarkQuery.all().stream().filter(NexmarkQuery::runs).map(NexmarkQuery::name)
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void everyQueryRunsOrSaysWhatIsMissing() {
        List<NexmarkQuery> queries = NexmarkQuery.all();
        assertThat(queries).extracting(NexmarkQuery::name).containsExactlyElementsOf(NexmarkQuery.NAMES);
        for (NexmarkQuery query : queries) {
            if (query.runs()) {
                assertThat(query.select()).as(query.name()).matches("(?is)(SELECT|WITH)\\s.*")
                        .doesNotContain("--").doesNotEndWith(";");
            } else {
                assertThat(query.unsupported().orElseThrow()).as(query.name()).isNotBlank();
                assertThat(query.statement()).as(query.name() + " is comment-only").isEmpty();
            }
        }
        // the stateful and stateless sets must all run for its geometric means
        assertThat(runnable()).containsAll(NexmarkQuery.STATEFUL).containsAll(NexmarkQuery.STATELESS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    void viewEqualsItsRecompute(String name) {
        NexmarkQuery query = NexmarkQuery.load(name);

        List<Row> view = rows(session.execute("SELECT * FROM " + query.view()));
        List<Row> recomputed = rows(session.execute(query.select()));

        // an empty view would match an empty recompute without proving anything
        assertThat(view).as(name + " view rows").isNotEmpty();
        assertThat(NexmarkBenchmark.compare(view, recomputed)).as(name).isEmpty();
    }

    private static List<Row> rows(List<StatementResult> results) {
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows();
    }

    @Test
    void aQueryOnItsOwnEngineWithRocksDbStateAsTheBenchmarkRunsIt() throws Exception {
        NexmarkOptions options = new NexmarkOptions(EVENTS, 42, BATCH, Optional.of(data), true, List.of("q9"), false);

        NexmarkBenchmark.Outcome outcome = NexmarkBenchmark.runQuery(NexmarkQuery.load("q9"), data, options);

        assertThat(outcome.passed()).as(outcome.line()).isTrue();
        assertThat(outcome.events()).isEqualTo(EVENTS);
        assertThat(outcome.viewRows()).isPositive();
        assertThat(outcome.peakRssBytes()).isPositive();
        assertThat(outcome.line()).startsWith("q9 ").endsWith("oracle OK");
    }

    @Test
    void aChildJvmRunsAQueryAndReportsItsOutcome() throws Exception {
        NexmarkOptions options = new NexmarkOptions(EVENTS, 42, BATCH, Optional.of(data), false, List.of("q3"), true);

        NexmarkBenchmark.Outcome outcome = NexmarkBenchmark.runChild("q3", data, options);

        assertThat(outcome.passed()).as(outcome.line()).isTrue();
        assertThat(outcome.events()).isEqualTo(EVENTS);
        assertThat(outcome.viewRows()).isPositive();
        assertThat(outcome.cpuNanos()).isPositive();
        NexmarkBenchmark.Outcome mismatch = new NexmarkBenchmark.Outcome("q5", Optional.empty(), Optional.empty(), 10,
                20, 30, 40, 50, Optional.of("view has\t2 rows\nand more"));
        assertThat(NexmarkBenchmark.decode(NexmarkBenchmark.encode(mismatch))).isEqualTo(
                new NexmarkBenchmark.Outcome("q5", Optional.empty(), Optional.empty(), 10, 20, 30, 40, 50,
                        Optional.of("view has 2 rows and more")));
    }

    @Test
    void theTablesAloneMeasureIngestAndStayOutOfTheQueryFigures() throws Exception {
        NexmarkOptions options = NexmarkOptions.parse("--events", "4000", "--memory", "--in-process");
        assertThat(options.queries()).startsWith("tables", "q0").hasSize(24);

        NexmarkBenchmark.Outcome tables = NexmarkBenchmark.runQuery(NexmarkQuery.load("tables"), data, options);

        assertThat(tables.passed()).isTrue();
        assertThat(tables.events()).isEqualTo(EVENTS);
        assertThat(tables.line()).startsWith("tables ").endsWith("(no view: ingest alone)");
        NexmarkBenchmark.Outcome q1 = new NexmarkBenchmark.Outcome("q1", Optional.empty(), Optional.empty(), 1_000,
                1_000_000_000, 500_000_000, 1, 1, Optional.empty());
        assertThat(NexmarkBenchmark.summary(List.of(tables, q1))).contains("1 of 1 queries ran",
                "all 2,000 (1 queries)", "stateless (q0 q1 q2 q22) 2,000 (1 queries)", "; tables alone (no view) ");
    }

    @Test
    void theOracleSeesADifference() {
        List<Row> view = List.of(Row.of(1L, "a"), Row.of(1L, "a"), Row.of(2L, "b"));

        assertThat(NexmarkBenchmark.compare(view, List.of(Row.of(2L, "b"), Row.of(1L, "a"), Row.of(1L, "a"))))
                .isEmpty();
        assertThat(NexmarkBenchmark.compare(view, List.of(Row.of(1L, "a"), Row.of(2L, "b"))))
                .hasValueSatisfying(text -> assertThat(text).contains("1 rows differ", "only in the view: [[1, a]]"));
    }

    @Test
    void unsupportedQueriesAreReportedNotRun() throws Exception {
        NexmarkOptions options = new NexmarkOptions(EVENTS, 42, BATCH, Optional.of(data), false, List.of("q12"), false);

        NexmarkBenchmark.Outcome outcome = NexmarkBenchmark.runQuery(NexmarkQuery.load("q12"), data, options);

        assertThat(outcome.unsupported()).hasValueSatisfying(feature -> assertThat(feature).contains("processing time"));
        assertThat(outcome.line()).startsWith("q12  UNSUPPORTED: processing time");
        assertThat(NexmarkBenchmark.summary(List.of(outcome))).contains("0 of 1 queries ran", "unsupported: q12");
    }
}
