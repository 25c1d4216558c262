package io.rockstream.compiler.parser;

import io.rockstream.compiler.ast.Expression;
import java.util.List;
import java.util.stream.Collectors;

/** Renders an expression fully parenthesized, so tests can state the tree in one line. */
final class ExpressionPrinter {

    private ExpressionPrinter() {
    }

    static String print(Expression expression) {
        if (expression instanceof Expression.Identifier identifier) {
            return identifier.name().toString();
        }
        if (expression instanceof Expression.Literal literal) {
            return switch (literal.kind()) {
                case STRING -> "'" + literal.text() + "'";
                case NULL -> "null";
                case INTEGER, DECIMAL, BOOLEAN -> literal.text();
            };
        }
        if (expression instanceof Expression.TypedLiteral typed) {
            return typed.type().name() + " '" + typed.text() + "'";
        }
        if (expression instanceof Expression.Parameter parameter) {
            return "$" + parameter.number();
        }
        if (expression instanceof Expression.Binary binary) {
            return "(" + print(binary.left()) + " " + binary.operator() + " " + print(binary.right()) + ")";
        }
        if (expression instanceof Expression.Unary unary) {
            return "(" + unary.operator() + " " + print(unary.operand()) + ")";
        }
        if (expression instanceof Expression.Cast cast) {
            return "cast(" + print(cast.operand()) + " as " + cast.type().name() + cast.type().modifiers() + ")";
        }
        if (expression instanceof Expression.Between between) {
            return "(" + print(between.operand()) + (between.negated() ? " not" : "") + " between"
                    + (between.symmetric() ? " symmetric " : " ") + print(between.low()) + " and "
                    + print(between.high()) + ")";
        }
        if (expression instanceof Expression.InList in) {
            return "(" + print(in.operand()) + (in.negated() ? " not" : "") + " in " + list(in.values()) + ")";
        }
        if (expression instanceof Expression.InSubquery in) {
            return "(" + print(in.operand()) + (in.negated() ? " not" : "") + " in (subquery))";
        }
        if (expression instanceof Expression.Like like) {
            return "(" + print(like.operand()) + (like.negated() ? " not" : "")
                    + (like.caseInsensitive() ? " ilike " : " like ") + print(like.pattern())
                    + like.escape().map(escape -> " escape " + print(escape)).orElse("") + ")";
        }
        if (expression instanceof Expression.IsNull isNull) {
            return "(" + print(isNull.operand()) + (isNull.negated() ? " is not null)" : " is null)");
        }
        if (expression instanceof Expression.IsBoolean isBoolean) {
            return "(" + print(isBoolean.operand()) + (isBoolean.negated() ? " is not " : " is ")
                    + (isBoolean.value() == null ? "unknown" : isBoolean.value()) + ")";
        }
        if (expression instanceof Expression.IsDistinctFrom distinct) {
            return "(" + print(distinct.left()) + (distinct.negated() ? " is not" : " is") + " distinct from "
                    + print(distinct.right()) + ")";
        }
        if (expression instanceof Expression.FunctionCall call) {
            String args = call.star() ? "*" : call.args().stream().map(ExpressionPrinter::print)
                    .collect(Collectors.joining(", "));
            return call.name() + "(" + (call.distinct() ? "distinct " : "") + args
                    + (call.orderBy().isEmpty() ? "" : " order by " + call.orderBy().size()) + ")"
                    + call.filter().map(filter -> " filter " + print(filter)).orElse("");
        }
        if (expression instanceof Expression.Case caseExpression) {
            StringBuilder text = new StringBuilder("case");
            caseExpression.operand().ifPresent(operand -> text.append(' ').append(print(operand)));
            for (Expression.WhenClause when : caseExpression.whens()) {
                text.append(" when ").append(print(when.condition())).append(" then ").append(print(when.result()));
            }
            caseExpression.otherwise().ifPresent(otherwise -> text.append(" else ").append(print(otherwise)));
            return text.append(" end").toString();
        }
        if (expression instanceof Expression.WindowFunction window) {
            StringBuilder text = new StringBuilder(print(window.call())).append(" over (");
            if (!window.partitionBy().isEmpty()) {
                text.append("partition by ").append(list(window.partitionBy()));
            }
            if (!window.orderBy().isEmpty()) {
                text.append(window.partitionBy().isEmpty() ? "" : " ").append("order by ");
                text.append(window.orderBy().stream().map(item -> print(item.expression())
                        + (item.descending() ? " desc" : "")
                        + item.nullsFirst().map(first -> first ? " nulls first" : " nulls last").orElse(""))
                        .collect(Collectors.joining(", ")));
            }
            window.frame().ifPresent(frame -> text.append(text.charAt(text.length() - 1) == '(' ? "" : " ")
                    .append(frame.mode().name().toLowerCase()).append(' ')
                    .append(bound(frame.start(), frame.startOffset())).append(" and ")
                    .append(bound(frame.end(), frame.endOffset())));
            return text.append(")").toString();
        }
        if (expression instanceof Expression.Row row) {
            return "row" + list(row.values());
        }
        if (expression instanceof Expression.Exists) {
            return "exists(subquery)";
        }
        if (expression instanceof Expression.ScalarSubquery) {
            return "(subquery)";
        }
        if (expression instanceof Expression.Default) {
            return "default";
        }
        throw new IllegalArgumentException("unknown expression " + expression);
    }

    private static String bound(io.rockstream.jobgraph.expr.WindowFrame.Bound bound, long offset) {
        return switch (bound) {
            case UNBOUNDED_PRECEDING -> "unbounded preceding";
            case PRECEDING -> offset + " preceding";
            case CURRENT_ROW -> "current row";
            case FOLLOWING -> offset + " following";
            case UNBOUNDED_FOLLOWING -> "unbounded following";
        };
    }

    private static String list(List<Expression> values) {
        return values.stream().map(ExpressionPrinter::print).collect(Collectors.joining(", ", "(", ")"));
    }
}
