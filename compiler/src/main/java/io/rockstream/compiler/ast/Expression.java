package io.rockstream.compiler.ast;

import java.util.List;
import java.util.Optional;

/** A scalar expression as written. */
public sealed interface Expression extends Node {

    /** A column reference {@code c} or {@code t.c}. */
    record Identifier(QualifiedName name, Position position) implements Expression {
    }

    /** The kinds of literal the lexer knows. */
    enum LiteralKind { INTEGER, DECIMAL, STRING, BOOLEAN, NULL }

    /**
     * A literal: {@code text} is the literal's value as written (without quotes, escapes
     * resolved; digits for numbers; "true"/"false"; null for NULL). Integer literals may be
     * too big for bigint: the binder decides their type.
     */
    record Literal(LiteralKind kind, String text, Position position) implements Expression {
    }

    /** {@code DATE '2020-01-01'}, {@code INTERVAL '1 day'}, {@code TIMESTAMP '...'}: a typed string literal. */
    record TypedLiteral(TypeName type, String text, Position position) implements Expression {
    }

    /** {@code $n}. */
    record Parameter(int number, Position position) implements Expression {
    }

    /**
     * A binary operator, by its SQL spelling in lower case: {@code + - * / % ^ || = <> < <= > >=
     * and or}. ({@code !=} is normalized to {@code <>}.)
     */
    record Binary(String operator, Expression left, Expression right, Position position) implements Expression {
    }

    /** A prefix operator: {@code -}, {@code +}, {@code not}. */
    record Unary(String operator, Expression operand, Position position) implements Expression {
    }

    /**
     * A function or aggregate call. {@code star} is {@code count(*)}; {@code orderBy} is the
     * ORDER BY inside an aggregate call; {@code filter} is {@code FILTER (WHERE ...)}.
     */
    record FunctionCall(QualifiedName name, List<Expression> args, boolean distinct, boolean star,
            List<Query.OrderItem> orderBy, Optional<Expression> filter, Position position) implements Expression {
        public FunctionCall {
            args = List.copyOf(args);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** {@code CAST(e AS t)} and {@code e::t}. */
    record Cast(Expression operand, TypeName type, Position position) implements Expression {
    }

    /** {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}. */
    record Case(Optional<Expression> operand, List<WhenClause> whens, Optional<Expression> otherwise,
            Position position) implements Expression {
        public Case {
            whens = List.copyOf(whens);
        }
    }

    /** One WHEN of a CASE. */
    record WhenClause(Expression condition, Expression result, Position position) implements Node {
    }

    /** {@code e [NOT] BETWEEN [SYMMETRIC] low AND high}. */
    record Between(Expression operand, Expression low, Expression high, boolean negated, boolean symmetric,
            Position position) implements Expression {
    }

    /** {@code e [NOT] IN (v1, v2, ...)}. */
    record InList(Expression operand, List<Expression> values, boolean negated, Position position)
            implements Expression {
        public InList {
            values = List.copyOf(values);
        }
    }

    /** {@code e [NOT] IN (subquery)}. */
    record InSubquery(Expression operand, Query subquery, boolean negated, Position position) implements Expression {
    }

    /** {@code left op ANY|SOME|ALL (subquery)}; {@code all} for ALL. */
    record Quantified(Expression left, String operator, boolean all, Query subquery, Position position)
            implements Expression {
    }

    /** {@code [NOT] EXISTS (subquery)}; NOT EXISTS arrives as Unary not over Exists. */
    record Exists(Query subquery, Position position) implements Expression {
    }

    /** {@code (subquery)} used as a value. */
    record ScalarSubquery(Query subquery, Position position) implements Expression {
    }

    /** {@code e [NOT] LIKE|ILIKE pattern [ESCAPE esc]}. */
    record Like(Expression operand, Expression pattern, Optional<Expression> escape, boolean caseInsensitive,
            boolean negated, Position position) implements Expression {
    }

    /** {@code e IS [NOT] NULL}. */
    record IsNull(Expression operand, boolean negated, Position position) implements Expression {
    }

    /** {@code e IS [NOT] TRUE|FALSE|UNKNOWN}; {@code value} null means UNKNOWN. */
    record IsBoolean(Expression operand, Boolean value, boolean negated, Position position) implements Expression {
    }

    /** {@code a IS [NOT] DISTINCT FROM b}. */
    record IsDistinctFrom(Expression left, Expression right, boolean negated, Position position)
            implements Expression {
    }

    /**
     * A window function call {@code f(args) OVER ([PARTITION BY ...] [ORDER BY ...] [frame])};
     * {@code call} is the function part (its name, arguments, {@code *}); {@code frame} is
     * empty for the default frame.
     */
    record WindowFunction(FunctionCall call, List<Expression> partitionBy, List<Query.OrderItem> orderBy,
            Optional<io.rockstream.jobgraph.expr.WindowFrame> frame, Position position) implements Expression {
        public WindowFunction {
            partitionBy = List.copyOf(partitionBy);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** {@code DEFAULT} in an INSERT's VALUES or an UPDATE's SET. */
    record Default(Position position) implements Expression {
    }

    /**
     * Special forms with SQL-standard syntax: {@code EXTRACT(field FROM e)} arrives as
     * FunctionCall "extract" with a string literal field first; {@code SUBSTRING(e FROM a FOR b)}
     * as "substring"; {@code POSITION(a IN b)} as "position"; {@code TRIM([LEADING|TRAILING|BOTH]
     * [chars] FROM e)} as "btrim"/"ltrim"/"rtrim"; {@code CURRENT_DATE}, {@code CURRENT_TIMESTAMP},
     * {@code LOCALTIMESTAMP}, {@code NOW()} as calls of those names with no arguments;
     * {@code COALESCE}, {@code NULLIF}, {@code GREATEST}, {@code LEAST} as ordinary calls.
     */
    record Row(List<Expression> values, Position position) implements Expression {
        public Row {
            values = List.copyOf(values);
        }
    }

    /** {@code ARRAY[e1, e2, ...]}. */
    record ArrayConstructor(List<Expression> elements, Position position) implements Expression {
        public ArrayConstructor {
            elements = List.copyOf(elements);
        }
    }

    /** {@code ARRAY(subquery)}: the subquery's one column as an array. */
    record ArraySubquery(Query subquery, Position position) implements Expression {
    }

    /** {@code left op ANY (array)} / {@code left op ALL (array)} over an array value (not a subquery). */
    record ArrayQuantified(Expression left, String operator, boolean all, Expression array, Position position)
            implements Expression {
    }

    /** {@code array[index]}. */
    record Subscript(Expression array, Expression index, Position position) implements Expression {
    }

    /** {@code (record).field}. */
    record FieldSelection(Expression operand, String field, Position position) implements Expression {
    }
}
