package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;

/**
 * The running state of one aggregate for one group. {@link #add} takes an input row with a
 * weight (negative for deletes); every accumulator is retractable, whatever its merge law:
 * abelian ones subtract, multiset ones keep value counts.
 */
public interface Accumulator {
    void add(Row row, long weight);

    /** The aggregate's value for the rows added so far (SQL NULL as null). */
    Object result();
}
