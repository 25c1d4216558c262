package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;

/** Converts {@code input} to {@code type} with PostgreSQL's cast semantics. */
public record Cast(Expr input, SqlType type) implements Expr {
    public Cast {
        requireNonNull(input, "input is null");
        requireNonNull(type, "type is null");
    }
}
