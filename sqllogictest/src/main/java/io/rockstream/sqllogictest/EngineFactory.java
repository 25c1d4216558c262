package io.rockstream.sqllogictest;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;

/**
 * Starts the engines the runner uses: every sqllogictest file gets fresh, empty engines
 * (one for ad-hoc queries, one for views).
 */
public interface EngineFactory extends AutoCloseable {
    /** A session on a new, empty engine; closing the session stops that engine. */
    SqlSession open();

    /** Releases what the factory shares between engines, if anything. */
    @Override
    default void close() {
    }

    /** Fresh embedded engines with in-memory state ({@link Engine#startInMemory()}). */
    static EngineFactory inMemory() {
        return () -> {
            Engine engine = Engine.startInMemory();
            try {
                return new EngineSession(engine, engine.openSession());
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        };
    }
}
