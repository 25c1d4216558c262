package io.rockstream.jobmanager;

import io.rockstream.jobgraph.row.Column;
import java.util.List;

/**
 * A {@code COPY table FROM STDIN} in progress: rows arrive as text fields, are converted
 * with each column's input conversion (as {@code 'text'::type} with assignment checks) and
 * kept aside; {@link #finish()} lands them all in one epoch, or in the session's open
 * transaction. Nothing is visible before, and a failure leaves the table unchanged.
 */
public interface CopyIn {
    /** The columns each row lists, in order. */
    List<Column> columns();

    /**
     * Adds one row: one field per column in {@link #columns()}, {@code null} for SQL NULL.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 22P02 and friends for a value
     *         the column's type does not accept, 23502 for a NULL in a NOT NULL column
     */
    void row(String[] fields);

    /** Lands the rows; returns how many. Duplicate keys fail here (23505) and nothing lands. */
    long finish();

    /** Drops the rows; nothing lands. */
    void abort();
}
