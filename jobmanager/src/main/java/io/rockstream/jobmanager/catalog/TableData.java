package io.rockstream.jobmanager.catalog;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.expr.PgText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's live rows: every acknowledged or in-flight write, against which DML statements
 * are evaluated and constraints checked. They are not a second copy of the table: live rows
 * are the table's visible contents (at the last complete epoch; in RocksDB when the engine
 * has storage) plus an overlay on the heap of the changes applied since whose epoch is not
 * complete yet. When an epoch's change reaches the visible contents (through
 * {@link #visibleContents()}), the same change leaves the overlay, atomically for readers
 * of the live rows. The overlay stays small: it holds at most the epochs in flight.
 *
 * <pre>
 * live(row) = visible(row) + overlay(row)
 * apply(Δ) (a write):      check against live, overlay += Δ
 * epoch e complete:        visible += Δe, overlay -= Δe      (one step under this object's monitor)
 * </pre>
 *
 * Thread-safe: writers hold the engine's write lock, the epoch coordinator applies epochs,
 * and both meet on this object's monitor. A restored table starts with an empty overlay,
 * so live rows always derive from visible contents and the log.
 */
public final class TableData {
    private final RelationEntry table;
    private final int[] primaryKey;
    private final Contents visible;
    private final Contents visibleView;
    /** Changes applied but not yet visible, row → weight (never zero). Guarded by this. */
    private final Map<Row, long[]> overlay = new HashMap<>();
    /** The overlay's rows by primary key. Guarded by this; null without a primary key. */
    private final Map<Row, Set<Row>> overlayByKey;

    /** A table whose visible contents are {@code visible} (empty, or restored). */
    public TableData(RelationEntry table, Contents visible) {
        this.table = table;
        this.primaryKey = table.primaryKey().stream().mapToInt(Integer::intValue).toArray();
        this.overlayByKey = primaryKey.length == 0 ? null : new HashMap<>();
        this.visible = visible;
        this.visibleView = new VisibleContents();
    }

    public RelationEntry table() {
        return table;
    }

    /** The columns of the primary key (empty without one). */
    public int[] primaryKey() {
        return primaryKey.clone();
    }

    /**
     * The visible contents as the epoch coordinator must hold them: applying an epoch's
     * change through them also takes it out of the overlay.
     */
    public Contents visibleContents() {
        return visibleView;
    }

    /** The live count of {@code row}. */
    public synchronized long count(Row row) {
        return visible.count(row) + overlayWeight(row);
    }

    /** The live row with this primary key, or null (also null for a table without one). */
    public synchronized Row lookup(Row key) {
        if (overlayByKey == null) {
            return null;
        }
        return live(key, visible.lookup(key));
    }

    /** The live row with this primary key, given the visible row stored under it (or null). */
    private Row live(Row key, Row stored) {
        if (stored != null && 1 + overlayWeight(stored) > 0) {
            return stored;
        }
        Set<Row> candidates = overlayByKey.get(key);
        if (candidates != null) {
            for (Row candidate : candidates) {
                if (visible.count(candidate) + overlayWeight(candidate) > 0) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The live rows, read consistently now and streamed later: a read of the visible contents plus the overlay. */
    public synchronized Contents.Reader readLive() {
        ZSet pending = new ZSet(Math.max(overlay.size(), 4));
        overlay.forEach((row, weight) -> pending.add(row, weight[0]));
        return visible.read().plus(pending);
    }

    /**
     * Applies a change after checking it: no deleted row may be missing (a concurrent
     * change got there first: 40001), and no primary key may appear twice (23505). Either
     * the whole change applies or none of it.
     */
    public synchronized void apply(ZSet delta) {
        ZSet change = delta.consolidate();
        check(change);
        for (int i = 0; i < change.size(); i++) {
            addToOverlay(change.row(i), change.weight(i));
        }
    }

    /**
     * Checks a change as {@link #apply} would, without applying it: what a transaction's
     * statement checks against its earlier changes, so that a duplicate key fails at the
     * statement (23505), as in PostgreSQL, not only at COMMIT.
     */
    public synchronized void check(ZSet delta) {
        ZSet change = delta.consolidate();
        // the visible counts of deleted rows and the visible rows under inserted keys are read in
        // batches (one RocksDB MultiGet per few thousand rows, not a point read per row)
        List<Row> deleted = new ArrayList<>();
        for (int i = 0; i < change.size(); i++) {
            if (change.weight(i) < 0) {
                deleted.add(change.row(i));
            }
        }
        long[] visibleCounts = visible.counts(deleted);
        for (int i = 0, d = 0; i < change.size(); i++) {
            if (change.weight(i) >= 0) {
                continue;
            }
            long live = visibleCounts[d++] + overlayWeight(change.row(i));
            if (live + change.weight(i) < 0) {
                throw RockStreamException.of(ErrorCode.SERIALIZATION_FAILURE,
                        "could not serialize access due to concurrent update of table \"%s\"", table.name());
            }
        }
        if (overlayByKey != null) {
            Set<Row> removed = new HashSet<>();
            for (Row row : deleted) {
                removed.add(row.project(primaryKey));
            }
            List<Row> insertedKeys = new ArrayList<>();
            for (int i = 0; i < change.size(); i++) {
                if (change.weight(i) > 0) {
                    Row key = change.row(i).project(primaryKey);
                    if (!removed.contains(key)) {
                        insertedKeys.add(key);
                    }
                }
            }
            Row[] stored = visible.lookups(insertedKeys);
            Set<Row> added = new HashSet<>();
            for (int i = 0, k = 0; i < change.size(); i++) {
                Row row = change.row(i);
                if (change.weight(i) <= 0) {
                    continue;
                }
                Row key = row.project(primaryKey);
                boolean taken = (!removed.contains(key) && live(key, stored[k++]) != null) || added.contains(key)
                        || change.weight(i) > 1;
                if (taken) {
                    throw RockStreamException.of(ErrorCode.UNIQUE_VIOLATION,
                            "duplicate key value violates unique constraint \"" + table.name() + "_pkey\"")
                            .withDetail("Key (" + keyNames() + ")=(" + keyText(key) + ") already exists.");
                }
                added.add(key);
            }
        }
    }

    private long overlayWeight(Row row) {
        long[] weight = overlay.get(row);
        return weight == null ? 0 : weight[0];
    }

    private void addToOverlay(Row row, long weight) {
        if (weight == 0) {
            return;
        }
        long[] current = overlay.get(row);
        if (current == null) {
            overlay.put(row, new long[] {weight});
            if (overlayByKey != null) {
                overlayByKey.computeIfAbsent(row.project(primaryKey), k -> new HashSet<>(2)).add(row);
            }
            return;
        }
        current[0] += weight;
        if (current[0] == 0) {
            overlay.remove(row);
            if (overlayByKey != null) {
                Row key = row.project(primaryKey);
                Set<Row> rows = overlayByKey.get(key);
                if (rows != null) {
                    rows.remove(row);
                    if (rows.isEmpty()) {
                        overlayByKey.remove(key);
                    }
                }
            }
        }
    }

    /** The visible contents, whose changes (the coordinator's, at epoch completion) leave the overlay. */
    private final class VisibleContents implements Contents {
        @Override
        public void apply(ZSet delta) {
            synchronized (TableData.this) {
                visible.apply(delta);
                for (int i = 0; i < delta.size(); i++) {
                    addToOverlay(delta.row(i), -delta.weight(i));
                }
            }
        }

        @Override
        public long count(Row row) {
            return visible.count(row);
        }

        @Override
        public Row lookup(Row key) {
            return visible.lookup(key);
        }

        @Override
        public long[] counts(List<Row> rows) {
            return visible.counts(rows);
        }

        @Override
        public Row[] lookups(List<Row> keys) {
            return visible.lookups(keys);
        }

        @Override
        public long size() {
            return visible.size();
        }

        @Override
        public Reader read() {
            return visible.read();
        }

        @Override
        public void drop() {
            synchronized (TableData.this) {
                visible.drop();
                overlay.clear();
                if (overlayByKey != null) {
                    overlayByKey.clear();
                }
            }
        }
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
