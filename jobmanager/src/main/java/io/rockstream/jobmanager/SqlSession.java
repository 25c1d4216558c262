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
     * The columns a query would return, found by binding it without running it; empty for a
     * statement that returns no rows. For SHOW and EXPLAIN (cheap) the statement runs.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException as running it would for a
     *         statement that cannot be bound (42P01, 42703, 42601, ...)
     */
    java.util.Optional<java.util.List<io.rockstream.jobgraph.row.Column>> describe(String sql);

    /**
     * Prepares one statement (or none: an empty text) with {@code $n} placeholders, parsing
     * it once; {@code declaredTypes} are the types the client gave its parameters, null where
     * it gave none.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 42601 for a syntax error or
     *         more than one statement, 0A000 for an unsupported statement (and for a session
     *         that does not prepare statements, such as a test's adapter)
     */
    default PreparedSql prepare(String sql, java.util.List<io.rockstream.jobgraph.type.SqlType> declaredTypes) {
        throw io.rockstream.jobgraph.error.RockStreamException.of(
                io.rockstream.jobgraph.error.ErrorCode.FEATURE_NOT_SUPPORTED, "this session does not prepare statements");
    }

    /**
     * Starts {@code COPY table [(columns)] FROM STDIN}: {@code columns} empty means all, in
     * table order. The COPY is one statement: its rows land together when it finishes, in
     * one epoch or with the open transaction.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 42P01 for an unknown table,
     *         42809 for a view, 42703/42701 for a bad column list, 25P02 in a failed transaction
     */
    CopyIn copyIn(String table, java.util.List<String> columns);

    /**
     * Starts following a table or materialized view: its contents now (when
     * {@code snapshot}), then every later epoch's change; with {@code progress}, epochs that
     * leave it unchanged are reported too. The caller closes the subscription.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 42P01 for an unknown relation,
     *         0A000 for a view that is not materialized, 25P02 in a failed transaction
     */
    Subscription subscribe(String relation, boolean snapshot, boolean progress);

    /**
     * Cancels the statement this session is running, from any thread: it fails with 57014.
     * Does nothing when no statement is running.
     */
    void cancel();

    @Override
    void close();
}
