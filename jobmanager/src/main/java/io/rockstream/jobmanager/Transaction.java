package io.rockstream.jobmanager;

import io.rockstream.jobgraph.row.ZSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open BEGIN ... COMMIT block: the changes its statements made, per table, not yet
 * applied anywhere. Later statements of the block see them; COMMIT applies them together
 * in one epoch. Owned by its session's thread.
 */
final class Transaction {
    private final Map<String, ZSet> changes = new LinkedHashMap<>();
    private boolean failed;

    void add(String table, ZSet delta) {
        changes.computeIfAbsent(table, t -> new ZSet()).addAll(delta);
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
