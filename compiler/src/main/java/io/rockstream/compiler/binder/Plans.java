package io.rockstream.compiler.binder;

import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.row.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Helpers that build and inspect logical plans. */
public final class Plans {
    private Plans() {
    }

    /** Projects the first {@code columns.size()} columns, renamed to {@code columns}. */
    static LogicalPlan projectPrefix(LogicalPlan plan, List<Column> columns) {
        List<Expr> expressions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            expressions.add(new ColumnRef(i, plan.columns().get(i).type()));
        }
        return new LogicalPlan.Project(plan, expressions, columns);
    }

    /** Projects the given input columns. */
    static LogicalPlan project(LogicalPlan plan, List<Integer> indexes) {
        List<Expr> expressions = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int index : indexes) {
            Column column = plan.columns().get(index);
            expressions.add(new ColumnRef(index, column.type()));
            columns.add(column);
        }
        return new LogicalPlan.Project(plan, expressions, columns);
    }

    static ColumnRef ref(LogicalPlan plan, int index) {
        return new ColumnRef(index, plan.columns().get(index).type());
    }

    /** Every expression held by a node itself (not its inputs). */
    static void expressions(LogicalPlan plan, Consumer<Expr> consumer) {
        if (plan instanceof LogicalPlan.Filter filter) {
            consumer.accept(filter.condition());
        } else if (plan instanceof LogicalPlan.Project project) {
            project.expressions().forEach(consumer);
        } else if (plan instanceof LogicalPlan.Join join && join.condition() != null) {
            consumer.accept(join.condition());
        }
    }

    /** Whether the plan or any input refers to a column of an enclosing query block. */
    static boolean hasOuterReferences(LogicalPlan plan) {
        boolean[] found = new boolean[1];
        expressions(plan, expr -> found[0] |= Exprs.anyColumn(expr, i -> i >= ExpressionBinder.OUTER_BASE));
        if (found[0]) {
            return true;
        }
        for (LogicalPlan input : plan.inputs()) {
            if (hasOuterReferences(input)) {
                return true;
            }
        }
        return false;
    }

    static void collectOuterReferences(LogicalPlan plan, java.util.Set<Integer> into) {
        expressions(plan, expr -> Exprs.anyColumn(expr, i -> {
            if (i >= ExpressionBinder.OUTER_BASE) {
                into.add(i - ExpressionBinder.OUTER_BASE);
            }
            return false;
        }));
        for (LogicalPlan input : plan.inputs()) {
            collectOuterReferences(input, into);
        }
    }
}
