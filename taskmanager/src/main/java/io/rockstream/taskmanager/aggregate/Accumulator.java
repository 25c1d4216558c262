package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;

/**
 * The running state of one aggregate for one group. {@link #add} takes an input row with a
 * weight (negative for deletes); every accumulator is retractable, whatever its merge law:
 * abelian ones subtract, multiset ones keep value counts.
 */
public interface Accumulator {
    void add(Row row, long weight);

    /** The aggregate's value for the rows added so far (SQL NULL as null). */
    Object result();

    /**
     * Writes the running state, not the configuration (columns, kinds, orderings): an
     * accumulator created for the same call reads it back with {@link #readState}.
     */
    void writeState(RowCodec.Writer writer);

    /**
     * Replaces the running state of this freshly created accumulator with one written by
     * {@link #writeState} of an accumulator of the same call; afterwards both behave alike.
     */
    void readState(RowCodec.Reader reader);
}
