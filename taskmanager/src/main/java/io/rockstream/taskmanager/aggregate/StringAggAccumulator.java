package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.operator.RowOrdering;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * string_agg(x, delimiter [ORDER BY ...]). Holistic: the result depends on every value in
 * order, so the accumulator keeps (order keys, value, delimiter) → count, sorted by the
 * ORDER BY keys and then the value. Each value after the first is preceded by its own
 * row's delimiter, as in PostgreSQL.
 */
final class StringAggAccumulator implements Accumulator {
    private final int valueColumn;
    private final int delimiterColumn;
    private final int[] orderColumns;
    private final TreeMap<Row, long[]> entries;

    StringAggAccumulator(int valueColumn, int delimiterColumn, List<SortKey> orderBy) {
        this.valueColumn = valueColumn;
        this.delimiterColumn = delimiterColumn;
        this.orderColumns = orderBy.stream().mapToInt(SortKey::column).toArray();
        List<SortKey> keys = new ArrayList<>();
        for (int i = 0; i < orderBy.size(); i++) {
            SortKey key = orderBy.get(i);
            keys.add(new SortKey(i, key.descending(), key.nullsFirst()));
        }
        this.entries = new TreeMap<>(RowOrdering.total(keys));
    }

    @Override
    public void add(Row row, long weight) {
        Object value = row.get(valueColumn);
        if (value == null) {
            return;
        }
        Object[] entry = new Object[orderColumns.length + 2];
        for (int i = 0; i < orderColumns.length; i++) {
            entry[i] = row.get(orderColumns[i]);
        }
        entry[orderColumns.length] = value;
        entry[orderColumns.length + 1] = row.get(delimiterColumn);
        Row key = Row.wrap(entry);
        long[] count = entries.computeIfAbsent(key, k -> new long[1]);
        count[0] += weight;
        if (count[0] == 0) {
            entries.remove(key);
        }
    }

    /** The (order keys, value, delimiter) entries with their counts, in order. */
    @Override
    public void writeState(RowCodec.Writer writer) {
        StateSerializers.writeRowCounts(writer, entries);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        entries.clear();
        StateSerializers.readRowCounts(reader, entries);
    }

    @Override
    public Object result() {
        StringBuilder text = null;
        for (Map.Entry<Row, long[]> entry : entries.entrySet()) {
            Row key = entry.getKey();
            String value = key.get(orderColumns.length).toString();
            Object delimiter = key.get(orderColumns.length + 1);
            for (long i = 0; i < entry.getValue()[0]; i++) {
                if (text == null) {
                    text = new StringBuilder(value);
                } else {
                    if (delimiter != null) {
                        text.append(delimiter);
                    }
                    text.append(value);
                }
            }
        }
        return text == null ? null : text.toString();
    }
}
