package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;

/** The value of column {@code index} (0-based) of the input row. */
public record ColumnRef(int index, SqlType type) implements Expr {
    public ColumnRef {
        requireNonNull(type, "type is null");
        if (index < 0) {
            throw new IllegalArgumentException("column index is negative: " + index);
        }
    }
}
