package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.StateSerializers;
import java.util.HashMap;
import java.util.Map;

/**
 * The value of a scalar subquery: the group's only row's value, NULL for none, and error
 * 21000 while the group has more than one row. Retractable multiset: it keeps the values
 * with their counts, so that deleting the extra rows makes the result valid again.
 */
final class SingleValueAccumulator implements Accumulator {
    private final int column;
    private final Map<Row, long[]> values = new HashMap<>();
    private long rows;

    SingleValueAccumulator(int column) {
        this.column = column;
    }

    @Override
    public void add(Row row, long weight) {
        Row value = Row.of(row.get(column));
        long[] count = values.computeIfAbsent(value, v -> new long[1]);
        count[0] += weight;
        if (count[0] == 0) {
            values.remove(value);
        }
        rows += weight;
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        writer.signed(rows);
        StateSerializers.writeRowCounts(writer, values);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        rows = reader.signed();
        values.clear();
        StateSerializers.readRowCounts(reader, values);
    }

    @Override
    public Object result() {
        if (rows > 1) {
            throw RockStreamException.of(ErrorCode.CARDINALITY_VIOLATION,
                    "more than one row returned by a subquery used as an expression");
        }
        return rows <= 0 || values.isEmpty() ? null : values.keySet().iterator().next().get(0);
    }
}
