package io.rockstream.compiler.binder;

import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.Parameter;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.IntPredicate;

/** Small structural operations on bound expressions. */
public final class Exprs {
    private Exprs() {
    }

    /** Rewrites bottom-up: {@code rewrite} sees each node after its children were rewritten. */
    public static Expr transform(Expr expr, Function<Expr, Expr> rewrite) {
        Expr rebuilt;
        if (expr instanceof Call call) {
            List<Expr> args = new ArrayList<>(call.args().size());
            for (Expr arg : call.args()) {
                args.add(transform(arg, rewrite));
            }
            rebuilt = new Call(call.function(), args, call.type());
        } else if (expr instanceof Cast cast) {
            rebuilt = new Cast(transform(cast.input(), rewrite), cast.type());
        } else if (expr instanceof Case caseExpr) {
            List<Case.When> whens = new ArrayList<>();
            for (Case.When when : caseExpr.whens()) {
                whens.add(new Case.When(transform(when.condition(), rewrite), transform(when.result(), rewrite)));
            }
            rebuilt = new Case(whens, transform(caseExpr.otherwise(), rewrite), caseExpr.type());
        } else {
            rebuilt = expr;
        }
        return rewrite.apply(rebuilt);
    }

    /** Replaces column indexes (only ColumnRefs). */
    public static Expr remap(Expr expr, IntUnaryOperator mapping) {
        return transform(expr, node -> node instanceof ColumnRef ref
                ? new ColumnRef(mapping.applyAsInt(ref.index()), ref.type())
                : node);
    }

    public static Expr shift(Expr expr, int offset) {
        return offset == 0 ? expr : remap(expr, i -> i + offset);
    }

    /** Whether any ColumnRef index satisfies the predicate. */
    public static boolean anyColumn(Expr expr, IntPredicate predicate) {
        if (expr instanceof ColumnRef ref) {
            return predicate.test(ref.index());
        }
        if (expr instanceof Call call) {
            return call.args().stream().anyMatch(arg -> anyColumn(arg, predicate));
        }
        if (expr instanceof Cast cast) {
            return anyColumn(cast.input(), predicate);
        }
        if (expr instanceof Case caseExpr) {
            return caseExpr.whens().stream().anyMatch(w -> anyColumn(w.condition(), predicate)
                    || anyColumn(w.result(), predicate)) || anyColumn(caseExpr.otherwise(), predicate);
        }
        return false;
    }

    public static void collectColumns(Expr expr, java.util.Set<Integer> into) {
        anyColumn(expr, index -> {
            into.add(index);
            return false;
        });
    }

    public static boolean isConstant(Expr expr) {
        return !anyColumn(expr, i -> true) && !containsParameter(expr);
    }

    private static boolean containsParameter(Expr expr) {
        if (expr instanceof Parameter) {
            return true;
        }
        if (expr instanceof Call call) {
            return call.args().stream().anyMatch(Exprs::containsParameter);
        }
        if (expr instanceof Cast cast) {
            return containsParameter(cast.input());
        }
        if (expr instanceof Case caseExpr) {
            return caseExpr.whens().stream().anyMatch(w -> containsParameter(w.condition())
                    || containsParameter(w.result())) || containsParameter(caseExpr.otherwise());
        }
        return false;
    }

    /** The conjuncts of an AND tree. */
    public static List<Expr> conjuncts(Expr expr) {
        List<Expr> result = new ArrayList<>();
        addConjuncts(expr, result);
        return result;
    }

    private static void addConjuncts(Expr expr, List<Expr> into) {
        if (expr instanceof Call call && call.function().equals("and")) {
            for (Expr arg : call.args()) {
                addConjuncts(arg, into);
            }
        } else if (expr != null) {
            into.add(expr);
        }
    }

    /** AND of the expressions; null for none. */
    public static Expr and(List<Expr> conjuncts) {
        Expr result = null;
        for (Expr conjunct : conjuncts) {
            result = result == null ? conjunct : Call.of("and", SqlType.BOOLEAN, result, conjunct);
        }
        return result;
    }

    public static Expr and(Expr left, Expr right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        return Call.of("and", SqlType.BOOLEAN, left, right);
    }

    public static Literal bool(boolean value) {
        return new Literal(value, SqlType.BOOLEAN);
    }

    public static boolean isTrueLiteral(Expr expr) {
        return expr instanceof Literal literal && Boolean.TRUE.equals(literal.value());
    }
}
