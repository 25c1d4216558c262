package io.rockstream.jobmanager;

import io.rockstream.jobgraph.row.Row;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh in-memory engine and one session for each test. */
abstract class InMemoryEngineTest {
    Engine engine;
    SqlSession session;

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

    /** The rows of the last statement of {@code sql}, as {@link Row#toString}, in the order returned. */
    List<String> rows(String sql) {
        return rows(session, sql);
    }

    static List<String> rows(SqlSession on, String sql) {
        List<StatementResult> results = on.execute(sql);
        return rows(results.get(results.size() - 1));
    }

    static List<String> rows(StatementResult result) {
        return ((StatementResult.Rows) result).rows().stream().map(Row::toString).toList();
    }
}
