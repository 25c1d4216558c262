package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A connection's cursors (DECLARE, FETCH, MOVE, CLOSE). A cursor over a query holds the
 * query's result; a cursor over SUBSCRIBE follows a relation, and FETCH waits for its next
 * changes. Cursors without HOLD end with their transaction, as in PostgreSQL.
 *
 * <p>Mutable; confined to the connection's thread.
 */
final class PgCursors {
    /** A cursor; {@code uncommitted} while the transaction that declared it is open. */
    private record Cursor(boolean hold, RowSource source, boolean uncommitted) {
    }

    private final Map<String, Cursor> cursors = new HashMap<>();

    /**
     * Runs a cursor statement.
     *
     * @param inTransaction whether a transaction block is open (DECLARE without HOLD needs one)
     * @param query runs the query of a DECLARE
     * @param wait reads from a source, maybe waiting (the caller makes the wait cancellable)
     */
    StatementResult run(CursorStatement statement, boolean inTransaction, SqlSession session,
            Function<String, StatementResult> query, Waiter wait) {
        if (statement instanceof CursorStatement.Declare declare) {
            return declare(declare, inTransaction, session, query);
        }
        if (statement instanceof CursorStatement.Fetch fetch) {
            Cursor cursor = cursor(fetch.cursor());
            RowSource source = cursor.source();
            int max = (int) Math.min(fetch.count(), Integer.MAX_VALUE);
            if (fetch.move()) {
                List<Row> skipped = wait.next(source, max, source.streaming() ? 0 : -1);
                return new StatementResult.Command("MOVE", skipped.size());
            }
            List<Row> rows = wait.next(source, max, fetch.timeoutMillis());
            return new StatementResult.Rows(source.columns(), rows);
        }
        if (statement instanceof CursorStatement.Close close) {
            if (close.cursor() == null) {
                closeAll();
            } else {
                cursor(close.cursor()).source().close();
                cursors.remove(close.cursor());
            }
            return new StatementResult.Command("CLOSE CURSOR", -1);
        }
        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "SUBSCRIBE runs as a statement, not on a cursor");
    }

    /** The columns FETCH from {@code name} returns (for Describe). */
    List<Column> columns(String name) {
        return cursor(name).source().columns();
    }

    /**
     * The transaction ended: cursors without HOLD are closed, and after a rollback so are the
     * HOLD cursors it declared, as in PostgreSQL.
     */
    void transactionEnded(boolean committed) {
        cursors.entrySet().removeIf(entry -> {
            Cursor cursor = entry.getValue();
            if (cursor.hold() && (committed || !cursor.uncommitted())) {
                return false;
            }
            cursor.source().close();
            return true;
        });
        cursors.replaceAll((name, cursor) -> new Cursor(cursor.hold(), cursor.source(), false));
    }

    void closeAll() {
        cursors.values().forEach(cursor -> cursor.source().close());
        cursors.clear();
    }

    private StatementResult declare(CursorStatement.Declare declare, boolean inTransaction, SqlSession session,
            Function<String, StatementResult> query) {
        if (!declare.hold() && !inTransaction) {
            throw RockStreamException.of(ErrorCode.NO_ACTIVE_SQL_TRANSACTION,
                    "DECLARE CURSOR can only be used in transaction blocks");
        }
        if (cursors.containsKey(declare.name())) {
            throw RockStreamException.of(ErrorCode.DUPLICATE_CURSOR, "cursor \"%s\" already exists", declare.name());
        }
        RowSource source;
        try {
            if (SqlScanner.firstKeyword(declare.query()).equals("SUBSCRIBE")) {
                source = subscribe(CursorStatement.parse(declare.query()), session);
            } else {
                StatementResult result = query.apply(declare.query());
                if (!(result instanceof StatementResult.Rows rows)) {
                    throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                            "a cursor needs a query that returns rows");
                }
                source = RowSource.of(rows.columns(), rows.rows());
            }
        } catch (RockStreamException failure) {
            throw failure.position() > 0 ? failure.at(failure.position() + declare.queryOffset(), failure.line(),
                    failure.column()) : failure;
        }
        cursors.put(declare.name(), new Cursor(declare.hold(), source, inTransaction));
        return new StatementResult.Command("DECLARE CURSOR", -1);
    }

    /** Opens the rows of a SUBSCRIBE statement. */
    static RowSource subscribe(CursorStatement statement, SqlSession session) {
        if (!(statement instanceof CursorStatement.Subscribe subscribe)) {
            throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "expected SUBSCRIBE");
        }
        return RowSource.of(session.subscribe(subscribe.relation(), subscribe.snapshot(), subscribe.progress()),
                subscribe.progress());
    }

    private Cursor cursor(String name) {
        Cursor cursor = cursors.get(name);
        if (cursor == null) {
            throw RockStreamException.of(ErrorCode.INVALID_CURSOR_NAME, "cursor \"%s\" does not exist", name);
        }
        return cursor;
    }

    /** Reads rows from a source on the session's behalf (so that a cancel can stop the wait). */
    interface Waiter {
        List<Row> next(RowSource source, int max, long timeoutMillis);
    }
}
