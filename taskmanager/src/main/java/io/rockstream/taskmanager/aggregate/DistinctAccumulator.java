package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.StateSerializers;
import java.util.HashMap;
import java.util.Map;

/**
 * agg(DISTINCT x): feeds the inner accumulator each distinct argument value once, with
 * +1 when its count becomes positive and -1 when it drops to zero. Retractable multiset.
 */
final class DistinctAccumulator implements Accumulator {
    private final Accumulator inner;
    private final int[] argumentColumns;
    private final Map<Row, long[]> counts = new HashMap<>();

    DistinctAccumulator(Accumulator inner, int[] argumentColumns) {
        this.inner = inner;
        this.argumentColumns = argumentColumns;
    }

    @Override
    public void add(Row row, long weight) {
        Row key = row.project(argumentColumns);
        long[] count = counts.computeIfAbsent(key, k -> new long[1]);
        long before = count[0];
        count[0] += weight;
        if (count[0] == 0) {
            counts.remove(key);
        }
        if (before <= 0 && count[0] > 0) {
            inner.add(row, 1);
        } else if (before > 0 && count[0] <= 0) {
            inner.add(row, -1);
        }
    }

    /** The distinct values with their counts, then the inner accumulator. */
    @Override
    public void writeState(RowCodec.Writer writer) {
        StateSerializers.writeRowCounts(writer, counts);
        inner.writeState(writer);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        counts.clear();
        StateSerializers.readRowCounts(reader, counts);
        inner.readState(reader);
    }

    @Override
    public Object result() {
        return inner.result();
    }
}
