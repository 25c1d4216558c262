package io.rockstream.compiler.binder;

import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Boolean simplification as PostgreSQL's planner does it, because it decides which
 * expressions are evaluated at all and so which errors (a division by zero) can happen:
 *
 * <ul>
 *   <li>NOT is pushed down: De Morgan over AND/OR, comparisons negated ({@code NOT a < b}
 *       is {@code a >= b}), IS [NOT] NULL flipped, double negation removed;</li>
 *   <li>AND with a FALSE argument is FALSE, OR with a TRUE argument is TRUE; TRUE in AND and
 *       FALSE in OR are dropped (NULL arguments stay);</li>
 *   <li>a WHERE, HAVING or ON clause with a FALSE or NULL conjunct is FALSE: nothing below
 *       it needs to run;</li>
 *   <li>the conjuncts of a clause are ordered by estimated cost (calls count, columns and
 *       constants are free), cheapest first, stably; the runtime stops at the first conjunct
 *       that is not true.</li>
 * </ul>
 */
public final class Quals {
    private static final Map<String, String> NEGATORS = Map.ofEntries(Map.entry("=", "<>"), Map.entry("<>", "="),
            Map.entry("<", ">="), Map.entry(">=", "<"), Map.entry(">", "<="), Map.entry("<=", ">"),
            Map.entry("is_null", "is_not_null"), Map.entry("is_not_null", "is_null"),
            Map.entry("is_true", "is_not_true"), Map.entry("is_not_true", "is_true"),
            Map.entry("is_false", "is_not_false"), Map.entry("is_not_false", "is_false"),
            Map.entry("is_unknown", "is_not_unknown"), Map.entry("is_not_unknown", "is_unknown"),
            Map.entry("is_distinct_from", "is_not_distinct_from"), Map.entry("is_not_distinct_from", "is_distinct_from"),
            Map.entry("like", "not_like"), Map.entry("not_like", "like"), Map.entry("ilike", "not_ilike"),
            Map.entry("not_ilike", "ilike"));

    /** Calls that cost nothing in PostgreSQL's estimate: boolean connectives, NULL and boolean tests, COALESCE. */
    private static final Set<String> FREE = Set.of("and", "or", "not", "is_null", "is_not_null", "is_true",
            "is_not_true", "is_false", "is_not_false", "is_unknown", "is_not_unknown", "coalesce", "greatest", "least");

    private Quals() {
    }

    /** NOT of a boolean expression, pushed down. */
    public static Expr not(Expr operand) {
        if (operand instanceof Literal literal) {
            return literal.value() == null ? Literal.nullOf(SqlType.BOOLEAN) : Exprs.bool(!(Boolean) literal.value());
        }
        if (operand instanceof Call call) {
            switch (call.function()) {
                case "not":
                    return call.args().get(0);
                case "and":
                    return or(not(call.args().get(0)), not(call.args().get(1)));
                case "or":
                    return and(not(call.args().get(0)), not(call.args().get(1)));
                default:
                    String negator = NEGATORS.get(call.function());
                    if (negator != null) {
                        return new Call(negator, call.args(), call.type());
                    }
            }
        }
        return Call.of("not", SqlType.BOOLEAN, operand);
    }

    public static Expr and(Expr left, Expr right) {
        if (isFalse(left) || isFalse(right)) {
            return Exprs.bool(false);
        }
        if (isTrue(left)) {
            return right;
        }
        if (isTrue(right)) {
            return left;
        }
        return Call.of("and", SqlType.BOOLEAN, left, right);
    }

    public static Expr or(Expr left, Expr right) {
        if (isTrue(left) || isTrue(right)) {
            return Exprs.bool(true);
        }
        if (isFalse(left)) {
            return right;
        }
        if (isFalse(right)) {
            return left;
        }
        return Call.of("or", SqlType.BOOLEAN, left, right);
    }

    /**
     * A WHERE/HAVING/ON clause: FALSE if any conjunct is a FALSE or NULL constant, else its
     * conjuncts ordered by cost.
     */
    public static Expr clause(Expr condition) {
        List<Expr> conjuncts = new ArrayList<>(Exprs.conjuncts(condition));
        List<Expr> kept = new ArrayList<>();
        for (Expr conjunct : conjuncts) {
            if (conjunct instanceof Literal literal) {
                if (!Boolean.TRUE.equals(literal.value())) {
                    return Exprs.bool(false);
                }
                continue;
            }
            kept.add(conjunct);
        }
        if (kept.isEmpty()) {
            return Exprs.bool(true);
        }
        kept.sort(Comparator.comparingDouble(Quals::cost));
        return Exprs.and(kept);
    }

    public static boolean isFalseClause(Expr condition) {
        return isFalse(condition);
    }

    /** PostgreSQL's per-row cost estimate in units of one operator call. */
    static double cost(Expr expr) {
        if (expr instanceof Call call) {
            double cost = 0;
            for (Expr arg : call.args()) {
                cost += cost(arg);
            }
            if (call.function().equals("in")) {
                return cost + 0.5 * (call.args().size() - 1);
            }
            return cost + (FREE.contains(call.function()) ? 0 : 1);
        }
        if (expr instanceof Cast cast) {
            return cost(cast.input()) + (cast.input().type().kind() == cast.type().kind() ? 0 : 1);
        }
        if (expr instanceof Case caseExpr) {
            double cost = cost(caseExpr.otherwise());
            for (Case.When when : caseExpr.whens()) {
                cost += cost(when.condition()) + cost(when.result());
            }
            return cost;
        }
        return 0;
    }

    private static boolean isTrue(Expr expr) {
        return expr instanceof Literal literal && Boolean.TRUE.equals(literal.value());
    }

    private static boolean isFalse(Expr expr) {
        return expr instanceof Literal literal && Boolean.FALSE.equals(literal.value());
    }
}
