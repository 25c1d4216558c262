package io.rockstream.jobmanager.catalog;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Contents on the heap: a hash map from row to count, and one from unique key to row.
 * Not thread-safe: the owner guards it. {@link #read} copies the rows (under the owner's
 * lock), which is what an in-memory engine did all along.
 */
public final class HeapContents implements Contents {
    private final Map<Row, long[]> rows = new HashMap<>();
    private final int[] uniqueKey;
    private final Map<Row, Row> byKey;
    private long size;

    /** Contents without a key index. */
    public HeapContents() {
        this(null);
    }

    /** Contents indexed by the columns {@code uniqueKey} (null or empty: no index). */
    public HeapContents(int[] uniqueKey) {
        boolean keyed = uniqueKey != null && uniqueKey.length > 0;
        this.uniqueKey = keyed ? uniqueKey.clone() : null;
        this.byKey = keyed ? new HashMap<>() : null;
    }

    @Override
    public void apply(ZSet delta) {
        for (int i = 0; i < delta.size(); i++) {
            add(delta.row(i), delta.weight(i));
        }
    }

    public void add(Row row, long weight) {
        if (weight == 0) {
            return;
        }
        long[] count = rows.get(row);
        if (count == null) {
            count = new long[1];
            rows.put(row, count);
        }
        long before = count[0];
        count[0] += weight;
        size += weight;
        if (count[0] == 0) {
            rows.remove(row);
        }
        if (byKey != null) {
            Row key = row.project(uniqueKey);
            if (before > 0 && count[0] <= 0) {
                byKey.remove(key, row);
            } else if (before <= 0 && count[0] > 0) {
                byKey.put(key, row);
            }
        }
    }

    @Override
    public long count(Row row) {
        long[] count = rows.get(row);
        return count == null ? 0 : count[0];
    }

    @Override
    public Row lookup(Row key) {
        return byKey == null ? null : byKey.get(key);
    }

    @Override
    public long size() {
        return size;
    }

    /** A copy of all rows, made now. */
    @Override
    public Reader read() {
        return Reader.of(snapshot());
    }

    /** All rows as one Z-set (a copy). */
    public ZSet snapshot() {
        ZSet snapshot = new ZSet(Math.max(rows.size(), 4));
        rows.forEach((row, count) -> snapshot.add(row, count[0]));
        return snapshot;
    }

    /** Some row, or null when empty. */
    public Row anyRow() {
        return rows.isEmpty() ? null : rows.keySet().iterator().next();
    }

    @Override
    public void drop() {
        rows.clear();
        if (byKey != null) {
            byKey.clear();
        }
        size = 0;
    }
}
