package io.rockstream.jobmanager.catalog;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows of a relation as a multiset (row → positive count). Not thread-safe: the owner
 * guards it (the engine's epoch lock for visible contents, the write lock for a table's
 * live rows).
 */
public final class Contents {
    private final Map<Row, long[]> rows = new HashMap<>();
    private long size;

    public void apply(ZSet delta) {
        for (int i = 0; i < delta.size(); i++) {
            add(delta.row(i), delta.weight(i));
        }
    }

    public void add(Row row, long weight) {
        long[] count = rows.computeIfAbsent(row, r -> new long[1]);
        count[0] += weight;
        size += weight;
        if (count[0] == 0) {
            rows.remove(row);
        }
    }

    public long count(Row row) {
        long[] count = rows.get(row);
        return count == null ? 0 : count[0];
    }

    /** All rows as one Z-set (a copy). */
    public ZSet snapshot() {
        ZSet snapshot = new ZSet(Math.max(rows.size(), 4));
        rows.forEach((row, count) -> snapshot.add(row, count[0]));
        return snapshot;
    }

    public long size() {
        return size;
    }

    public void clear() {
        rows.clear();
        size = 0;
    }

    public Map<Row, long[]> rows() {
        return rows;
    }
}
