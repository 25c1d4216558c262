package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Relation;
import io.rockstream.compiler.ast.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code information_schema._pg_expandarray(array)} in a select list, as pgjdbc's metadata
 * queries use it: a set-returning function that gives one record {@code (x, n)} per array
 * element (x the element, n its 1-based position). The select is rewritten to read
 * positions from {@code pg_catalog.rockstream_integers}:
 *
 * <pre>
 * SELECT f(_pg_expandarray(a)) FROM t WHERE p
 *   =&gt; SELECT f(record(array_element(a, s.n), s.n)) FROM t, rockstream_integers s
 *      WHERE p AND s.n BETWEEN 1 AND cardinality(a)
 * </pre>
 *
 * Several calls advance in lockstep, as PostgreSQL runs set-returning functions of one select
 * list: the row count is the longest array's, shorter ones give NULL. Selects that group are
 * not rewritten (the calls then fail with 0A000).
 */
final class SetReturningSelect {
    private static final String FUNCTION = "_pg_expandarray";
    private static final String ALIAS = "?srf";
    private static final String POSITION = "?srf_n";

    private final List<Expression> arrays = new ArrayList<>();
    private final Position at;

    private SetReturningSelect(Position at) {
        this.at = at;
    }

    static QueryBody.Select rewrite(QueryBody.Select select) {
        if (!select.groupBy().isEmpty() || select.having().isPresent()) {
            return select;
        }
        SetReturningSelect rewriter = new SetReturningSelect(select.position());
        List<QueryBody.SelectItem> items = new ArrayList<>();
        for (QueryBody.SelectItem item : select.items()) {
            if (item instanceof QueryBody.ExpressionItem expressionItem) {
                Expression rewritten = rewriter.expression(expressionItem.expression());
                Optional<String> alias = expressionItem.alias();
                if (alias.isEmpty() && rewritten != expressionItem.expression()) {
                    alias = Optional.of(QueryBinder.columnName(expressionItem.expression()));
                }
                items.add(new QueryBody.ExpressionItem(rewritten, alias, expressionItem.position()));
            } else {
                items.add(item);
            }
        }
        if (rewriter.arrays.isEmpty()) {
            return select;
        }
        List<Relation> from = new ArrayList<>(select.from());
        from.add(new Relation.Table(new QualifiedName(List.of("pg_catalog", "rockstream_integers"), rewriter.at),
                Optional.of(ALIAS), List.of(POSITION), rewriter.at));
        List<Expression> lengths = new ArrayList<>();
        for (Expression array : rewriter.arrays) {
            lengths.add(rewriter.call("coalesce", rewriter.call("cardinality", rewriter.text(array)),
                    new Expression.Literal(Expression.LiteralKind.INTEGER, "0", rewriter.at)));
        }
        Expression longest = lengths.size() == 1 ? lengths.get(0) : rewriter.call("greatest", lengths.toArray(
                new Expression[0]));
        Expression range = new Expression.Between(rewriter.position(),
                new Expression.Literal(Expression.LiteralKind.INTEGER, "1", rewriter.at), longest, false, false,
                rewriter.at);
        Expression where = select.where().map(w -> (Expression) new Expression.Binary("and", w, range, rewriter.at))
                .orElse(range);
        return new QueryBody.Select(select.distinct(), items, from, Optional.of(where), select.groupBy(),
                select.having(), select.position());
    }

    private Expression expression(Expression expression) {
        if (expression instanceof Expression.FieldSelection selection
                && selection.operand() instanceof Expression.FunctionCall call && isExpandArray(call)) {
            Expression array = register(call);
            return switch (selection.field()) {
                case "x" -> element(array);
                case "n" -> position();
                default -> selection;
            };
        }
        if (expression instanceof Expression.FunctionCall call && isExpandArray(call)) {
            Expression array = register(call);
            Expression open = new Expression.Literal(Expression.LiteralKind.STRING, "(", at);
            Expression comma = new Expression.Literal(Expression.LiteralKind.STRING, ",", at);
            Expression close = new Expression.Literal(Expression.LiteralKind.STRING, ")", at);
            Expression x = call("coalesce", text(element(array)),
                    new Expression.Literal(Expression.LiteralKind.STRING, "", at));
            return concat(concat(concat(concat(open, x), comma), text(position())), close);
        }
        if (expression instanceof Expression.FieldSelection selection) {
            Expression operand = expression(selection.operand());
            return operand == selection.operand() ? selection
                    : new Expression.FieldSelection(operand, selection.field(), selection.position());
        }
        if (expression instanceof Expression.Binary binary) {
            Expression left = expression(binary.left());
            Expression right = expression(binary.right());
            return left == binary.left() && right == binary.right() ? binary
                    : new Expression.Binary(binary.operator(), left, right, binary.position());
        }
        if (expression instanceof Expression.Cast cast) {
            Expression operand = expression(cast.operand());
            return operand == cast.operand() ? cast : new Expression.Cast(operand, cast.type(), cast.position());
        }
        if (expression instanceof Expression.FunctionCall call && !call.args().isEmpty()) {
            List<Expression> args = new ArrayList<>();
            boolean changed = false;
            for (Expression arg : call.args()) {
                Expression rewritten = expression(arg);
                changed |= rewritten != arg;
                args.add(rewritten);
            }
            return changed ? new Expression.FunctionCall(call.name(), args, call.distinct(), call.star(),
                    call.orderBy(), call.filter(), call.position()) : call;
        }
        return expression;
    }

    private static boolean isExpandArray(Expression.FunctionCall call) {
        return call.name().last().equals(FUNCTION) && call.args().size() == 1;
    }

    private Expression register(Expression.FunctionCall call) {
        Expression array = call.args().get(0);
        arrays.add(array);
        return array;
    }

    private Expression position() {
        return new Expression.Identifier(new QualifiedName(List.of(ALIAS, POSITION), at), at);
    }

    private Expression element(Expression array) {
        return call("array_element", text(array), position());
    }

    private Expression text(Expression operand) {
        return new Expression.Cast(operand, new TypeName("text", List.of(), at), at);
    }

    private Expression concat(Expression left, Expression right) {
        return new Expression.Binary("||", left, right, at);
    }

    private Expression call(String name, Expression... args) {
        return new Expression.FunctionCall(new QualifiedName(List.of(name), at), List.of(args), false, false,
                List.of(), Optional.empty(), at);
    }
}
