package io.rockstream.jobmanager;

import io.rockstream.jobgraph.graph.JobGraph;

/** Job graphs compiled by a real engine, for tests of other packages' logic. */
public final class TestGraphs {
    private TestGraphs() {
    }

    /** The job graph of a view made by {@code statements} (the last creates {@code view}) on an in-memory engine. */
    public static JobGraph of(String view, String... statements) {
        try (Engine engine = Engine.startInMemory(); SqlSession session = engine.openSession()) {
            for (String statement : statements) {
                session.execute(statement);
            }
            return engine.catalog().entry(view).orElseThrow().job();
        }
    }
}
