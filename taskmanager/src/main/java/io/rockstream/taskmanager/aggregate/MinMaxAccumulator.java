package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.type.Values;
import java.util.TreeMap;

/**
 * min(x) / max(x). Retractable multiset: deleting the current minimum needs the next one,
 * so the accumulator keeps value → count, sorted (C collation for text).
 */
final class MinMaxAccumulator implements Accumulator {
    private final int column;
    private final boolean max;
    private final TreeMap<Object, long[]> values = new TreeMap<>(Values::compare);

    MinMaxAccumulator(int column, boolean max) {
        this.column = column;
        this.max = max;
    }

    @Override
    public void add(Row row, long weight) {
        Object value = row.get(column);
        if (value == null) {
            return;
        }
        long[] count = values.computeIfAbsent(value, v -> new long[1]);
        count[0] += weight;
        if (count[0] == 0) {
            values.remove(value);
        }
    }

    /** {@code varint(values) (value zigzag(count))*}, in value order. */
    @Override
    public void writeState(RowCodec.Writer writer) {
        writer.varint(values.size());
        for (var entry : values.entrySet()) {
            writer.value(entry.getKey());
            writer.signed(entry.getValue()[0]);
        }
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        values.clear();
        int entries = reader.count();
        for (int i = 0; i < entries; i++) {
            Object value = reader.value();
            values.put(value, new long[] {reader.signed()});
        }
    }

    @Override
    public Object result() {
        if (values.isEmpty()) {
            return null;
        }
        return max ? values.lastKey() : values.firstKey();
    }
}
