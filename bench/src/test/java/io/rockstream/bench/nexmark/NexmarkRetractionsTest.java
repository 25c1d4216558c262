package io.rockstream.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nexmark's input only grows, so the benchmark never retracts anything. Here every runnable
 * view is fed a few thousand events and then sees deletes and updates of all three tables (old
 * bids dropped as a retention policy would, prices and times changed, auctions and persons
 * removed), each in its own epoch, and must still equal its recompute. Heap state, to stay
 * fast (RocksDB state took twice as long and gave the same answers when tried).
 */
class NexmarkRetractionsTest {
    private static final long EVENTS = 2_000;
    private static final List<String> CHANGES = List.of(
            "DELETE FROM bid WHERE price % 3 = 0",
            "UPDATE bid SET price = price + 1000000 WHERE price % 7 = 1",
            "UPDATE bid SET date_time = date_time + INTERVAL '11' SECOND WHERE bidder % 5 = 0",
            "DELETE FROM auction WHERE id % 4 = 0",
            "UPDATE auction SET expires = expires + INTERVAL '1' SECOND, category = 10 WHERE id % 3 = 0",
            "DELETE FROM person WHERE id % 3 = 0",
            "UPDATE person SET state = 'OR' WHERE id % 2 = 0",
            "DELETE FROM bid WHERE date_time < TIMESTAMP '2026-01-01 00:00:00.100'");

    @TempDir
    static Path data;
    private static Engine engine;
    private static SqlSession session;

    @BeforeAll
    static void feedThenChange() throws Exception {
        NexmarkFiles.write(new NexmarkGenerator(NexmarkConfig.defaults(), 99), EVENTS, data);
        engine = Engine.start(EngineConfig.defaults());
        session = engine.openSession();
        session.execute(NexmarkQuery.ddl());
        for (String name : NexmarkQueriesTest.runnable()) {
            session.execute(NexmarkQuery.load(name).statement());
        }
        assertThat(NexmarkBenchmark.feed(session, data, 500)).isEqualTo(EVENTS);
        for (String change : CHANGES) {
            List<StatementResult> result = session.execute(change);
            assertThat(((StatementResult.Command) result.get(0)).rowCount()).as(change).isPositive();
        }
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
        return NexmarkQueriesTest.runnable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnable")
    void viewEqualsItsRecomputeAfterDeletesAndUpdates(String name) {
        NexmarkQuery query = NexmarkQuery.load(name);

        List<Row> view = rows(session.execute("SELECT * FROM " + query.view()));
        List<Row> recomputed = rows(session.execute(query.select()));

        assertThat(NexmarkBenchmark.compare(view, recomputed)).as(name).isEmpty();
    }

    private static List<Row> rows(List<StatementResult> results) {
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows();
    }
}
