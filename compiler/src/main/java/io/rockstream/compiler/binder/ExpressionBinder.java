package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.Parameter;
import io.rockstream.jobgraph.function.FunctionCatalog;
import io.rockstream.jobgraph.function.ResolvedFunction;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import io.rockstream.jobgraph.type.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Binds one scalar expression in a scope: resolves names (outer references of a correlated
 * subquery become {@code ColumnRef(OUTER_BASE + i)}), types literals, resolves functions
 * and operators and makes implicit casts explicit. Aggregates and subqueries are handed to
 * the caller, which knows the plan they attach to.
 */
final class ExpressionBinder {
    /** Column indexes at or above this denote columns of the enclosing query block. */
    static final int OUTER_BASE = 1 << 24;

    static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every",
            "string_agg", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop");

    /** Turns an aggregate call into an expression of the aggregated plan. */
    interface AggregateHandler {
        Expr aggregate(Expression.FunctionCall call);
    }

    /** Turns a subquery expression (scalar, EXISTS, IN) into an expression of the host plan. */
    interface SubqueryHandler {
        Expr subquery(Expression expression, Expr probe);
    }

    /** Turns a window function call into a column of the plan the select list is computed over. */
    interface WindowHandler {
        Expr window(Expression.WindowFunction window);
    }

    private final Scope scope;
    private final AggregateHandler aggregates;
    private final String clause;
    private final SubqueryHandler subqueries;
    private final WindowHandler windows;

    ExpressionBinder(Scope scope, AggregateHandler aggregates, String clause, SubqueryHandler subqueries) {
        this(scope, aggregates, clause, subqueries, null);
    }

    ExpressionBinder(Scope scope, AggregateHandler aggregates, String clause, SubqueryHandler subqueries,
            WindowHandler windows) {
        this.scope = scope;
        this.aggregates = aggregates;
        this.clause = clause;
        this.subqueries = subqueries;
        this.windows = windows;
    }

    /** The same binder without window functions (for their own arguments: they cannot nest). */
    ExpressionBinder withoutWindows(String newClause) {
        return new ExpressionBinder(scope, aggregates, newClause, subqueries, null);
    }

    Expr bind(Expression expression) {
        try {
            return bindNode(expression);
        } catch (RockStreamException error) {
            if (!error.hasPosition() && expression.position().known()) {
                Position position = expression.position();
                throw error.at(position.offset() + 1, position.line(), position.column());
            }
            throw error;
        }
    }

    Expr bindBoolean(Expression expression, String context) {
        Expr bound = bind(expression);
        if (bound.type().kind() == TypeKind.UNKNOWN) {
            return coerce(bound, SqlType.BOOLEAN);
        }
        if (bound.type().kind() != TypeKind.BOOLEAN) {
            throw Scope.error(ErrorCode.DATATYPE_MISMATCH, "argument of " + context + " must be type boolean, not type "
                    + bound.type(), expression.position());
        }
        return bound;
    }

    private Expr bindNode(Expression expression) {
        if (expression instanceof Expression.Identifier identifier) {
            Scope.Resolved resolved;
            try {
                resolved = scope.resolve(identifier.name());
            } catch (RockStreamException notFound) {
                Expr special = SystemFunctions.sessionIdentifier(identifier.name());
                if (special == null || notFound.code() != ErrorCode.UNDEFINED_COLUMN) {
                    throw notFound;
                }
                return special;
            }
            if (resolved.depth() == 0) {
                return new ColumnRef(resolved.field().index(), resolved.field().type());
            }
            if (resolved.depth() == 1) {
                return new ColumnRef(OUTER_BASE + resolved.field().index(), resolved.field().type());
            }
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "a subquery referencing a query more than one level out is not supported yet", identifier.position());
        }
        if (expression instanceof Expression.Literal literal) {
            return literal(literal);
        }
        if (expression instanceof Expression.TypedLiteral typed) {
            return cast(new Literal(typed.text(), SqlType.UNKNOWN), Types.of(typed.type()), typed.position());
        }
        if (expression instanceof Expression.Parameter parameter) {
            return new Parameter(parameter.number(), SqlType.UNKNOWN);
        }
        if (expression instanceof Expression.Binary binary) {
            return binary(binary);
        }
        if (expression instanceof Expression.Unary unary) {
            return unary(unary);
        }
        if (expression instanceof Expression.FunctionCall call) {
            return function(call);
        }
        if (expression instanceof Expression.WindowFunction window) {
            if (windows == null) {
                throw Scope.error(ErrorCode.WINDOWING_ERROR, "window functions are not allowed in " + clause,
                        window.position());
            }
            return windows.window(window);
        }
        if (expression instanceof Expression.Cast cast) {
            if (SystemFunctions.isCatalogType(cast.type())) {
                return SystemFunctions.cast(bind(cast.operand()), cast.type(), cast.position());
            }
            return cast(bind(cast.operand()), Types.of(cast.type()), cast.position());
        }
        if (expression instanceof Expression.ArrayConstructor array) {
            List<Expr> elements = new ArrayList<>();
            for (Expression element : array.elements()) {
                elements.add(bind(element));
            }
            return SystemFunctions.arrayConstructor(elements, array.position());
        }
        if (expression instanceof Expression.ArraySubquery array) {
            Expression.ScalarSubquery scalar = new Expression.ScalarSubquery(
                    SystemFunctions.arraySubquery(array.subquery(), array.position()), array.position());
            return requireSubqueries(array).subquery(scalar, null);
        }
        if (expression instanceof Expression.ArrayQuantified quantified) {
            return SystemFunctions.arrayQuantified(bind(quantified.left()), quantified.operator(), quantified.all(),
                    bind(quantified.array()), quantified.position());
        }
        if (expression instanceof Expression.FieldSelection selection) {
            return SystemFunctions.fieldSelection(bind(selection.operand()), selection.field(), selection.position());
        }
        if (expression instanceof Expression.Subscript subscript) {
            Expr array = bind(subscript.array());
            return call("array_element", List.of(coerce(array, SqlType.TEXT), bind(subscript.index())),
                    subscript.position());
        }
        if (expression instanceof Expression.Case caseExpression) {
            return caseExpression(caseExpression);
        }
        if (expression instanceof Expression.Between between) {
            return between(between);
        }
        if (expression instanceof Expression.InList in) {
            return inList(in);
        }
        if (expression instanceof Expression.InSubquery in) {
            Expr result = requireSubqueries(in).subquery(in, bind(in.operand()));
            return in.negated() ? not(result) : result;
        }
        if (expression instanceof Expression.Quantified quantified) {
            return requireSubqueries(quantified).subquery(quantified, bind(quantified.left()));
        }
        if (expression instanceof Expression.Exists || expression instanceof Expression.ScalarSubquery) {
            return requireSubqueries(expression).subquery(expression, null);
        }
        if (expression instanceof Expression.Like like) {
            List<Expr> args = new ArrayList<>(List.of(bind(like.operand()), bind(like.pattern())));
            like.escape().ifPresent(escape -> args.add(bind(escape)));
            String name = (like.negated() ? "not_" : "") + (like.caseInsensitive() ? "ilike" : "like");
            return call(name, args, like.position());
        }
        if (expression instanceof Expression.IsNull isNull) {
            Expr operand = bind(isNull.operand());
            if (operand instanceof Literal literal) {
                return Exprs.bool((literal.value() == null) != isNull.negated());
            }
            return call(isNull.negated() ? "is_not_null" : "is_null", List.of(operand), isNull.position());
        }
        if (expression instanceof Expression.IsBoolean test) {
            String what = test.value() == null ? "unknown" : (test.value() ? "true" : "false");
            return call((test.negated() ? "is_not_" : "is_") + what, List.of(bind(test.operand())), test.position());
        }
        if (expression instanceof Expression.IsDistinctFrom distinct) {
            return call(distinct.negated() ? "is_not_distinct_from" : "is_distinct_from",
                    List.of(bind(distinct.left()), bind(distinct.right())), distinct.position());
        }
        if (expression instanceof Expression.Row row) {
            if (row.values().size() == 1) {
                return bind(row.values().get(0));
            }
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "row constructors are not supported yet", row.position());
        }
        if (expression instanceof Expression.Default defaultValue) {
            throw Scope.error(ErrorCode.SYNTAX_ERROR, "DEFAULT is not allowed in this context", defaultValue.position());
        }
        throw new IllegalStateException("unknown expression " + expression.getClass().getSimpleName());
    }

    /**
     * {@code x IN (list)} as PostgreSQL builds it: the elements without columns in one
     * {@code in} (a single one as {@code x = c}), each element with columns as its own
     * {@code x = e}, all OR-ed; NOT IN is the negation (so AND of {@code <>}).
     */
    private Expr inList(Expression.InList in) {
        Expr probe = bind(in.operand());
        List<Expr> constants = new ArrayList<>();
        List<Expr> others = new ArrayList<>();
        for (Expression value : in.values()) {
            Expr bound = bind(value);
            (Exprs.isConstant(bound) ? constants : others).add(bound);
        }
        Expr result = null;
        if (constants.size() == 1) {
            result = call("=", List.of(probe, constants.get(0)), in.position());
        } else if (constants.size() > 1) {
            List<Expr> args = new ArrayList<>();
            args.add(probe);
            args.addAll(constants);
            result = call("in", args, in.position());
        }
        for (Expr other : others) {
            Expr equal = call("=", List.of(probe, other), in.position());
            result = result == null ? equal : Quals.or(result, equal);
        }
        return in.negated() ? not(result) : result;
    }

    private SubqueryHandler requireSubqueries(Expression expression) {
        if (subqueries == null) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "subqueries are not supported in " + clause,
                    expression.position());
        }
        return subqueries;
    }

    static Expr literal(Expression.Literal literal) {
        return switch (literal.kind()) {
            case NULL -> Literal.nullOf(SqlType.UNKNOWN);
            case BOOLEAN -> new Literal(Boolean.parseBoolean(literal.text()), SqlType.BOOLEAN);
            case STRING -> new Literal(literal.text(), SqlType.UNKNOWN);
            case DECIMAL -> new Literal(new BigDecimal(literal.text()), SqlType.NUMERIC);
            case INTEGER -> {
                BigInteger value = new BigInteger(literal.text());
                if (value.bitLength() < 32) {
                    yield new Literal(value.intValue(), SqlType.INTEGER);
                }
                if (value.bitLength() < 64) {
                    yield new Literal(value.longValue(), SqlType.BIGINT);
                }
                yield new Literal(new BigDecimal(value), SqlType.NUMERIC);
            }
        };
    }

    private Expr binary(Expression.Binary binary) {
        String operator = binary.operator();
        if (operator.equals("and") || operator.equals("or")) {
            Expr left = bindBoolean(binary.left(), operator.toUpperCase());
            Expr right = bindBoolean(binary.right(), operator.toUpperCase());
            return operator.equals("and") ? Quals.and(left, right) : Quals.or(left, right);
        }
        return call(operator.equals("!=") ? "<>" : operator, List.of(bind(binary.left()), bind(binary.right())),
                binary.position());
    }

    private Expr unary(Expression.Unary unary) {
        return switch (unary.operator()) {
            case "not" -> not(bindBoolean(unary.operand(), "NOT"));
            case "-" -> {
                Expression operand = unary.operand();
                if (operand instanceof Expression.Literal literal && literal.kind() != Expression.LiteralKind.STRING
                        && (literal.kind() == Expression.LiteralKind.INTEGER
                        || literal.kind() == Expression.LiteralKind.DECIMAL)) {
                    yield literal(new Expression.Literal(literal.kind(), "-" + literal.text(), literal.position()));
                }
                yield call("neg", List.of(bind(operand)), unary.position());
            }
            case "+" -> {
                Expr operand = bind(unary.operand());
                if (!operand.type().kind().isNumeric() && operand.type().kind() != TypeKind.UNKNOWN
                        && operand.type().kind() != TypeKind.INTERVAL) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "operator does not exist: + " + operand.type(),
                            unary.position());
                }
                yield operand.type().kind() == TypeKind.UNKNOWN ? coerce(operand, SqlType.NUMERIC) : operand;
            }
            default -> throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "operator does not exist: " + unary.operator(),
                    unary.position());
        };
    }

    static Expr not(Expr operand) {
        return Quals.not(operand);
    }

    private Expr function(Expression.FunctionCall call) {
        String name = call.name().parts().get(call.name().parts().size() - 1);
        if (call.name().parts().size() > 1 && !call.name().parts().get(0).equals("pg_catalog")
                && !call.name().parts().get(0).equals("information_schema")) {
            throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function " + call.name() + " does not exist", call.position());
        }
        if (AGGREGATES.contains(name)) {
            if (aggregates == null) {
                throw Scope.error(ErrorCode.GROUPING_ERROR, "aggregate functions are not allowed in " + clause,
                        call.position());
            }
            return aggregates.aggregate(call);
        }
        if (call.distinct() || call.star() || !call.orderBy().isEmpty() || call.filter().isPresent()) {
            throw Scope.error(ErrorCode.WRONG_OBJECT_TYPE,
                    "DISTINCT, ORDER BY, FILTER or * specified, but " + name + " is not an aggregate function",
                    call.position());
        }
        List<Expr> args = new ArrayList<>();
        for (Expression arg : call.args()) {
            args.add(bind(arg));
        }
        Expr system = SystemFunctions.call(name, args, call.position());
        if (system != null) {
            return system;
        }
        if (name.equals("pg_typeof") && args.size() == 1) {
            // the argument's type is known at bind time: its name, as pg_typeof's regtype prints it
            SqlType type = args.get(0).type();
            String typeName = type.kind() == TypeKind.CHAR ? "character" : type.kind().sqlName();
            return new Literal(typeName, SqlType.TEXT);
        }
        return call(name, args, call.position());
    }

    /** Resolves a function or operator and casts the arguments to its parameter types. */
    static Expr call(String name, List<Expr> args, Position position) {
        List<SqlType> types = args.stream().map(Expr::type).toList();
        ResolvedFunction resolved;
        try {
            resolved = FunctionCatalog.resolve(name, types);
        } catch (RockStreamException error) {
            throw position != null && position.known() && !error.hasPosition()
                    ? error.at(position.offset() + 1, position.line(), position.column())
                    : error;
        }
        List<Expr> coerced = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            List<SqlType> parameters = resolved.parameterTypes();
            SqlType parameter = parameters.isEmpty() ? args.get(i).type()
                    : parameters.get(Math.min(i, parameters.size() - 1));
            coerced.add(coerce(args.get(i), parameter));
        }
        if (yieldsNullFor(resolved.name(), coerced)) {
            return Literal.nullOf(resolved.returnType());
        }
        return new Call(resolved.name(), coerced, resolved.returnType());
    }

    /** Functions that can return non-NULL for a NULL argument (PostgreSQL's non-strict ones). */
    private static final Set<String> NON_STRICT = Set.of("and", "or", "coalesce", "nullif", "greatest", "least",
            "is_null", "is_not_null", "is_distinct_from", "is_not_distinct_from", "is_true", "is_not_true",
            "is_false", "is_not_false", "is_unknown", "is_not_unknown", "concat", "concat_ws", "in", "now",
            "random");

    /**
     * Constant folding as PostgreSQL's planner does it: a strict function with a NULL
     * constant argument is NULL, and its other arguments are never evaluated (so
     * {@code x / 0 = NULL} is NULL, not a division by zero). {@code NULL IN (...)} is NULL too.
     */
    private static boolean yieldsNullFor(String function, List<Expr> args) {
        if (function.equals("in")) {
            return isNullLiteral(args.get(0));
        }
        if (NON_STRICT.contains(function)) {
            return false;
        }
        return args.stream().anyMatch(ExpressionBinder::isNullLiteral);
    }

    private static boolean isNullLiteral(Expr expr) {
        return expr instanceof Literal literal && literal.value() == null;
    }

    /** An implicit cast to {@code target} (no-op when the type already matches). */
    static Expr coerce(Expr expr, SqlType target) {
        if (expr.type().equals(target) || target.kind() == TypeKind.UNKNOWN) {
            return expr;
        }
        if (expr.type().kind() == target.kind() && target.precision() < 0 && target.scale() < 0) {
            return expr;
        }
        if (expr instanceof Literal literal && literal.value() == null) {
            return Literal.nullOf(target);
        }
        if (expr instanceof Literal literal && literal.type().kind() == TypeKind.UNKNOWN && target.kind().isText()
                && target.precision() < 0) {
            // a quoted string is already a text value: no cast to run once per row (a multi-row VALUES stays one node)
            return new Literal(literal.value(), target);
        }
        return new Cast(expr, target);
    }

    static Expr cast(Expr expr, SqlType target, Position position) {
        if (expr.type().equals(target)) {
            return expr;
        }
        if (!TypeCoercion.canCast(expr.type(), target)) {
            throw Scope.error(ErrorCode.CANNOT_COERCE, "cannot cast type " + expr.type() + " to " + target, position);
        }
        if (expr instanceof Literal literal && literal.value() == null) {
            return Literal.nullOf(target);
        }
        return new Cast(expr, target);
    }

    private Expr caseExpression(Expression.Case caseExpression) {
        Expr operand = caseExpression.operand().map(this::bind).orElse(null);
        List<Expr> conditions = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        for (Expression.WhenClause when : caseExpression.whens()) {
            if (operand != null) {
                conditions.add(call("=", List.of(operand, bind(when.condition())), when.position()));
            } else {
                conditions.add(bindBoolean(when.condition(), "CASE/WHEN"));
            }
            results.add(bind(when.result()));
        }
        Expr otherwise = caseExpression.otherwise().map(this::bind).orElse(Literal.nullOf(SqlType.UNKNOWN));
        List<SqlType> types = new ArrayList<>(results.stream().map(Expr::type).toList());
        types.add(otherwise.type());
        SqlType type;
        try {
            type = TypeCoercion.commonType(types, "CASE");
        } catch (RockStreamException error) {
            Position position = caseExpression.position();
            throw error.hasPosition() ? error : error.at(position.offset() + 1, position.line(), position.column());
        }
        List<Case.When> whens = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            whens.add(new Case.When(conditions.get(i), coerce(results.get(i), type)));
        }
        return new Case(whens, coerce(otherwise, type), type);
    }

    private Expr between(Expression.Between between) {
        Expr operand = bind(between.operand());
        Expr low = bind(between.low());
        Expr high = bind(between.high());
        Expr result = Quals.and(
                call(">=", List.of(operand, low), between.position()),
                call("<=", List.of(operand, high), between.position()));
        if (between.symmetric()) {
            result = Quals.or(result, Quals.and(
                    call(">=", List.of(operand, high), between.position()),
                    call("<=", List.of(operand, low), between.position())));
        }
        return between.negated() ? not(result) : result;
    }
}
