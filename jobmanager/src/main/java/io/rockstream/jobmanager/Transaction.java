package io.rockstream.jobmanager;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open BEGIN ... COMMIT block: the changes its statements made, per table, not yet
 * applied anywhere. Later statements of the block see them; COMMIT applies them together
 * in one epoch. Owned by its session's thread.
 */
final class Transaction {
    private final Map<String, ZSet> changes = new LinkedHashMap<>();
    /** Per table, its changes by key (the primary key, or the whole row without one). */
    private final Map<String, Map<Row, ZSet>> byKey = new HashMap<>();
    private boolean failed;

    /** Adds a statement's change to {@code table}, keyed by {@code key} (null: the whole row). */
    void add(String table, ZSet delta, int[] key) {
        changes.computeIfAbsent(table, t -> new ZSet()).addAll(delta);
        Map<Row, ZSet> index = byKey.computeIfAbsent(table, t -> new HashMap<>());
        for (int i = 0; i < delta.size(); i++) {
            index.computeIfAbsent(keyOf(delta.row(i), key), k -> new ZSet(1)).add(delta.row(i), delta.weight(i));
        }
    }

    /**
     * The earlier changes of {@code table} to the keys {@code delta} touches: all that a check
     * of {@code delta} against them needs (a duplicate key, a row deleted twice), found
     * without scanning every earlier change. {@code key} as given to {@link #add}.
     */
    ZSet changesAt(String table, ZSet delta, int[] key) {
        ZSet result = new ZSet();
        Map<Row, ZSet> index = byKey.get(table);
        if (index == null) {
            return result;
        }
        java.util.Set<Row> keys = new java.util.HashSet<>();
        for (int i = 0; i < delta.size(); i++) {
            Row at = keyOf(delta.row(i), key);
            ZSet earlier = index.get(at);
            if (earlier != null && keys.add(at)) {
                result.addAll(earlier);
            }
        }
        return result;
    }

    private static Row keyOf(Row row, int[] key) {
        return key == null ? row : row.project(key);
    }

    ZSet changes(String table) {
        return changes.get(table);
    }

    Map<String, ZSet> changes() {
        return changes;
    }

    boolean failed() {
        return failed;
    }

    void fail() {
        failed = true;
    }
}
