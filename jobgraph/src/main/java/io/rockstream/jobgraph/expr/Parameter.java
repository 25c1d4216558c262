package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;

/** A statement parameter {@code $n} (1-based), bound before execution. */
public record Parameter(int number, SqlType type) implements Expr {
    public Parameter {
        requireNonNull(type, "type is null");
    }
}
