package io.rockstream.jobmanager;

/**
 * The embedded RockStream: one JobManager and one TaskManager in this JVM, talking through
 * the same interfaces a cluster uses. (Contract stub: the implementation replaces the body.)
 */
public final class Engine implements AutoCloseable {
    private Engine() {
    }

    /** An engine whose state lives in memory (the heap state backend). */
    public static Engine startInMemory() {
        throw new UnsupportedOperationException("Engine.startInMemory");
    }

    /** A new session; sessions are independent and may be used from different threads. */
    public SqlSession openSession() {
        throw new UnsupportedOperationException("Engine.openSession");
    }

    @Override
    public void close() {
    }
}
