package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds an aggregated SELECT block: GROUP BY keys, aggregate calls, the select list,
 * HAVING and ORDER BY over the groups. Expressions are first bound over the FROM rows,
 * with aggregates as placeholders; then each is rewritten over the Aggregate's output
 * (group keys, then aggregate values), and any column left that is neither grouped nor
 * aggregated is a grouping error (42803).
 */
final class Aggregation {
    private static final int AGGREGATE_BASE = 1 << 22;
    private static final int SUBQUERY_BASE = 1 << 23;

    /** An aggregate call as written, bound over the FROM rows. */
    private record Pending(AggregateKind kind, List<Expr> args, boolean distinct, List<Expr> orderExprs,
            List<Query.OrderItem> orderItems, Expr filter, SqlType type) {
    }

    private final QueryBinder binder;
    private final QueryBody.Select select;
    private final List<Query.OrderItem> orderBy;
    private final Scope scope;
    private final SubqueryPlanner.Host host;
    private final SubqueryPlanner subqueries;
    private final List<Expr> groupExprs = new ArrayList<>();
    private final List<Pending> aggregates = new ArrayList<>();
    private final List<Expression> deferred = new ArrayList<>();
    private final List<Expr> deferredProbes = new ArrayList<>();
    private final Windowing windows = new Windowing();

    Aggregation(QueryBinder binder, QueryBody.Select select, List<Query.OrderItem> orderBy, Scope scope,
            SubqueryPlanner.Host host, SubqueryPlanner subqueries) {
        this.binder = binder;
        this.select = select;
        this.orderBy = orderBy;
        this.scope = scope;
        this.host = host;
        this.subqueries = subqueries;
    }

    BoundQuery bind() {
        ExpressionBinder plain = new ExpressionBinder(scope, null, "GROUP BY", null);
        for (Expression item : select.groupBy()) {
            Expr bound = plain.bind(groupItem(item));
            if (!groupExprs.contains(bound)) {
                groupExprs.add(bound);
            }
        }
        ExpressionBinder windowArguments = new ExpressionBinder(scope, this::aggregate, "window function arguments",
                this::defer);
        ExpressionBinder withAggregates = new ExpressionBinder(scope, this::aggregate, "SELECT", this::defer,
                window -> windows.window(window, windowArguments));
        List<Expr> outputs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        binder.bindSelectList(select, scope, withAggregates, outputs, columns);
        Optional<Expr> having = select.having().map(h -> Quals.clause(withAggregates.withoutWindows("HAVING")
                .bindBoolean(h, "HAVING")));
        having = pushHavingIntoWhere(having);
        // ORDER BY: ordinals, output names, else expressions (hidden columns)
        List<Expr> hidden = new ArrayList<>();
        List<SortKey> keys = new ArrayList<>();
        for (Query.OrderItem item : orderBy) {
            int column = outputColumn(item.expression(), columns);
            if (column < 0) {
                Expr bound = withAggregates.bind(item.expression());
                column = outputs.indexOf(bound);
                if (column < 0) {
                    int hiddenIndex = hidden.indexOf(bound);
                    if (hiddenIndex < 0) {
                        hiddenIndex = hidden.size();
                        hidden.add(bound);
                    }
                    column = outputs.size() + hiddenIndex;
                }
            }
            keys.add(new SortKey(column, item.descending(), item.nullsFirst().orElse(item.descending())));
        }
        if (select.distinct() && !hidden.isEmpty()) {
            throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list", orderBy.get(0).position());
        }
        // the Aggregate over a projection of keys and arguments
        LogicalPlan aggregate = buildAggregate();
        SubqueryPlanner.Host groups = new SubqueryPlanner.Host(aggregate);
        Scope groupScope = groupScope();
        List<Expr> subqueryValues = new ArrayList<>();
        for (int i = 0; i < deferred.size(); i++) {
            Expr probe = deferredProbes.get(i) == null ? null : overGroups(deferredProbes.get(i), List.of());
            subqueryValues.add(subqueries.plan(groups, groupScope, deferred.get(i), probe));
        }
        List<Expr> projection = new ArrayList<>();
        List<Column> projected = new ArrayList<>(columns);
        for (Expr output : outputs) {
            projection.add(overGroups(output, subqueryValues));
        }
        for (Expr expr : hidden) {
            projection.add(overGroups(expr, subqueryValues));
            projected.add(Column.of("?order?", expr.type()));
        }
        LogicalPlan plan = groups.plan;
        if (having.isPresent()) {
            plan = new LogicalPlan.Filter(plan, overGroups(having.get(), subqueryValues));
        }
        if (!windows.isEmpty()) {
            windows.rewrite(expr -> overGroups(expr, subqueryValues));
            plan = windows.apply(plan);
            projection.replaceAll(windows::resolve);
        }
        plan = new LogicalPlan.Project(plan, projection, projected);
        if (select.distinct()) {
            plan = new LogicalPlan.Distinct(plan);
        }
        return new BoundQuery(plan, columns, keys);
    }

    /**
     * Moves HAVING conjuncts without aggregates or subqueries below the aggregation, into
     * WHERE (copies them, without GROUP BY), as PostgreSQL does: they filter rows before grouping (same result, and the
     * ordering and constant folding of WHERE apply to them). They are checked first: a
     * column that is not grouped is still a grouping error.
     */
    private Optional<Expr> pushHavingIntoWhere(Optional<Expr> having) {
        if (having.isEmpty()) {
            return having;
        }
        List<Expr> kept = new ArrayList<>();
        List<Expr> pushed = new ArrayList<>();
        for (Expr conjunct : Exprs.conjuncts(having.get())) {
            boolean local = !Exprs.anyColumn(conjunct, i -> i >= AGGREGATE_BASE);
            if (local) {
                overGroups(conjunct, List.of());
                pushed.add(conjunct);
                if (groupExprs.isEmpty()) {
                    // no GROUP BY: the one group exists even for no rows, so HAVING keeps its copy
                    kept.add(conjunct);
                }
            } else {
                kept.add(conjunct);
            }
        }
        if (pushed.isEmpty()) {
            return having;
        }
        LogicalPlan input = host.plan;
        List<Expr> where = new ArrayList<>(pushed);
        if (input instanceof LogicalPlan.Filter filter) {
            where.addAll(0, Exprs.conjuncts(filter.condition()));
            input = filter.input();
        }
        host.plan = QueryBinder.filter(input, Quals.clause(Exprs.and(where)));
        return kept.isEmpty() ? Optional.empty() : Optional.of(Exprs.and(kept));
    }

    /** GROUP BY 2 means the second select item; a bare name that is no input column may be an output alias. */
    private Expression groupItem(Expression item) {
        if (item instanceof Expression.Literal literal && literal.kind() == Expression.LiteralKind.INTEGER) {
            long ordinal = Long.parseLong(literal.text());
            if (ordinal < 1 || ordinal > select.items().size()
                    || !(select.items().get((int) ordinal - 1) instanceof QueryBody.ExpressionItem expressionItem)) {
                throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE, "GROUP BY position " + ordinal
                        + " is not in select list", literal.position());
            }
            return expressionItem.expression();
        }
        if (item instanceof Expression.Identifier identifier && identifier.name().parts().size() == 1) {
            String name = identifier.name().last();
            boolean isInput = scope.fields().stream().anyMatch(f -> f.unqualified() && f.name().equals(name));
            if (!isInput) {
                for (QueryBody.SelectItem selectItem : select.items()) {
                    if (selectItem instanceof QueryBody.ExpressionItem e && e.alias().isPresent()
                            && e.alias().get().equals(name)) {
                        return e.expression();
                    }
                }
            }
        }
        return item;
    }

    private static int outputColumn(Expression expression, List<Column> columns) {
        if (expression instanceof Expression.Literal literal && literal.kind() == Expression.LiteralKind.INTEGER) {
            long ordinal = Long.parseLong(literal.text());
            if (ordinal < 1 || ordinal > columns.size()) {
                throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE, "ORDER BY position " + ordinal
                        + " is not in select list", literal.position());
            }
            return (int) ordinal - 1;
        }
        if (expression instanceof Expression.Identifier identifier && identifier.name().parts().size() == 1) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(identifier.name().last())) {
                    return i;
                }
            }
        }
        return -1;
    }

    private Expr defer(Expression expression, Expr probe) {
        deferred.add(expression);
        deferredProbes.add(probe);
        SqlType type = expression instanceof Expression.ScalarSubquery ? null : SqlType.BOOLEAN;
        if (type == null) {
            // the type is known only once bound; bind it now against the groups' scope to learn it
            BoundQuery probeBinding = binder.child().bindQuery(((Expression.ScalarSubquery) expression).subquery(),
                    groupScopeForTyping());
            type = probeBinding.columns().get(0).type();
        }
        return new ColumnRef(SUBQUERY_BASE + deferred.size() - 1, type);
    }

    private Scope groupScopeForTyping() {
        return new Scope(scope.fields(), scope.outer());
    }

    private Expr aggregate(Expression.FunctionCall call) {
        String name = call.name().last();
        ExpressionBinder inner = new ExpressionBinder(scope, nested -> {
            throw Scope.error(ErrorCode.GROUPING_ERROR, "aggregate function calls cannot be nested", nested.position());
        }, "aggregate arguments", null);
        List<Expr> args = new ArrayList<>();
        boolean rowArgument = name.equals("count") && call.args().size() == 1
                && call.args().get(0) instanceof Expression.Row row && row.values().size() > 1;
        if (rowArgument) {
            // count((a, b)): a row value is never NULL itself, so every row counts; with
            // DISTINCT, every distinct (a, b) pair
            for (Expression element : ((Expression.Row) call.args().get(0)).values()) {
                args.add(inner.bind(element));
            }
        } else {
            for (Expression arg : call.args()) {
                args.add(inner.bind(arg));
            }
        }
        AggregateKind kind;
        SqlType type;
        switch (name) {
            case "count" -> {
                kind = call.star() || args.isEmpty() || rowArgument ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
                expectArgs(call, args, rowArgument ? args.size() : kind == AggregateKind.COUNT_STAR ? 0 : 1);
                type = SqlType.BIGINT;
            }
            case "sum", "avg", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop" -> {
                expectArgs(call, args, 1);
                kind = switch (name) {
                    case "sum" -> AggregateKind.SUM;
                    case "avg" -> AggregateKind.AVG;
                    case "stddev", "stddev_samp" -> AggregateKind.STDDEV_SAMP;
                    case "stddev_pop" -> AggregateKind.STDDEV_POP;
                    case "variance", "var_samp" -> AggregateKind.VAR_SAMP;
                    default -> AggregateKind.VAR_POP;
                };
                TypeKind argKind = args.get(0).type().kind();
                if (argKind == TypeKind.UNKNOWN) {
                    throw Scope.error(ErrorCode.AMBIGUOUS_FUNCTION, "function " + name + "(unknown) is not unique",
                            call.position()).withHint("Could not choose a best candidate function. You might need to add explicit type casts.");
                }
                if (!argKind.isNumeric()) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + name + "(" + args.get(0).type()
                            + ") does not exist", call.position())
                            .withHint("No function matches the given name and argument types. You might need to add explicit type casts.");
                }
                type = resultType(kind, argKind);
            }
            case "min", "max" -> {
                expectArgs(call, args, 1);
                kind = name.equals("min") ? AggregateKind.MIN : AggregateKind.MAX;
                if (args.get(0).type().kind() == TypeKind.UNKNOWN) {
                    args.set(0, ExpressionBinder.coerce(args.get(0), SqlType.TEXT));
                }
                if (args.get(0).type().kind() == TypeKind.BOOLEAN) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + name + "(boolean) does not exist",
                            call.position());
                }
                type = args.get(0).type();
            }
            case "bool_and", "bool_or", "every" -> {
                expectArgs(call, args, 1);
                kind = name.equals("bool_or") ? AggregateKind.BOOL_OR : AggregateKind.BOOL_AND;
                TypeKind argKind = args.get(0).type().kind();
                if (argKind != TypeKind.BOOLEAN && argKind != TypeKind.UNKNOWN) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + name + "(" + args.get(0).type()
                            + ") does not exist", call.position());
                }
                args.set(0, ExpressionBinder.coerce(args.get(0), SqlType.BOOLEAN));
                type = SqlType.BOOLEAN;
            }
            case "string_agg" -> {
                expectArgs(call, args, 2);
                for (int i = 0; i < 2; i++) {
                    TypeKind argKind = args.get(i).type().kind();
                    if (!argKind.isText() && argKind != TypeKind.UNKNOWN) {
                        throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function string_agg(" + args.get(0).type()
                                + ", " + args.get(1).type() + ") does not exist", call.position());
                    }
                    args.set(i, ExpressionBinder.coerce(args.get(i), SqlType.TEXT));
                }
                kind = AggregateKind.STRING_AGG;
                type = SqlType.TEXT;
            }
            default -> throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + name + " does not exist",
                    call.position());
        }
        List<Expr> orderExprs = new ArrayList<>();
        for (Query.OrderItem item : call.orderBy()) {
            orderExprs.add(inner.bind(item.expression()));
        }
        Expr filter = call.filter().map(f -> new ExpressionBinder(scope, nested -> {
            throw Scope.error(ErrorCode.GROUPING_ERROR, "aggregate functions are not allowed in FILTER", nested.position());
        }, "FILTER", null).bindBoolean(f, "FILTER")).orElse(null);
        Pending pending = new Pending(kind, args, call.distinct(), orderExprs, call.orderBy(), filter, type);
        int index = aggregates.indexOf(pending);
        if (index < 0) {
            index = aggregates.size();
            aggregates.add(pending);
        }
        return new ColumnRef(AGGREGATE_BASE + index, type);
    }

    private static void expectArgs(Expression.FunctionCall call, List<Expr> args, int count) {
        if (args.size() != count) {
            String types = String.join(", ", args.stream().map(a -> a.type().toString()).toList());
            throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + call.name().last() + "(" + types
                    + ") does not exist", call.position());
        }
    }

    static SqlType resultType(AggregateKind kind, TypeKind arg) {
        boolean exact = arg.isInteger() || arg == TypeKind.NUMERIC;
        return switch (kind) {
            case SUM -> arg == TypeKind.SMALLINT || arg == TypeKind.INTEGER ? SqlType.BIGINT
                    : arg == TypeKind.REAL ? SqlType.REAL : exact ? SqlType.NUMERIC : SqlType.DOUBLE;
            case AVG, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> exact ? SqlType.NUMERIC : SqlType.DOUBLE;
            case COUNT_STAR, COUNT, MIN, MAX, BOOL_AND, BOOL_OR, STRING_AGG, SINGLE_VALUE ->
                    throw new IllegalStateException("not a numeric aggregate: " + kind);
        };
    }

    /** Projection (keys, then every aggregate's inputs) and the Aggregate over it. */
    private LogicalPlan buildAggregate() {
        List<Expr> projection = new ArrayList<>(groupExprs);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < groupExprs.size(); i++) {
            columns.add(Column.of("?key" + i + "?", groupExprs.get(i).type()));
        }
        List<AggregateCall> calls = new ArrayList<>();
        List<Column> output = new ArrayList<>(columns);
        for (Pending pending : aggregates) {
            List<Integer> argColumns = new ArrayList<>();
            for (Expr arg : pending.args()) {
                argColumns.add(add(projection, columns, arg));
            }
            List<SortKey> order = new ArrayList<>();
            for (int i = 0; i < pending.orderExprs().size(); i++) {
                Query.OrderItem item = pending.orderItems().get(i);
                order.add(new SortKey(add(projection, columns, pending.orderExprs().get(i)), item.descending(),
                        item.nullsFirst().orElse(item.descending())));
            }
            int filter = pending.filter() == null ? -1 : add(projection, columns, pending.filter());
            calls.add(new AggregateCall(pending.kind(), argColumns, pending.distinct(), order, filter, pending.type()));
            output.add(Column.of(pending.kind().sqlName(), pending.type()));
        }
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < groupExprs.size(); i++) {
            keys.add(i);
        }
        LogicalPlan input = new LogicalPlan.Project(host.plan, projection, columns);
        return new LogicalPlan.Aggregate(input, keys, calls, groupExprs.isEmpty(), output);
    }

    private static int add(List<Expr> projection, List<Column> columns, Expr expr) {
        int index = projection.indexOf(expr);
        if (index >= 0) {
            return index;
        }
        projection.add(expr);
        columns.add(Column.of("?arg?", expr.type()));
        return projection.size() - 1;
    }

    /** The names a subquery in the select list can refer to: the grouped plain columns. */
    private Scope groupScope() {
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < groupExprs.size(); i++) {
            if (groupExprs.get(i) instanceof ColumnRef ref) {
                for (Scope.Field field : scope.fields()) {
                    if (field.index() == ref.index()) {
                        fields.add(new Scope.Field(field.qualifier(), field.name(), field.type(), i, field.inStar(),
                                field.unqualified()));
                    }
                }
            }
        }
        return new Scope(fields, scope.outer());
    }

    /** Rewrites an expression over the FROM rows into one over the Aggregate's output. */
    private Expr overGroups(Expr expr, List<Expr> subqueryValues) {
        int keyCount = groupExprs.size();
        int key = groupExprs.indexOf(expr);
        if (key >= 0) {
            return new ColumnRef(key, expr.type());
        }
        if (expr instanceof ColumnRef ref) {
            int index = ref.index();
            if (index >= ExpressionBinder.OUTER_BASE) {
                return ref;
            }
            if (index >= SUBQUERY_BASE) {
                return subqueryValues.get(index - SUBQUERY_BASE);
            }
            if (index >= AGGREGATE_BASE) {
                return new ColumnRef(keyCount + index - AGGREGATE_BASE, ref.type());
            }
            if (index >= Windowing.WINDOW_BASE) {
                return ref;
            }
            String name = scope.fields().stream().filter(f -> f.index() == index)
                    .map(f -> f.qualifier() == null ? f.name() : f.qualifier() + "." + f.name())
                    .findFirst().orElse("?");
            throw io.rockstream.jobgraph.error.RockStreamException.of(ErrorCode.GROUPING_ERROR,
                    "column \"" + name + "\" must appear in the GROUP BY clause or be used in an aggregate function");
        }
        if (expr instanceof io.rockstream.jobgraph.expr.Call call) {
            return new io.rockstream.jobgraph.expr.Call(call.function(),
                    call.args().stream().map(a -> overGroups(a, subqueryValues)).toList(), call.type());
        }
        if (expr instanceof io.rockstream.jobgraph.expr.Cast cast) {
            return new io.rockstream.jobgraph.expr.Cast(overGroups(cast.input(), subqueryValues), cast.type());
        }
        if (expr instanceof io.rockstream.jobgraph.expr.Case caseExpr) {
            List<io.rockstream.jobgraph.expr.Case.When> whens = caseExpr.whens().stream()
                    .map(w -> new io.rockstream.jobgraph.expr.Case.When(overGroups(w.condition(), subqueryValues),
                            overGroups(w.result(), subqueryValues))).toList();
            return new io.rockstream.jobgraph.expr.Case(whens, overGroups(caseExpr.otherwise(), subqueryValues),
                    caseExpr.type());
        }
        return expr;
    }

    /** Whether an expression (outside nested subqueries) calls an aggregate function. */
    static boolean containsAggregate(Expression expression) {
        if (expression instanceof Expression.FunctionCall call) {
            if (ExpressionBinder.AGGREGATES.contains(call.name().last())) {
                return true;
            }
            return call.args().stream().anyMatch(Aggregation::containsAggregate);
        }
        if (expression instanceof Expression.Binary binary) {
            return containsAggregate(binary.left()) || containsAggregate(binary.right());
        }
        if (expression instanceof Expression.Unary unary) {
            return containsAggregate(unary.operand());
        }
        if (expression instanceof Expression.Cast cast) {
            return containsAggregate(cast.operand());
        }
        if (expression instanceof Expression.Case caseExpression) {
            return caseExpression.operand().map(Aggregation::containsAggregate).orElse(false)
                    || caseExpression.whens().stream().anyMatch(w -> containsAggregate(w.condition())
                            || containsAggregate(w.result()))
                    || caseExpression.otherwise().map(Aggregation::containsAggregate).orElse(false);
        }
        if (expression instanceof Expression.Between between) {
            return containsAggregate(between.operand()) || containsAggregate(between.low())
                    || containsAggregate(between.high());
        }
        if (expression instanceof Expression.InList in) {
            return containsAggregate(in.operand()) || in.values().stream().anyMatch(Aggregation::containsAggregate);
        }
        if (expression instanceof Expression.InSubquery in) {
            return containsAggregate(in.operand());
        }
        if (expression instanceof Expression.Quantified quantified) {
            return containsAggregate(quantified.left());
        }
        if (expression instanceof Expression.Like like) {
            return containsAggregate(like.operand()) || containsAggregate(like.pattern());
        }
        if (expression instanceof Expression.IsNull isNull) {
            return containsAggregate(isNull.operand());
        }
        if (expression instanceof Expression.IsBoolean test) {
            return containsAggregate(test.operand());
        }
        if (expression instanceof Expression.IsDistinctFrom distinct) {
            return containsAggregate(distinct.left()) || containsAggregate(distinct.right());
        }
        if (expression instanceof Expression.Row row) {
            return row.values().stream().anyMatch(Aggregation::containsAggregate);
        }
        if (expression instanceof Expression.ArrayConstructor array) {
            return array.elements().stream().anyMatch(Aggregation::containsAggregate);
        }
        if (expression instanceof Expression.ArrayQuantified quantified) {
            return containsAggregate(quantified.left()) || containsAggregate(quantified.array());
        }
        if (expression instanceof Expression.Subscript subscript) {
            return containsAggregate(subscript.array()) || containsAggregate(subscript.index());
        }
        if (expression instanceof Expression.WindowFunction window) {
            // the window's own function is not an aggregate of the block; aggregates inside it are
            return window.call().args().stream().anyMatch(Aggregation::containsAggregate)
                    || window.partitionBy().stream().anyMatch(Aggregation::containsAggregate)
                    || window.orderBy().stream().anyMatch(item -> containsAggregate(item.expression()));
        }
        return false;
    }
}
