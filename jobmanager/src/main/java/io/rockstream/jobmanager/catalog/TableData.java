package io.rockstream.jobmanager.catalog;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.expr.PgText;
import java.util.HashMap;
import java.util.Map;

/**
 * A table's live rows: every acknowledged or in-flight write, against which DML statements
 * are evaluated and constraints checked. (Reads see the table's visible contents, which
 * trail the live rows by the epochs not yet complete.)
 */
public final class TableData {
    private final RelationEntry table;
    private final Contents live = new Contents();
    private final int[] primaryKey;
    private final Map<Row, Row> byKey;

    public TableData(RelationEntry table) {
        this.table = table;
        this.primaryKey = table.primaryKey().stream().mapToInt(Integer::intValue).toArray();
        this.byKey = primaryKey.length == 0 ? null : new HashMap<>();
    }

    public RelationEntry table() {
        return table;
    }

    public Contents live() {
        return live;
    }

    /** The live row with this primary key, or null (also null for a table without one). */
    public Row lookup(Row key) {
        return byKey == null ? null : byKey.get(key);
    }

    /**
     * Applies a change after checking it: no deleted row may be missing (a concurrent
     * change got there first: 40001), and no primary key may appear twice (23505). Either
     * the whole change applies or none of it.
     */
    public void apply(ZSet delta) {
        ZSet change = delta.consolidate();
        for (int i = 0; i < change.size(); i++) {
            if (live.count(change.row(i)) + change.weight(i) < 0) {
                throw RockStreamException.of(ErrorCode.SERIALIZATION_FAILURE,
                        "could not serialize access due to concurrent update of table \"%s\"", table.name());
            }
        }
        if (byKey != null) {
            Map<Row, Row> removed = new HashMap<>();
            Map<Row, Row> added = new HashMap<>();
            for (int i = 0; i < change.size(); i++) {
                Row row = change.row(i);
                Row key = row.project(primaryKey);
                if (change.weight(i) < 0) {
                    removed.put(key, row);
                }
            }
            for (int i = 0; i < change.size(); i++) {
                Row row = change.row(i);
                if (change.weight(i) <= 0) {
                    continue;
                }
                Row key = row.project(primaryKey);
                Row existing = byKey.get(key);
                boolean taken = (existing != null && !removed.containsKey(key)) || added.containsKey(key)
                        || change.weight(i) > 1;
                if (taken) {
                    throw RockStreamException.of(ErrorCode.UNIQUE_VIOLATION,
                            "duplicate key value violates unique constraint \"" + table.name() + "_pkey\"")
                            .withDetail("Key (" + keyNames() + ")=(" + keyText(key) + ") already exists.");
                }
                added.put(key, row);
            }
            removed.keySet().forEach(byKey::remove);
            byKey.putAll(added);
        }
        live.apply(change);
    }

    private String keyNames() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < primaryKey.length; i++) {
            names.append(i == 0 ? "" : ", ").append(table.columns().get(primaryKey[i]).name());
        }
        return names.toString();
    }

    private String keyText(Row key) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < primaryKey.length; i++) {
            Object value = key.get(i);
            text.append(i == 0 ? "" : ", ").append(value == null ? "null"
                    : PgText.format(value, table.columns().get(primaryKey[i]).type()));
        }
        return text.toString();
    }
}
