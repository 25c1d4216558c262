package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.taskmanager.expr.Evaluator;
import io.rockstream.taskmanager.expr.ExprCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * A filter condition evaluated as PostgreSQL evaluates a qual list: its top-level AND
 * conjuncts in order, stopping at the first that is not true (false or NULL), so a later
 * conjunct never runs, and never raises, for a row an earlier one rejected.
 */
final class Qual {
    private final Evaluator[] conjuncts;

    private Qual(Evaluator[] conjuncts) {
        this.conjuncts = conjuncts;
    }

    /** The qual of a condition; null for no condition. */
    static Qual of(Expr condition) {
        if (condition == null) {
            return null;
        }
        List<Expr> parts = new ArrayList<>();
        split(condition, parts);
        return new Qual(parts.stream().map(ExprCompiler::compile).toArray(Evaluator[]::new));
    }

    private static void split(Expr expr, List<Expr> into) {
        if (expr instanceof Call call && call.function().equals("and")) {
            call.args().forEach(arg -> split(arg, into));
        } else {
            into.add(expr);
        }
    }

    boolean test(Row row) {
        for (Evaluator conjunct : conjuncts) {
            if (!Boolean.TRUE.equals(conjunct.evaluate(row))) {
                return false;
            }
        }
        return true;
    }
}
