package io.rockstream.compiler.planner;

import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.Parameter;
import io.rockstream.jobgraph.type.ValueCodec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders bound expressions as SQL-like text for EXPLAIN; columns are {@code #n} of the operator's input. */
public final class ExprFormatter {
    private static final Set<String> INFIX = Set.of("+", "-", "*", "/", "%", "^", "=", "<>", "<", "<=", ">", ">=",
            "||", "and", "or", "like", "ilike", "not_like", "not_ilike", "is_distinct_from", "is_not_distinct_from");

    private ExprFormatter() {
    }

    public static String format(Expr expr) {
        if (expr instanceof ColumnRef ref) {
            return "#" + ref.index();
        }
        if (expr instanceof Literal literal) {
            if (literal.value() == null) {
                return "NULL";
            }
            String text = ValueCodec.encode(literal.value());
            if (literal.value() instanceof String && literal.type().kind() != io.rockstream.jobgraph.type.TypeKind.UNKNOWN) {
                // a typed string constant, shown as PostgreSQL's EXPLAIN shows it
                return "'" + text.replace("'", "''") + "'::" + literal.type();
            }
            return literal.value() instanceof String || !(literal.value() instanceof Number
                    || literal.value() instanceof Boolean) ? "'" + text.replace("'", "''") + "'" : text;
        }
        if (expr instanceof Parameter parameter) {
            return "$" + parameter.number();
        }
        if (expr instanceof Cast cast) {
            return format(cast.input()) + "::" + cast.type();
        }
        if (expr instanceof Case caseExpr) {
            StringBuilder text = new StringBuilder("CASE");
            for (Case.When when : caseExpr.whens()) {
                text.append(" WHEN ").append(format(when.condition())).append(" THEN ").append(format(when.result()));
            }
            return text.append(" ELSE ").append(format(caseExpr.otherwise())).append(" END").toString();
        }
        Call call = (Call) expr;
        List<Expr> args = call.args();
        String name = call.function();
        if (INFIX.contains(name) && args.size() == 2) {
            String operator = name.length() <= 2 ? name : name.replace('_', ' ').toUpperCase();
            return "(" + format(args.get(0)) + " " + operator + " " + format(args.get(1)) + ")";
        }
        switch (name) {
            case "not":
                return "NOT " + format(args.get(0));
            case "neg":
                return "-" + format(args.get(0));
            case "is_null":
                return format(args.get(0)) + " IS NULL";
            case "is_not_null":
                return format(args.get(0)) + " IS NOT NULL";
            case "in":
                return format(args.get(0)) + " IN (" + args.subList(1, args.size()).stream().map(ExprFormatter::format)
                        .collect(Collectors.joining(", ")) + ")";
            default:
                return name + "(" + args.stream().map(ExprFormatter::format).collect(Collectors.joining(", ")) + ")";
        }
    }
}
