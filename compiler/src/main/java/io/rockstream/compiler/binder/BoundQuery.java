package io.rockstream.compiler.binder;

import static java.util.Objects.requireNonNull;

import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Column;
import java.util.List;

/**
 * A bound query: its plan, whose first {@code columns.size()} columns are the result and the
 * rest hidden ORDER BY keys, and the presentation order of an ad-hoc result ({@code order},
 * over plan columns; empty when the query has no ORDER BY). LIMIT/OFFSET are already in
 * the plan as a top-k.
 */
public record BoundQuery(LogicalPlan plan, List<Column> columns, List<SortKey> order) {
    public BoundQuery {
        requireNonNull(plan, "plan is null");
        columns = List.copyOf(columns);
        order = List.copyOf(order);
    }

    /** The plan without hidden columns: what a view or a subquery sees. */
    public LogicalPlan visiblePlan() {
        if (plan.width() == columns.size()) {
            return plan;
        }
        return Plans.projectPrefix(plan, columns);
    }
}
