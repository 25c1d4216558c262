package io.rockstream.compiler.ast;

import java.util.List;
import java.util.Optional;

/** The body of a query: a SELECT, a VALUES list, a set operation, or a parenthesized query. */
public sealed interface QueryBody extends Node {

    /**
     * {@code SELECT [DISTINCT] items FROM from WHERE where GROUP BY groupBy HAVING having}.
     * An empty {@code from} is a SELECT without FROM; several entries are a comma join.
     */
    record Select(boolean distinct, List<SelectItem> items, List<Relation> from, Optional<Expression> where,
            List<Expression> groupBy, Optional<Expression> having, Position position) implements QueryBody {
        public Select {
            items = List.copyOf(items);
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
        }
    }

    /** {@code VALUES (..), (..)}. */
    record Values(List<List<Expression>> rows, Position position) implements QueryBody {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** The set operators. */
    enum SetOperator { UNION, INTERSECT, EXCEPT }

    /** {@code left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right}. */
    record SetOperation(SetOperator operator, boolean all, QueryBody left, QueryBody right, Position position)
            implements QueryBody {
    }

    /** A parenthesized query with its own ORDER BY/LIMIT, used as an operand: {@code (SELECT ... LIMIT 3) UNION ...}. */
    record Nested(Query query, Position position) implements QueryBody {
    }

    /** One item of the select list. */
    sealed interface SelectItem extends Node {
    }

    /** {@code expression [AS alias]}. */
    record ExpressionItem(Expression expression, Optional<String> alias, Position position) implements SelectItem {
    }

    /** {@code *} or {@code qualifier.*}. */
    record AllColumns(Optional<QualifiedName> qualifier, Position position) implements SelectItem {
    }
}
