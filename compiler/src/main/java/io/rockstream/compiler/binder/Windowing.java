package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import io.rockstream.jobgraph.expr.WindowFrame;
import io.rockstream.jobgraph.expr.WindowKind;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The window functions of one SELECT block. While the select list is bound, each
 * {@code f(...) OVER (...)} becomes a placeholder column; then {@link #apply} computes the
 * partition, order and argument expressions in a projection of the input, adds one Window
 * node per distinct (PARTITION BY, ORDER BY) and {@link #resolve} turns the placeholders
 * into the Window nodes' output columns. Windows are computed after WHERE, GROUP BY and
 * HAVING and before DISTINCT, ORDER BY and LIMIT, as in PostgreSQL.
 */
final class Windowing {
    static final int WINDOW_BASE = 1 << 21;

    /** One call as bound over the block's input. */
    private record Pending(WindowKind kind, List<Expr> args, List<Expr> partition, List<Expr> order,
            List<Query.OrderItem> orderItems, WindowFrame frame, SqlType type) {
    }

    private final List<Pending> calls = new ArrayList<>();
    private int[] positions;

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /** Binds a window call with {@code binder} (which allows no nested window calls). */
    Expr window(Expression.WindowFunction window, ExpressionBinder binder) {
        Expression.FunctionCall call = window.call();
        String name = call.name().last();
        if (call.distinct()) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "DISTINCT is not implemented for window functions",
                    call.position());
        }
        if (call.filter().isPresent() || !call.orderBy().isEmpty()) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "FILTER and ORDER BY inside a window function call are not supported yet", call.position());
        }
        List<Expr> args = new ArrayList<>();
        for (Expression arg : call.args()) {
            args.add(binder.bind(arg));
        }
        WindowKind kind;
        SqlType type;
        switch (name) {
            case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist" -> {
                expect(call, args, 0, 0);
                kind = WindowKind.valueOf(name.toUpperCase());
                type = kind == WindowKind.PERCENT_RANK || kind == WindowKind.CUME_DIST ? SqlType.DOUBLE : SqlType.BIGINT;
            }
            case "ntile" -> {
                expect(call, args, 1, 1);
                args.set(0, integer(args.get(0), call));
                kind = WindowKind.NTILE;
                type = SqlType.INTEGER;
            }
            case "lag", "lead" -> {
                expect(call, args, 1, 3);
                kind = name.equals("lag") ? WindowKind.LAG : WindowKind.LEAD;
                if (args.size() >= 2) {
                    args.set(1, integer(args.get(1), call));
                }
                if (args.size() == 3) {
                    SqlType common = Types.resolved(TypeCoercion.commonType(
                            List.of(args.get(0).type(), args.get(2).type()), name));
                    args.set(0, ExpressionBinder.coerce(args.get(0), common));
                    args.set(2, ExpressionBinder.coerce(args.get(2), common));
                }
                type = Types.resolved(args.get(0).type());
                args.set(0, ExpressionBinder.coerce(args.get(0), type));
            }
            case "first_value", "last_value" -> {
                expect(call, args, 1, 1);
                kind = name.equals("first_value") ? WindowKind.FIRST_VALUE : WindowKind.LAST_VALUE;
                type = Types.resolved(args.get(0).type());
                args.set(0, ExpressionBinder.coerce(args.get(0), type));
            }
            case "nth_value" -> {
                expect(call, args, 2, 2);
                kind = WindowKind.NTH_VALUE;
                args.set(1, integer(args.get(1), call));
                type = Types.resolved(args.get(0).type());
                args.set(0, ExpressionBinder.coerce(args.get(0), type));
            }
            case "count" -> {
                kind = call.star() || args.isEmpty() ? WindowKind.COUNT_STAR : WindowKind.COUNT;
                expect(call, args, kind == WindowKind.COUNT_STAR ? 0 : 1, kind == WindowKind.COUNT_STAR ? 0 : 1);
                type = SqlType.BIGINT;
            }
            case "sum", "avg" -> {
                expect(call, args, 1, 1);
                TypeKind argKind = args.get(0).type().kind();
                if (!argKind.isNumeric()) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + name + "(" + args.get(0).type()
                            + ") does not exist", call.position());
                }
                kind = name.equals("sum") ? WindowKind.SUM : WindowKind.AVG;
                type = Aggregation.resultType(name.equals("sum") ? AggregateKind.SUM : AggregateKind.AVG, argKind);
            }
            case "min", "max" -> {
                expect(call, args, 1, 1);
                kind = name.equals("min") ? WindowKind.MIN : WindowKind.MAX;
                type = Types.resolved(args.get(0).type());
                args.set(0, ExpressionBinder.coerce(args.get(0), type));
            }
            default -> throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "window function " + name
                    + " is not supported yet", call.position());
        }
        List<Expr> partition = new ArrayList<>();
        for (Expression expression : window.partitionBy()) {
            partition.add(binder.bind(expression));
        }
        List<Expr> order = new ArrayList<>();
        for (Query.OrderItem item : window.orderBy()) {
            order.add(binder.bind(item.expression()));
        }
        calls.add(new Pending(kind, args, partition, order, window.orderBy(),
                window.frame().orElse(WindowFrame.DEFAULT), type));
        return new ColumnRef(WINDOW_BASE + calls.size() - 1, type);
    }

    private static Expr integer(Expr expr, Expression.FunctionCall call) {
        if (!expr.type().kind().isInteger() && expr.type().kind() != TypeKind.UNKNOWN) {
            throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + call.name().last()
                    + " does not accept an argument of type " + expr.type(), call.position());
        }
        return ExpressionBinder.coerce(expr, SqlType.INTEGER);
    }

    private static void expect(Expression.FunctionCall call, List<Expr> args, int min, int max) {
        if (args.size() < min || args.size() > max || (call.star() && !call.name().last().equals("count"))) {
            throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + call.name().last() + " with "
                    + args.size() + " arguments does not exist", call.position());
        }
    }

    /** Rewrites the bound expressions (for an aggregated block: over the groups). */
    void rewrite(UnaryOperator<Expr> rewrite) {
        calls.replaceAll(p -> new Pending(p.kind(), p.args().stream().map(rewrite).toList(),
                p.partition().stream().map(rewrite).toList(), p.order().stream().map(rewrite).toList(),
                p.orderItems(), p.frame(), p.type()));
    }

    /** The input, a projection adding the needed expressions, and one Window node per window specification. */
    LogicalPlan apply(LogicalPlan input) {
        List<Expr> projection = new ArrayList<>();
        List<Column> columns = new ArrayList<>(input.columns());
        for (int i = 0; i < input.width(); i++) {
            projection.add(Plans.ref(input, i));
        }
        Map<List<Object>, List<Integer>> specifications = new LinkedHashMap<>();
        for (int j = 0; j < calls.size(); j++) {
            Pending pending = calls.get(j);
            specifications.computeIfAbsent(List.of(pending.partition(), pending.order(), orderFlags(pending)),
                    k -> new ArrayList<>()).add(j);
        }
        List<List<Integer>> argColumns = new ArrayList<>();
        List<List<Integer>> partitionColumns = new ArrayList<>();
        List<List<SortKey>> orderKeys = new ArrayList<>();
        for (Pending pending : calls) {
            argColumns.add(pending.args().stream().map(e -> add(projection, columns, e)).toList());
            partitionColumns.add(pending.partition().stream().map(e -> add(projection, columns, e)).toList());
            List<SortKey> keys = new ArrayList<>();
            for (int i = 0; i < pending.order().size(); i++) {
                Query.OrderItem item = pending.orderItems().get(i);
                keys.add(new SortKey(add(projection, columns, pending.order().get(i)), item.descending(),
                        item.nullsFirst().orElse(item.descending())));
            }
            orderKeys.add(keys);
        }
        LogicalPlan plan = new LogicalPlan.Project(input, projection, columns);
        positions = new int[calls.size()];
        for (List<Integer> group : specifications.values()) {
            int first = group.get(0);
            List<WindowCall> windowCalls = new ArrayList<>();
            List<Column> output = new ArrayList<>(plan.columns());
            for (int j : group) {
                Pending pending = calls.get(j);
                positions[j] = output.size();
                windowCalls.add(new WindowCall(pending.kind(), argColumns.get(j), pending.frame(), pending.type()));
                output.add(Column.of(pending.kind().sqlName(), pending.type()));
            }
            plan = new LogicalPlan.Window(plan, partitionColumns.get(first), orderKeys.get(first), windowCalls, output);
        }
        return plan;
    }

    private static List<Object> orderFlags(Pending pending) {
        return pending.orderItems().stream().map(i -> (Object) (i.descending() + "/" + i.nullsFirst())).toList();
    }

    private static int add(List<Expr> projection, List<Column> columns, Expr expr) {
        int index = projection.indexOf(expr);
        if (index >= 0) {
            return index;
        }
        projection.add(expr);
        columns.add(Column.of("?window?", expr.type()));
        return projection.size() - 1;
    }

    /** Replaces the placeholders by the Window nodes' columns (after {@link #apply}). */
    Expr resolve(Expr expr) {
        return Exprs.transform(expr, node -> node instanceof ColumnRef ref && ref.index() >= WINDOW_BASE
                && ref.index() < WINDOW_BASE + calls.size()
                ? new ColumnRef(positions[ref.index() - WINDOW_BASE], ref.type()) : node);
    }
}
