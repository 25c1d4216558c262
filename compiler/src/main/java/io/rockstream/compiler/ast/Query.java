package io.rockstream.compiler.ast;

import java.util.List;
import java.util.Optional;

/**
 * A full query expression: optional WITH, a body, then ORDER BY, LIMIT and OFFSET that
 * apply to the body's result. {@code limit} empty means no limit ({@code LIMIT ALL}).
 */
public record Query(List<CommonTableExpression> with, QueryBody body, List<OrderItem> orderBy,
        Optional<Expression> limit, Optional<Expression> offset, Position position) implements Node {
    public Query {
        with = List.copyOf(with);
        orderBy = List.copyOf(orderBy);
    }

    /** {@code name [(columns)] AS (query)}. */
    public record CommonTableExpression(String name, List<String> columnNames, Query query, Position position)
            implements Node {
        public CommonTableExpression {
            columnNames = List.copyOf(columnNames);
        }
    }

    /** One ORDER BY item; {@code nullsFirst} empty means the default for the direction. */
    public record OrderItem(Expression expression, boolean descending, Optional<Boolean> nullsFirst,
            Position position) implements Node {
    }
}
