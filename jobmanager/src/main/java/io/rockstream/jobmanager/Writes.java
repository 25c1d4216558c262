package io.rockstream.jobmanager;

import io.rockstream.compiler.binder.DmlBinder;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.catalog.TableData;
import io.rockstream.taskmanager.expr.Casts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * INSERT, UPDATE, DELETE and COMMIT. A statement is evaluated against the table's live rows
 * (plus its transaction's own changes), its values converted with assignment casts and
 * checked (NOT NULL, primary key); then the change is applied to the live rows and queued
 * for the next epoch while holding the write lock, so epochs receive changes in the order
 * they were applied. The statement returns once its epoch is complete.
 */
final class Writes {
    private final Engine engine;

    Writes(Engine engine) {
        this.engine = engine;
    }

    StatementResult insert(DmlBinder.InsertPlan plan, Transaction transaction) {
        RelationEntry table = plan.table();
        List<Row> rows = evaluate(plan.rows(), transaction);
        List<Column> source = plan.rows().columns();
        ZSet delta = new ZSet(rows.size());
        for (Row row : rows) {
            delta.add(conform(table, row, source, 0), 1);
        }
        return apply(table, delta, "INSERT", rows.size(), transaction);
    }

    StatementResult delete(DmlBinder.DeletePlan plan, Transaction transaction) {
        List<Row> rows = evaluate(plan.rows(), transaction);
        ZSet delta = new ZSet(rows.size());
        for (Row row : rows) {
            delta.add(row, -1);
        }
        return apply(plan.table(), delta, "DELETE", rows.size(), transaction);
    }

    StatementResult update(DmlBinder.UpdatePlan plan, Transaction transaction) {
        RelationEntry table = plan.table();
        int width = table.columns().size();
        List<Row> rows = evaluate(plan.rows(), transaction);
        List<Column> source = plan.rows().columns();
        int[] oldColumns = new int[width];
        for (int i = 0; i < width; i++) {
            oldColumns[i] = i;
        }
        ZSet delta = new ZSet(rows.size() * 2);
        for (Row row : rows) {
            delta.add(row.project(oldColumns), -1);
            delta.add(conform(table, row, source, width), 1);
        }
        return apply(table, delta, "UPDATE", rows.size(), transaction);
    }

    /**
     * A COPY into {@code table} of the columns {@code columnNames} (all columns when empty);
     * the others get their defaults. Lands in one epoch at finish, or in {@code transaction}.
     */
    CopyIn copyIn(RelationEntry table, List<String> columnNames, Transaction transaction) {
        List<Column> columns = table.columns();
        int[] targets;
        if (columnNames.isEmpty()) {
            targets = new int[columns.size()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = i;
            }
        } else {
            targets = new int[columnNames.size()];
            for (int i = 0; i < targets.length; i++) {
                int index = table.columnIndex(columnNames.get(i));
                if (index < 0) {
                    throw RockStreamException.of(ErrorCode.UNDEFINED_COLUMN,
                            "column \"%s\" of relation \"%s\" does not exist", columnNames.get(i), table.name());
                }
                for (int j = 0; j < i; j++) {
                    if (targets[j] == index) {
                        throw RockStreamException.of(ErrorCode.DUPLICATE_COLUMN, "column \"%s\" specified more than once",
                                columnNames.get(i));
                    }
                }
                targets[i] = index;
            }
        }
        Object[] defaults = new Object[columns.size()];
        for (int i = 0; i < defaults.length; i++) {
            io.rockstream.jobgraph.expr.Expr expr = table.defaults().size() > i ? table.defaults().get(i) : null;
            defaults[i] = expr == null ? null
                    : io.rockstream.taskmanager.expr.ExprCompiler.compile(expr).evaluate(Row.wrap(new Object[0]));
        }
        List<Column> listed = new java.util.ArrayList<>(targets.length);
        for (int target : targets) {
            listed.add(columns.get(target));
        }
        return new TableCopy(table, List.copyOf(listed), targets, defaults, transaction);
    }

    /** The rows of one COPY FROM STDIN, kept aside until it finishes. */
    private final class TableCopy implements CopyIn {
        private final RelationEntry table;
        private final List<Column> listed;
        private final int[] targets;
        private final Object[] defaults;
        private final Transaction transaction;
        private ZSet rows = new ZSet();
        private long count;

        TableCopy(RelationEntry table, List<Column> listed, int[] targets, Object[] defaults, Transaction transaction) {
            this.table = table;
            this.listed = listed;
            this.targets = targets;
            this.defaults = defaults;
            this.transaction = transaction;
        }

        @Override
        public List<Column> columns() {
            return listed;
        }

        @Override
        public void row(String[] fields) {
            if (rows == null) {
                throw new IllegalStateException("COPY has ended");
            }
            if (fields.length != targets.length) {
                throw new IllegalArgumentException("expected " + targets.length + " fields, got " + fields.length);
            }
            Object[] values = defaults.clone();
            for (int i = 0; i < targets.length; i++) {
                Column column = listed.get(i);
                values[targets[i]] = fields[i] == null ? null : Casts.assign(fields[i], SqlType.TEXT, column.type());
            }
            List<Column> columns = table.columns();
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && !columns.get(i).nullable()) {
                    throw RockStreamException.of(ErrorCode.NOT_NULL_VIOLATION,
                            "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                            columns.get(i).name(), table.name());
                }
            }
            rows.add(Row.wrap(values), 1);
            count++;
        }

        @Override
        public long finish() {
            if (rows == null) {
                throw new IllegalStateException("COPY has ended");
            }
            ZSet delta = rows;
            rows = null;
            apply(table, delta, "COPY", count, transaction);
            return count;
        }

        @Override
        public void abort() {
            rows = null;
        }
    }

    /** Applies a transaction's changes in one epoch. */
    void commit(Transaction transaction) {
        if (transaction.changes().isEmpty()) {
            return;
        }
        Map<String, ZSet> deltas = new HashMap<>();
        java.util.concurrent.CompletableFuture<Long> done;
        engine.writeLock().lock();
        try {
            transaction.changes().forEach((table, delta) -> deltas.put(table, delta.consolidate()));
            applyAll(deltas);
            done = engine.coordinator().submit(deltas);
        } finally {
            engine.writeLock().unlock();
        }
        engine.coordinator().awaitWrite(done);
    }

    private StatementResult apply(RelationEntry table, ZSet delta, String tag, long count, Transaction transaction) {
        if (transaction != null) {
            // checked together with the transaction's earlier changes to the same keys, found by key
            int[] key = table.primaryKey().isEmpty() ? null
                    : table.primaryKey().stream().mapToInt(Integer::intValue).toArray();
            ZSet together = transaction.changesAt(table.name(), delta, key);
            together.addAll(delta);
            table(table.name()).check(together);
            transaction.add(table.name(), delta, key);
            return new StatementResult.Command(tag, count);
        }
        java.util.concurrent.CompletableFuture<Long> done;
        engine.writeLock().lock();
        try {
            Map<String, ZSet> deltas = Map.of(table.name(), delta.consolidate());
            applyAll(deltas);
            done = engine.coordinator().submit(deltas);
        } finally {
            engine.writeLock().unlock();
        }
        engine.coordinator().awaitWrite(done);
        return new StatementResult.Command(tag, count);
    }

    /** Applies every table's change to its live rows, all or nothing. Holds the write lock. */
    private void applyAll(Map<String, ZSet> deltas) {
        engine.checkWritable();
        Map<String, ZSet> applied = new HashMap<>();
        try {
            for (Map.Entry<String, ZSet> change : deltas.entrySet()) {
                table(change.getKey()).apply(change.getValue());
                applied.put(change.getKey(), change.getValue());
            }
        } catch (RuntimeException failure) {
            applied.forEach((name, delta) -> {
                ZSet undo = new ZSet(delta.size());
                undo.addAll(delta, -1);
                table(name).apply(undo);
            });
            throw failure;
        }
    }

    private TableData table(String name) {
        TableData data = engine.tables().get(name);
        if (data == null) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
        }
        return data;
    }

    /** The rows of a DML query over the live rows (with the transaction's own changes). */
    private List<Row> evaluate(LogicalPlan plan, Transaction transaction) {
        if (plan instanceof LogicalPlan.Values values) {
            return values.rows().stream().map(row -> {
                Object[] array = new Object[row.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = row.get(i).value();
                }
                return Row.wrap(array);
            }).toList();
        }
        return engine.queries().run(plan, relations -> liveSnapshot(relations, transaction, plan));
    }

    /**
     * Reads of the live rows of the tables a DML plan reads, with the transaction's own
     * changes; a table the plan reads by primary key contributes only that row. Without a
     * key, the live rows are streamed (visible contents plus the writes not yet visible).
     */
    private Map<String, Contents.Reader> liveSnapshot(Set<String> relations, Transaction transaction,
            LogicalPlan plan) {
        Map<String, Contents.Reader> snapshot = new HashMap<>();
        java.util.Set<String> views = new java.util.HashSet<>();
        try {
            engine.writeLock().lock();
            try {
                for (String relation : relations) {
                    TableData data = engine.tables().get(relation);
                    if (data == null) {
                        views.add(relation);
                        continue;
                    }
                    ZSet own = transaction == null ? null : transaction.changes(relation);
                    snapshot.put(relation, rowsFor(data, plan).plus(own));
                }
            } finally {
                engine.writeLock().unlock();
            }
            if (!views.isEmpty()) {
                snapshot.putAll(engine.coordinator().read(views, relation -> java.util.Optional.empty()));
            }
            return snapshot;
        } catch (RuntimeException failure) {
            io.rockstream.jobmanager.epoch.EpochInput.closeAll(snapshot);
            throw failure;
        }
    }

    private static Contents.Reader rowsFor(TableData data, LogicalPlan plan) {
        java.util.Optional<Row> key = KeyLookup.find(plan, data.table());
        if (key.isEmpty()) {
            return data.readLive();
        }
        Row row = data.lookup(key.get());
        ZSet rows = new ZSet(1);
        if (row != null) {
            rows.add(row, 1);
        }
        return Contents.Reader.of(rows);
    }

    /**
     * The table row for the values starting at {@code offset}: assignment casts to the
     * column types, then NOT NULL.
     */
    private static Row conform(RelationEntry table, Row row, List<Column> source, int offset) {
        List<Column> columns = table.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            Object value = row.get(offset + i);
            SqlType from = source.get(offset + i).type();
            if (value != null && !from.equals(column.type())) {
                value = Casts.assign(value, from, column.type());
            }
            if (value == null && !column.nullable()) {
                throw RockStreamException.of(ErrorCode.NOT_NULL_VIOLATION,
                        "null value in column \"%s\" of relation \"%s\" violates not-null constraint", column.name(),
                        table.name());
            }
            values[i] = value;
        }
        return Row.wrap(values);
    }
}
