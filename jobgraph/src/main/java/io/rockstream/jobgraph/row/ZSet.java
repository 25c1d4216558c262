package io.rockstream.jobgraph.row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * A batch of {@code (row, weight)} pairs: a Z-set, the unit of change in RockStream.
 * {@code (r, +1)} inserts r, {@code (r, -1)} deletes it, an update is both. A batch may hold
 * the same row several times until it is {@linkplain #consolidate() consolidated}.
 *
 * <p>Mutable, owned by one thread at a time; a batch handed to another subtask is never
 * touched again by its producer.
 */
public final class ZSet {
    private Row[] rows;
    private long[] weights;
    private int size;

    public ZSet() {
        this(16);
    }

    public ZSet(int capacity) {
        rows = new Row[Math.max(capacity, 4)];
        weights = new long[rows.length];
    }

    public static ZSet of(Row row, long weight) {
        ZSet set = new ZSet(4);
        set.add(row, weight);
        return set;
    }

    public void add(Row row, long weight) {
        if (weight == 0) {
            return;
        }
        if (size == rows.length) {
            rows = java.util.Arrays.copyOf(rows, size * 2);
            weights = java.util.Arrays.copyOf(weights, size * 2);
        }
        rows[size] = row;
        weights[size] = weight;
        size++;
    }

    public void addAll(ZSet other) {
        for (int i = 0; i < other.size; i++) {
            add(other.rows[i], other.weights[i]);
        }
    }

    /** Adds every entry of {@code other} with its weight multiplied by {@code factor}. */
    public void addAll(ZSet other, long factor) {
        for (int i = 0; i < other.size; i++) {
            add(other.rows[i], other.weights[i] * factor);
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public Row row(int index) {
        return rows[index];
    }

    public long weight(int index) {
        return weights[index];
    }

    public void forEach(ObjLongConsumer<Row> consumer) {
        for (int i = 0; i < size; i++) {
            consumer.accept(rows[i], weights[i]);
        }
    }

    /** Merges equal rows, summing weights, and drops rows whose weight becomes zero. */
    public ZSet consolidate() {
        if (size <= 1) {
            return this;
        }
        Map<Row, long[]> merged = new HashMap<>(size * 2);
        List<Row> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long[] total = merged.get(rows[i]);
            if (total == null) {
                merged.put(rows[i], new long[] {weights[i]});
                order.add(rows[i]);
            } else {
                total[0] += weights[i];
            }
        }
        ZSet result = new ZSet(order.size());
        for (Row row : order) {
            result.add(row, merged.get(row)[0]);
        }
        return result;
    }

    /**
     * The entries split by the values of {@code keyColumns} (a group key, a partition key),
     * in first-seen order.
     */
    public Map<Row, ZSet> groupBy(int[] keyColumns) {
        Map<Row, ZSet> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            groups.computeIfAbsent(rows[i].project(keyColumns), k -> new ZSet(4)).add(rows[i], weights[i]);
        }
        return groups;
    }

    /** Consolidated view as a map from row to non-zero weight. */
    public Map<Row, Long> toMap() {
        Map<Row, Long> map = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            map.merge(rows[i], weights[i], Long::sum);
        }
        map.values().removeIf(w -> w == 0);
        return map;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(rows[i]).append(" x").append(weights[i]);
        }
        return text.append('}').toString();
    }
}
