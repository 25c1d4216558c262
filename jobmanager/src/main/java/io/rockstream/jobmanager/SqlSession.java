package io.rockstream.jobmanager;

import java.util.List;

/**
 * A connection's view of the engine: runs SQL text, one statement or a script of
 * ;-separated statements, with read-your-writes (a SELECT sees this session's own
 * acknowledged writes).
 */
public interface SqlSession extends AutoCloseable {
    /**
     * Runs every statement of {@code sql} in order and returns one result per statement.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException for the first statement that
     *         fails; earlier statements of the script stay applied
     */
    List<StatementResult> execute(String sql);

    /**
     * Cancels the statement this session is running, from any thread: it fails with 57014.
     * Does nothing when no statement is running.
     */
    void cancel();

    @Override
    void close();
}
