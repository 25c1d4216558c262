package io.rockstream.compiler.catalog;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.row.Column;
import java.util.List;

/**
 * A table, view or materialized view as the binder sees it. {@code definition} is the SQL
 * of a view's query (plain views are inlined by binding it again), empty for tables.
 * {@code primaryKey} lists column positions; {@code defaults} holds each column's bound
 * DEFAULT expression (of the column's type), null where none.
 */
public record RelationEntry(String name, RelationKind kind, List<Column> columns, List<Integer> primaryKey,
        List<Expr> defaults, String definition) {
    public RelationEntry {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        defaults = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(defaults));
    }

    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
