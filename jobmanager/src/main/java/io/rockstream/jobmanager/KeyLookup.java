package io.rockstream.jobmanager;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.taskmanager.expr.ExprCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a primary-key lookup in a DML statement's plan: when the rows read from the target
 * table are filtered by {@code pk = constant} for every key column, only the row with that
 * key can qualify, so the statement reads that row instead of the whole table. The plan's
 * own filter still runs on it, so the lookup only narrows the input, never changes the result.
 * Only for key types whose index equality is SQL's {@code =} ({@link
 * io.rockstream.jobmanager.query.PointReads#indexable}): with a {@code char(3)} key holding
 * {@code 'ab'}, {@code k = 'ab'} must find the row stored as {@code 'ab '}.
 */
final class KeyLookup {
    private KeyLookup() {
    }

    static Optional<Row> find(LogicalPlan plan, RelationEntry table) {
        if (table.primaryKey().isEmpty()) {
            return Optional.empty();
        }
        List<Expr> conjuncts = new ArrayList<>();
        LogicalPlan node = plan;
        while (node instanceof LogicalPlan.Project || node instanceof LogicalPlan.Filter) {
            if (node instanceof LogicalPlan.Filter filter) {
                if (!(filter.input() instanceof LogicalPlan.Scan)) {
                    return Optional.empty();
                }
                conjuncts.addAll(io.rockstream.compiler.binder.Exprs.conjuncts(filter.condition()));
            }
            node = node.inputs().get(0);
        }
        if (!(node instanceof LogicalPlan.Scan scan) || !scan.relation().equals(table.name())) {
            return Optional.empty();
        }
        Object[] key = new Object[table.primaryKey().size()];
        boolean[] found = new boolean[key.length];
        for (Expr conjunct : conjuncts) {
            if (!(conjunct instanceof Call call) || !call.function().equals("=") || call.args().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Expr column = call.args().get(side);
                Expr constant = call.args().get(1 - side);
                if (!(column instanceof ColumnRef ref) || !io.rockstream.compiler.binder.Exprs.isConstant(constant)) {
                    continue;
                }
                int position = table.primaryKey().indexOf(ref.index());
                if (position < 0 || found[position]
                        || !io.rockstream.jobmanager.query.PointReads.indexable(ref.type().kind())
                        || constant.type().kind() != ref.type().kind()) {
                    // a key whose index equality is not SQL's = (char(n), interval) is read whole
                    continue;
                }
                try {
                    Object value = ExprCompiler.compile(constant).evaluate(Row.EMPTY);
                    if (value == null) {
                        return Optional.empty();
                    }
                    key[position] = value;
                    found[position] = true;
                } catch (RockStreamException error) {
                    return Optional.empty();
                }
            }
        }
        for (boolean present : found) {
            if (!present) {
                return Optional.empty();
            }
        }
        return Optional.of(Row.wrap(key));
    }
}
