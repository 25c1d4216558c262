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

    /**
     * Holds the epoch loop with a control task until closed, so that writes submitted
     * meanwhile stay submitted but incomplete.
     */
    HeldLoop holdEpochLoop() throws InterruptedException {
        return new HeldLoop(engine);
    }

    static final class HeldLoop implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CompletableFuture<Void> hold;

        HeldLoop(Engine engine) throws InterruptedException {
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            hold = java.util.concurrent.CompletableFuture.runAsync(() -> engine.coordinator().control(() -> {
                held.countDown();
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                return null;
            }));
            if (!held.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the epoch loop did not take the control task");
            }
        }

        /** Lets the loop go on and waits until the holding task has ended. */
        @Override
        public void close() {
            release.countDown();
            hold.join();
        }
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
