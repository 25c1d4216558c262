package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns scalar, EXISTS and IN subqueries into joins against the host plan (the FROM clause
 * or the aggregated rows they are evaluated over), so that views with subqueries are
 * maintained by the ordinary join, aggregate and distinct operators. Each call appends
 * columns to the host plan and returns an expression over the widened host.
 *
 * <ul>
 *   <li>scalar: host LEFT JOIN subquery (per correlation domain), the value column; a
 *       subquery ending in a scalar aggregate gives its empty value (count 0) when unmatched;</li>
 *   <li>EXISTS: host LEFT JOIN the distinct domain values with a marker; marker IS NOT NULL;</li>
 *   <li>IN: a mark join on the probe plus the subquery's row and non-NULL counts, giving
 *       SQL's three-valued result (NULL when no match but a NULL could have matched).</li>
 * </ul>
 */
final class SubqueryPlanner {
    /**
     * The plan a clause's subqueries attach to; grows by the columns they add. Correlation
     * domains are drawn from {@code domainSource}, the host as it was before filters and
     * subqueries: a superset of the outer values is as correct as the exact set and much
     * cheaper than recomputing the filtered host.
     */
    static final class Host {
        LogicalPlan plan;
        final LogicalPlan domainSource;

        Host(LogicalPlan plan) {
            this.plan = plan;
            this.domainSource = plan;
        }
    }

    private final QueryBinder binder;

    SubqueryPlanner(QueryBinder binder) {
        this.binder = binder;
    }

    Expr plan(Host host, Scope hostScope, Expression expression, Expr probe) {
        Query query;
        if (expression instanceof Expression.ScalarSubquery scalar) {
            query = scalar.subquery();
        } else if (expression instanceof Expression.Exists exists) {
            query = exists.subquery();
        } else if (expression instanceof Expression.Quantified quantified) {
            query = quantified.subquery();
        } else {
            query = ((Expression.InSubquery) expression).subquery();
        }
        BoundQuery bound = binder.child().bindQuery(query, hostScope);
        LogicalPlan subquery = bound.visiblePlan();
        if (!(expression instanceof Expression.Exists) && subquery.width() != 1) {
            throw Scope.error(ErrorCode.SYNTAX_ERROR,
                    expression instanceof Expression.ScalarSubquery ? "subquery must return only one column"
                            : "subquery has too many columns", expression.position());
        }
        if (expression instanceof Expression.Quantified quantified) {
            return quantified(host, subquery, quantified, probe);
        }
        if (expression instanceof Expression.Exists) {
            return exists(host, subquery, expression.position());
        }
        List<Integer> outerColumns = outerColumns(subquery);
        LogicalPlan result = decorrelate(host, subquery, outerColumns);
        if (expression instanceof Expression.ScalarSubquery) {
            return scalar(host, subquery, result, outerColumns);
        }
        return in(host, result, outerColumns, probe, expression);
    }

    private static List<Integer> outerColumns(LogicalPlan subquery) {
        TreeSet<Integer> outer = new TreeSet<>();
        Plans.collectOuterReferences(subquery, outer);
        return new ArrayList<>(outer);
    }

    /** The subquery for every outer value at once: domain columns first (none when uncorrelated). */
    private static LogicalPlan decorrelate(Host host, LogicalPlan subquery, List<Integer> outerColumns) {
        if (outerColumns.isEmpty()) {
            return subquery;
        }
        LogicalPlan source = outerColumns.get(outerColumns.size() - 1) < host.domainSource.width()
                ? host.domainSource : host.plan;
        LogicalPlan domain = new LogicalPlan.Distinct(Plans.project(source, outerColumns));
        return new Decorrelator(domain, outerColumns, subquery).decorrelate(subquery);
    }

    /** EXISTS (subquery) over the host: a count for an uncorrelated subquery, else a marker per outer value. */
    private static Expr exists(Host host, LogicalPlan subquery, io.rockstream.compiler.ast.Position position) {
        List<Integer> outerColumns = outerColumns(subquery);
        LogicalPlan result = decorrelate(host, subquery, outerColumns);
        int d = outerColumns.size();
        if (d == 0) {
            LogicalPlan count = countRows(result, List.of(), -1);
            int at = host.plan.width();
            host.plan = new LogicalPlan.Join(JoinType.INNER, host.plan, count, null);
            return ExpressionBinder.call(">", List.of(new ColumnRef(at, SqlType.BIGINT),
                    new Literal(0L, SqlType.BIGINT)), position);
        }
        LogicalPlan marked = new LogicalPlan.Distinct(withMarker(result, domainIndexes(d)));
        int marker = attach(host, marked, outerColumns, null, -1) + d;
        return ExpressionBinder.call("is_not_null", List.of(new ColumnRef(marker, SqlType.BOOLEAN)), position);
    }

    /**
     * {@code x op ANY|ALL (subquery)} with SQL's three-valued result, from two EXISTS over the
     * subquery filtered by the comparison: ANY is TRUE if some row compares true, else NULL if
     * some row compares NULL, else FALSE; ALL is FALSE if some row compares false, else NULL
     * if some row compares NULL, else TRUE. {@code = ANY} is IN and {@code <> ALL} NOT IN.
     */
    private Expr quantified(Host host, LogicalPlan subquery, Expression.Quantified quantified, Expr probe) {
        String operator = quantified.operator();
        io.rockstream.compiler.ast.Position position = quantified.position();
        if ((operator.equals("=") && !quantified.all()) || (operator.equals("<>") && quantified.all())) {
            List<Integer> outerColumns = outerColumns(subquery);
            Expr in = in(host, decorrelate(host, subquery, outerColumns), outerColumns, probe, quantified);
            return quantified.all() ? Quals.not(in) : in;
        }
        SqlType type = TypeCoercion.commonType(List.of(probe.type(), subquery.columns().get(0).type()), operator);
        int probeColumn = host.plan.width();
        host.plan = appendColumn(host.plan, ExpressionBinder.coerce(probe, type), "?probe?");
        Expr comparison = ExpressionBinder.call(operator, List.of(
                new ColumnRef(ExpressionBinder.OUTER_BASE + probeColumn, type),
                ExpressionBinder.coerce(Plans.ref(subquery, 0), type)), position);
        Expr decisive = quantified.all()
                ? ExpressionBinder.call("is_false", List.of(comparison), position)
                : ExpressionBinder.call("is_true", List.of(comparison), position);
        Expr decided = exists(host, new LogicalPlan.Filter(subquery, decisive), position);
        Expr unknown = exists(host, new LogicalPlan.Filter(subquery,
                ExpressionBinder.call("is_unknown", List.of(comparison), position)), position);
        return new Case(List.of(
                new Case.When(decided, Exprs.bool(!quantified.all())),
                new Case.When(unknown, Literal.nullOf(SqlType.BOOLEAN))),
                Exprs.bool(quantified.all()), SqlType.BOOLEAN);
    }

    private Expr scalar(Host host, LogicalPlan subquery, LogicalPlan result, List<Integer> outerColumns) {
        int d = outerColumns.size();
        SqlType type = subquery.columns().get(0).type();
        List<Expr> empty = Decorrelator.emptyRow(subquery);
        if (empty == null) {
            // at most one row per outer row, or error 21000: the value of each group's only row
            result = singleValue(result, d);
        }
        if (d == 0) {
            int at = host.plan.width();
            host.plan = new LogicalPlan.Join(JoinType.LEFT, host.plan, result, null);
            return new ColumnRef(at, type);
        }
        List<Integer> keep = domainIndexes(d);
        keep.add(d);
        LogicalPlan marked = withMarker(result, keep);
        int start = attach(host, marked, outerColumns, null, -1);
        ColumnRef value = new ColumnRef(start + d, type);
        if (empty == null) {
            return value;
        }
        Expr missing = ExpressionBinder.call("is_null", List.of(new ColumnRef(start + d + 1, SqlType.BOOLEAN)), null);
        return new Case(List.of(new Case.When(missing, ExpressionBinder.coerce(empty.get(0), type))), value, type);
    }

    private Expr in(Host host, LogicalPlan result, List<Integer> outerColumns, Expr probe, Expression expression) {
        int d = outerColumns.size();
        SqlType valueType = result.columns().get(d).type();
        SqlType type = TypeCoercion.commonType(List.of(probe.type(), valueType), "IN");
        // the probe becomes a host column, so that it can be a join key
        int probeColumn = host.plan.width();
        host.plan = appendColumn(host.plan, ExpressionBinder.coerce(probe, type), "?probe?");
        // matches: (domain, value, true), distinct
        List<Expr> matchExpressions = new ArrayList<>();
        List<Column> matchColumns = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            matchExpressions.add(Plans.ref(result, i));
            matchColumns.add(result.columns().get(i));
        }
        matchExpressions.add(ExpressionBinder.coerce(Plans.ref(result, d), type));
        matchColumns.add(Column.of("?value?", type));
        matchExpressions.add(Exprs.bool(true));
        matchColumns.add(Column.of("?marker?", SqlType.BOOLEAN));
        LogicalPlan matches = new LogicalPlan.Distinct(new LogicalPlan.Project(result, matchExpressions, matchColumns));
        int matchStart = attach(host, matches, outerColumns, new ColumnRef(probeColumn, type), d);
        // counts: (domain, count(*), count(value))
        int countStart = attach(host, countRows(result, domainIndexes(d), d), outerColumns, null, -1);
        Expr matched = ExpressionBinder.call("is_not_null",
                List.of(new ColumnRef(matchStart + d + 1, SqlType.BOOLEAN)), null);
        Expr rows = new ColumnRef(countStart + d, SqlType.BIGINT);
        Expr nonNull = new ColumnRef(countStart + d + 1, SqlType.BIGINT);
        Expr noRows = d == 0
                ? ExpressionBinder.call("=", List.of(rows, new Literal(0L, SqlType.BIGINT)), null)
                : ExpressionBinder.call("is_null", List.of(rows), null);
        Expr unknown = Call.of("or", SqlType.BOOLEAN,
                ExpressionBinder.call("is_null", List.of(new ColumnRef(probeColumn, type)), null),
                ExpressionBinder.call("<", List.of(nonNull, rows), null));
        return new Case(List.of(
                new Case.When(matched, Exprs.bool(true)),
                new Case.When(noRows, Exprs.bool(false)),
                new Case.When(unknown, Literal.nullOf(SqlType.BOOLEAN))),
                Exprs.bool(false), SqlType.BOOLEAN);
    }

    /**
     * LEFT JOINs {@code right} (domain columns first) to the host on the outer columns
     * (null-safe) and, when given, {@code probe = right.valueColumn}; returns where the
     * right columns start in the widened host.
     */
    private static int attach(Host host, LogicalPlan right, List<Integer> outerColumns, Expr probe, int valueColumn) {
        int start = host.plan.width();
        List<Expr> conjuncts = new ArrayList<>();
        for (int i = 0; i < outerColumns.size(); i++) {
            int outer = outerColumns.get(i);
            conjuncts.add(Call.of("is_not_distinct_from", SqlType.BOOLEAN, Plans.ref(host.plan, outer),
                    new ColumnRef(start + i, right.columns().get(i).type())));
        }
        if (probe != null) {
            conjuncts.add(ExpressionBinder.call("=", List.of(probe,
                    new ColumnRef(start + valueColumn, right.columns().get(valueColumn).type())), null));
        }
        host.plan = new LogicalPlan.Join(outerColumns.isEmpty() && probe == null ? JoinType.INNER : JoinType.LEFT,
                host.plan, right, Exprs.and(conjuncts));
        return start;
    }

    private static LogicalPlan appendColumn(LogicalPlan plan, Expr expr, String name) {
        List<Expr> expressions = new ArrayList<>();
        List<Column> columns = new ArrayList<>(plan.columns());
        for (int i = 0; i < plan.width(); i++) {
            expressions.add(Plans.ref(plan, i));
        }
        expressions.add(expr);
        columns.add(Column.of(name, expr.type()));
        return new LogicalPlan.Project(plan, expressions, columns);
    }

    /** (domain columns..., single_value(value)) grouped by the domain; one row overall when uncorrelated. */
    private static LogicalPlan singleValue(LogicalPlan plan, int domainWidth) {
        List<Integer> groups = domainIndexes(domainWidth);
        List<Column> columns = new ArrayList<>();
        for (int index : groups) {
            columns.add(plan.columns().get(index));
        }
        Column value = plan.columns().get(domainWidth);
        columns.add(value);
        AggregateCall call = new AggregateCall(AggregateKind.SINGLE_VALUE, List.of(domainWidth), false, List.of(), -1,
                value.type());
        return new LogicalPlan.Aggregate(plan, groups, List.of(call), groups.isEmpty(), columns);
    }

    /** The given columns plus a constant TRUE marker column. */
    private static LogicalPlan withMarker(LogicalPlan plan, List<Integer> keep) {
        List<Expr> expressions = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int index : keep) {
            expressions.add(Plans.ref(plan, index));
            columns.add(plan.columns().get(index));
        }
        expressions.add(Exprs.bool(true));
        columns.add(Column.of("?marker?", SqlType.BOOLEAN));
        return new LogicalPlan.Project(plan, expressions, columns);
    }

    /** (group columns..., count(*), count(valueColumn)) or just count(*) when valueColumn < 0. */
    private static LogicalPlan countRows(LogicalPlan plan, List<Integer> groupColumns, int valueColumn) {
        List<AggregateCall> calls = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int index : groupColumns) {
            columns.add(plan.columns().get(index));
        }
        calls.add(new AggregateCall(AggregateKind.COUNT_STAR, List.of(), false, List.of(), -1, SqlType.BIGINT));
        columns.add(Column.of("count", SqlType.BIGINT));
        if (valueColumn >= 0) {
            calls.add(new AggregateCall(AggregateKind.COUNT, List.of(valueColumn), false, List.of(), -1, SqlType.BIGINT));
            columns.add(Column.of("count", SqlType.BIGINT));
        }
        return new LogicalPlan.Aggregate(plan, groupColumns, calls, groupColumns.isEmpty(), columns);
    }

    private static List<Integer> domainIndexes(int width) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            indexes.add(i);
        }
        return indexes;
    }
}
