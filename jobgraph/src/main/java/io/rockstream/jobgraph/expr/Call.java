package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * A call of a catalog function or operator by its resolved name (for example {@code "+"},
 * {@code "="}, {@code "and"}, {@code "upper"}); the arguments already have the parameter
 * types the function was resolved with.
 */
public record Call(String function, List<Expr> args, SqlType type) implements Expr {
    public Call {
        requireNonNull(function, "function is null");
        args = List.copyOf(args);
        requireNonNull(type, "type is null");
    }

    public static Call of(String function, SqlType type, Expr... args) {
        return new Call(function, List.of(args), type);
    }
}
