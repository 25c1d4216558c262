package io.rockstream.compiler.binder;

import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes correlation from a subquery plan (unnesting with a domain, after Neumann and
 * Kemper). Given the domain D, the distinct values of the outer columns the subquery
 * refers to, {@code decorrelate(Q)} computes Q for every row d of D at once: its output is
 * D's columns followed by Q's, and outer references become references to D's columns.
 * Uncorrelated parts are joined with D; aggregates and top-k group by D as well.
 *
 * <p>A scalar aggregate loses its "one row even for no input" property in the process; the
 * caller restores it for an aggregate at the top of the subquery (see {@link #emptyRow}),
 * and a scalar aggregate deeper inside a correlated subquery is refused (0A000).
 */
final class Decorrelator {
    private final LogicalPlan domain;
    private final List<Integer> outerColumns;
    private final int width;
    private final LogicalPlan top;

    /**
     * @param domain the distinct outer values, one column per outer column used
     * @param outerColumns the outer column index each domain column stands for
     */
    Decorrelator(LogicalPlan domain, List<Integer> outerColumns, LogicalPlan top) {
        this.domain = domain;
        this.outerColumns = List.copyOf(outerColumns);
        this.width = outerColumns.size();
        this.top = top;
    }

    LogicalPlan decorrelate(LogicalPlan plan) {
        if (!Plans.hasOuterReferences(plan)) {
            return new LogicalPlan.Join(JoinType.INNER, domain, plan, null);
        }
        if (plan instanceof LogicalPlan.Filter filter) {
            return new LogicalPlan.Filter(decorrelate(filter.input()), fix(filter.condition(), width, 0));
        }
        if (plan instanceof LogicalPlan.Project project) {
            LogicalPlan input = decorrelate(project.input());
            List<Expr> expressions = domainRefs(0);
            List<Column> columns = new ArrayList<>(domain.columns());
            for (Expr expr : project.expressions()) {
                expressions.add(fix(expr, width, 0));
            }
            columns.addAll(project.columns());
            return new LogicalPlan.Project(input, expressions, columns);
        }
        if (plan instanceof LogicalPlan.Join join) {
            return join(join);
        }
        if (plan instanceof LogicalPlan.Aggregate aggregate) {
            if (aggregate.scalar() && aggregate != scalarAggregateAtTop()) {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "a correlated subquery with an aggregate below its top level is not supported yet");
            }
            LogicalPlan input = decorrelate(aggregate.input());
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                keys.add(i);
            }
            aggregate.groupKeys().forEach(key -> keys.add(key + width));
            List<AggregateCall> calls = new ArrayList<>();
            for (AggregateCall call : aggregate.aggregates()) {
                calls.add(new AggregateCall(call.kind(), call.args().stream().map(a -> a + width).toList(),
                        call.distinct(), call.orderBy().stream()
                                .map(k -> new SortKey(k.column() + width, k.descending(), k.nullsFirst())).toList(),
                        call.filterColumn() < 0 ? -1 : call.filterColumn() + width, call.type()));
            }
            List<Column> columns = new ArrayList<>(domain.columns());
            columns.addAll(aggregate.columns());
            return new LogicalPlan.Aggregate(input, keys, calls, false, columns);
        }
        if (plan instanceof LogicalPlan.Distinct distinct) {
            return new LogicalPlan.Distinct(decorrelate(distinct.input()));
        }
        if (plan instanceof LogicalPlan.UnionAll union) {
            List<LogicalPlan> inputs = union.inputs().stream().map(this::decorrelate).toList();
            List<Column> columns = new ArrayList<>(domain.columns());
            columns.addAll(union.columns());
            return new LogicalPlan.UnionAll(inputs, columns);
        }
        if (plan instanceof LogicalPlan.SetOp setOp) {
            return new LogicalPlan.SetOp(setOp.kind(), setOp.all(), decorrelate(setOp.left()),
                    decorrelate(setOp.right()));
        }
        if (plan instanceof LogicalPlan.TopK topK) {
            List<Integer> partition = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                partition.add(i);
            }
            topK.partitionKeys().forEach(key -> partition.add(key + width));
            List<SortKey> order = topK.order().stream()
                    .map(k -> new SortKey(k.column() + width, k.descending(), k.nullsFirst())).toList();
            return new LogicalPlan.TopK(decorrelate(topK.input()), partition, order, topK.limit(), topK.offset());
        }
        if (plan instanceof LogicalPlan.Window window) {
            List<Integer> partition = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                partition.add(i);
            }
            window.partitionKeys().forEach(key -> partition.add(key + width));
            List<SortKey> order = window.order().stream()
                    .map(k -> new SortKey(k.column() + width, k.descending(), k.nullsFirst())).toList();
            List<io.rockstream.jobgraph.expr.WindowCall> calls = window.calls().stream()
                    .map(c -> new io.rockstream.jobgraph.expr.WindowCall(c.kind(),
                            c.args().stream().map(a -> a + width).toList(), c.frame(), c.type())).toList();
            List<Column> columns = new ArrayList<>(domain.columns());
            columns.addAll(window.columns());
            return new LogicalPlan.Window(decorrelate(window.input()), partition, order, calls, columns);
        }
        throw new IllegalStateException("cannot decorrelate " + plan.getClass().getSimpleName());
    }

    private LogicalPlan join(LogicalPlan.Join join) {
        boolean leftCorrelated = Plans.hasOuterReferences(join.left());
        boolean rightCorrelated = Plans.hasOuterReferences(join.right())
                || (join.condition() != null && Exprs.anyColumn(join.condition(), i -> i >= ExpressionBinder.OUTER_BASE));
        int leftWidth = join.left().width();
        if (join.type() == JoinType.INNER && !rightCorrelated) {
            // D ++ left ++ right: the condition's columns all move by |D|
            return new LogicalPlan.Join(JoinType.INNER, decorrelate(join.left()), join.right(),
                    join.condition() == null ? null : fix(join.condition(), width, 0));
        }
        if (join.type() == JoinType.FULL) {
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "a FULL JOIN inside a correlated subquery is not supported yet");
        }
        if (join.type() == JoinType.INNER && !leftCorrelated) {
            // left ++ D ++ right, then reorder to D ++ left ++ right
            LogicalPlan right = decorrelate(join.right());
            Expr condition = join.condition() == null ? null : Exprs.transform(join.condition(), node -> {
                if (node instanceof ColumnRef ref) {
                    if (ref.index() >= ExpressionBinder.OUTER_BASE) {
                        return new ColumnRef(leftWidth + domainPosition(ref.index()), ref.type());
                    }
                    return ref.index() < leftWidth ? ref : new ColumnRef(ref.index() + width, ref.type());
                }
                return node;
            });
            LogicalPlan joined = new LogicalPlan.Join(JoinType.INNER, join.left(), right, condition);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                order.add(leftWidth + i);
            }
            for (int i = 0; i < leftWidth; i++) {
                order.add(i);
            }
            for (int i = 0; i < join.right().width(); i++) {
                order.add(leftWidth + width + i);
            }
            return Plans.project(joined, order);
        }
        // both sides carry D; join on it (null-safe), keep the preserved side's copy
        LogicalPlan left = decorrelate(join.left());
        LogicalPlan right = decorrelate(join.right());
        int rightStart = width + leftWidth;
        List<Expr> conjuncts = new ArrayList<>();
        if (join.condition() != null) {
            conjuncts.add(Exprs.transform(join.condition(), node -> {
                if (node instanceof ColumnRef ref) {
                    if (ref.index() >= ExpressionBinder.OUTER_BASE) {
                        int position = domainPosition(ref.index());
                        return new ColumnRef(join.type() == JoinType.RIGHT ? rightStart + position : position, ref.type());
                    }
                    return ref.index() < leftWidth ? new ColumnRef(ref.index() + width, ref.type())
                            : new ColumnRef(ref.index() + 2 * width, ref.type());
                }
                return node;
            }));
        }
        for (int i = 0; i < width; i++) {
            conjuncts.add(Call.of("is_not_distinct_from", SqlType.BOOLEAN, Plans.ref(left, i),
                    new ColumnRef(rightStart + i, domain.columns().get(i).type())));
        }
        LogicalPlan joined = new LogicalPlan.Join(join.type(), left, right, Exprs.and(conjuncts));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            order.add(join.type() == JoinType.RIGHT ? rightStart + i : i);
        }
        for (int i = 0; i < leftWidth; i++) {
            order.add(width + i);
        }
        for (int i = 0; i < join.right().width(); i++) {
            order.add(rightStart + width + i);
        }
        return Plans.project(joined, order);
    }

    private List<Expr> domainRefs(int offset) {
        List<Expr> refs = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            refs.add(new ColumnRef(offset + i, domain.columns().get(i).type()));
        }
        return refs;
    }

    /** Local columns move by {@code shift}; outer references become domain columns at {@code domainOffset}. */
    private Expr fix(Expr expr, int shift, int domainOffset) {
        return Exprs.transform(expr, node -> {
            if (node instanceof ColumnRef ref) {
                if (ref.index() >= ExpressionBinder.OUTER_BASE) {
                    return new ColumnRef(domainOffset + domainPosition(ref.index()), ref.type());
                }
                return new ColumnRef(ref.index() + shift, ref.type());
            }
            return node;
        });
    }

    private int domainPosition(int outerIndex) {
        int position = outerColumns.indexOf(outerIndex - ExpressionBinder.OUTER_BASE);
        if (position < 0) {
            throw new IllegalStateException("outer column " + outerIndex + " is not in the domain");
        }
        return position;
    }

    /** The scalar aggregate the subquery ends with (below projections only), or null. */
    LogicalPlan.Aggregate scalarAggregateAtTop() {
        LogicalPlan plan = top;
        while (plan instanceof LogicalPlan.Project project) {
            plan = project.input();
        }
        return plan instanceof LogicalPlan.Aggregate aggregate && aggregate.scalar() ? aggregate : null;
    }

    /**
     * The subquery's result row when its scalar aggregate sees no rows (count = 0, other
     * aggregates NULL), as constant expressions; null when the subquery does not end with a
     * scalar aggregate.
     */
    static List<Expr> emptyRow(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Aggregate aggregate && aggregate.scalar()) {
            List<Expr> row = new ArrayList<>();
            for (AggregateCall call : aggregate.aggregates()) {
                boolean count = call.kind() == io.rockstream.jobgraph.expr.AggregateKind.COUNT
                        || call.kind() == io.rockstream.jobgraph.expr.AggregateKind.COUNT_STAR;
                row.add(count ? new io.rockstream.jobgraph.expr.Literal(0L, SqlType.BIGINT)
                        : io.rockstream.jobgraph.expr.Literal.nullOf(call.type()));
            }
            return row;
        }
        if (plan instanceof LogicalPlan.Project project) {
            List<Expr> input = emptyRow(project.input());
            if (input == null) {
                return null;
            }
            List<Expr> row = new ArrayList<>();
            for (Expr expr : project.expressions()) {
                row.add(Exprs.transform(expr, node -> node instanceof ColumnRef ref && ref.index() < input.size()
                        ? input.get(ref.index()) : node));
            }
            return row;
        }
        return null;
    }
}
