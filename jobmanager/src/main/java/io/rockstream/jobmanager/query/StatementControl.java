package io.rockstream.jobmanager.query;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.function.Consumer;

/**
 * How the statement a session is running can be stopped: a cancel from another thread (a
 * client's CancelRequest) and the session's {@code statement_timeout}. A cancel reaches only
 * a statement that is running when it arrives, as in PostgreSQL; one that arrives between
 * statements is dropped.
 *
 * <p>Thread-safe: {@link #cancel()} is called from other threads.
 */
public final class StatementControl {
    private final Object lock = new Object();
    private Consumer<RockStreamException> running;
    private long timeoutMillis;
    private volatile String statement = "";

    /** The text of the statement the session runs now (monitoring shows it with its job). */
    public void statement(String text) {
        this.statement = text == null ? "" : text;
    }

    public String statement() {
        return statement;
    }

    /** The timeout of the statements that follow; 0 = none. */
    public void timeoutMillis(long timeoutMillis) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout is negative: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Cancels the running statement, if any; it fails with 57014. */
    public void cancel() {
        Consumer<RockStreamException> target;
        synchronized (lock) {
            target = running;
        }
        if (target != null) {
            target.accept(canceled());
        }
    }

    /**
     * Marks a statement as running until the returned handle is closed; {@code stop} is
     * called (from the cancelling thread) with the error the statement must end with.
     */
    public Running start(Consumer<RockStreamException> stop) {
        synchronized (lock) {
            running = stop;
        }
        return () -> {
            synchronized (lock) {
                if (running == stop) {
                    running = null;
                }
            }
        };
    }

    public static RockStreamException canceled() {
        return RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
    }

    public static RockStreamException timedOut() {
        return RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to statement timeout");
    }

    /** A statement between {@link #start} and its end. */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
