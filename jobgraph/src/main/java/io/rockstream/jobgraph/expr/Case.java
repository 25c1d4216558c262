package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * {@code CASE WHEN c1 THEN r1 ... ELSE e END}; only the branch taken is evaluated, so an
 * error in another branch (a division by zero) is not raised. {@code otherwise} is a NULL
 * literal when the SQL had no ELSE.
 */
public record Case(List<When> whens, Expr otherwise, SqlType type) implements Expr {
    public Case {
        whens = List.copyOf(whens);
        requireNonNull(otherwise, "otherwise is null");
        requireNonNull(type, "type is null");
    }

    /** One {@code WHEN condition THEN result} branch; the condition is boolean. */
    public record When(Expr condition, Expr result) {
        public When {
            requireNonNull(condition, "condition is null");
            requireNonNull(result, "result is null");
        }
    }
}
