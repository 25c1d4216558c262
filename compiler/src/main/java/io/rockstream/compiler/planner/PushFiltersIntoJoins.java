package io.rockstream.compiler.planner;

import io.rockstream.compiler.binder.Exprs;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JoinType;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves WHERE conjuncts into the joins below them and join conjuncts that touch one side
 * only into that side, so that equalities become hash keys and single-side predicates
 * filter before the join instead of per matched pair.
 *
 * <pre>
 * Filter(a.x = b.y AND a.z > 1)            Join(INNER, a.x = b.y)
 *   Join(INNER, true)                 =>     Filter(a.z > 1)
 *     a                                        a
 *     b                                      b
 * </pre>
 *
 * Only sides whose rows cannot be NULL-padded by the join receive pushed predicates: both
 * for INNER, the right side's own ON conjuncts for LEFT, the left side's for RIGHT.
 */
final class PushFiltersIntoJoins {
    private PushFiltersIntoJoins() {
    }

    static LogicalPlan apply(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Filter filter && filter.input() instanceof LogicalPlan.Join join
                && join.type() == JoinType.INNER) {
            return apply(new LogicalPlan.Join(JoinType.INNER, join.left(), join.right(),
                    Exprs.and(join.condition(), filter.condition())));
        }
        if (plan instanceof LogicalPlan.Join join) {
            return pushIntoSides(join);
        }
        return rebuild(plan);
    }

    private static LogicalPlan pushIntoSides(LogicalPlan.Join join) {
        int leftWidth = join.left().width();
        List<Expr> keep = new ArrayList<>();
        List<Expr> toLeft = new ArrayList<>();
        List<Expr> toRight = new ArrayList<>();
        for (Expr conjunct : Exprs.conjuncts(join.condition())) {
            boolean usesLeft = Exprs.anyColumn(conjunct, i -> i < leftWidth);
            boolean usesRight = Exprs.anyColumn(conjunct, i -> i >= leftWidth);
            if (usesLeft && !usesRight && (join.type() == JoinType.INNER || join.type() == JoinType.RIGHT)) {
                toLeft.add(conjunct);
            } else if (usesRight && !usesLeft && (join.type() == JoinType.INNER || join.type() == JoinType.LEFT)) {
                toRight.add(Exprs.shift(conjunct, -leftWidth));
            } else if (Exprs.isTrueLiteral(conjunct)) {
                continue;
            } else {
                keep.add(conjunct);
            }
        }
        LogicalPlan left = join.left();
        LogicalPlan right = join.right();
        if (!toLeft.isEmpty()) {
            left = new LogicalPlan.Filter(left, Exprs.and(toLeft));
        }
        if (!toRight.isEmpty()) {
            right = new LogicalPlan.Filter(right, Exprs.and(toRight));
        }
        return new LogicalPlan.Join(join.type(), apply(left), apply(right), Exprs.and(keep));
    }

    private static LogicalPlan rebuild(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Filter filter) {
            return new LogicalPlan.Filter(apply(filter.input()), filter.condition());
        }
        if (plan instanceof LogicalPlan.Project project) {
            return new LogicalPlan.Project(apply(project.input()), project.expressions(), project.columns());
        }
        if (plan instanceof LogicalPlan.Aggregate aggregate) {
            return new LogicalPlan.Aggregate(apply(aggregate.input()), aggregate.groupKeys(), aggregate.aggregates(),
                    aggregate.scalar(), aggregate.columns());
        }
        if (plan instanceof LogicalPlan.Distinct distinct) {
            return new LogicalPlan.Distinct(apply(distinct.input()));
        }
        if (plan instanceof LogicalPlan.UnionAll union) {
            return new LogicalPlan.UnionAll(union.inputs().stream().map(PushFiltersIntoJoins::apply).toList(),
                    union.columns());
        }
        if (plan instanceof LogicalPlan.SetOp setOp) {
            return new LogicalPlan.SetOp(setOp.kind(), setOp.all(), apply(setOp.left()), apply(setOp.right()));
        }
        if (plan instanceof LogicalPlan.Window window) {
            return new LogicalPlan.Window(apply(window.input()), window.partitionKeys(), window.order(), window.calls(),
                    window.columns());
        }
        if (plan instanceof LogicalPlan.TopK topK) {
            return new LogicalPlan.TopK(apply(topK.input()), topK.partitionKeys(), topK.order(), topK.limit(),
                    topK.offset());
        }
        return plan;
    }
}
