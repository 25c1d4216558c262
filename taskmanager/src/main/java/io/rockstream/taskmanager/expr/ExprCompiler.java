package io.rockstream.taskmanager.expr;

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
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles a typed {@link Expr} once into a tree of closures: every call's implementation is
 * chosen here, by name and argument types, never per row.
 *
 * <ul>
 *   <li>Calls are re-resolved against the {@link FunctionCatalog}; an argument whose type
 *       differs from the chosen parameter type gets an implicit cast.</li>
 *   <li>Ordinary functions are strict: all arguments are evaluated, then any NULL gives NULL.</li>
 *   <li>CASE evaluates only the branch taken; COALESCE stops at the first non-NULL; AND/OR are
 *       three-valued and evaluate left to right, stopping at the first FALSE (AND) / TRUE (OR).</li>
 *   <li>A deterministic call or cast whose inputs are all constants is evaluated at compile
 *       time; if that raises, the error is deferred to evaluation (a CASE may never reach it).</li>
 *   <li>Parameters ({@code $1} is index 0) are constants of the compiled expression.</li>
 * </ul>
 */
public final class ExprCompiler {
    private final List<Object> parameters;

    /** A compiled subtree; {@code constant} when {@code value} is known at compile time. */
    private record Node(Evaluator evaluator, SqlType type, boolean constant, Object value) {
        static Node of(Evaluator evaluator, SqlType type) {
            return new Node(evaluator, type, false, null);
        }

        static Node constant(Object value, SqlType type) {
            return new Node(row -> value, type, true, value);
        }
    }

    private ExprCompiler(List<Object> parameters) {
        this.parameters = parameters;
    }

    public static Evaluator compile(Expr expr) {
        return compile(expr, List.of());
    }

    /** Compiles {@code expr}; {@code parameters} are the values of {@code $1, $2, ...}. */
    public static Evaluator compile(Expr expr, List<Object> parameters) {
        Node node = new ExprCompiler(parameters).node(expr);
        if (node.constant()) {
            Object value = node.value();
            return row -> value;
        }
        Evaluator inner = node.evaluator();
        return row -> {
            try {
                return inner.evaluate(row);
            } catch (RockStreamException error) {
                throw error;
            } catch (RuntimeException bug) {
                throw RockStreamException.internal("expression evaluation failed: " + bug, bug);
            }
        };
    }

    private Node node(Expr expr) {
        if (expr instanceof ColumnRef column) {
            int index = column.index();
            return Node.of(row -> row.get(index), column.type());
        }
        if (expr instanceof Literal literal) {
            return Node.constant(literal.value(), literal.type());
        }
        if (expr instanceof Parameter parameter) {
            return parameter(parameter);
        }
        if (expr instanceof Cast cast) {
            return cast(node(cast.input()), cast.type());
        }
        if (expr instanceof Case caseExpr) {
            return caseNode(caseExpr);
        }
        if (expr instanceof Call call) {
            return call(call);
        }
        throw RockStreamException.internal("unknown expression " + expr, null);
    }

    private Node parameter(Parameter parameter) {
        int index = parameter.number() - 1;
        if (index < 0 || index >= parameters.size()) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_OBJECT, "there is no parameter $%d", parameter.number());
        }
        Object value = parameters.get(index);
        TypeKind kind = parameter.type().kind();
        if (value instanceof String text && !kind.isText() && kind != TypeKind.UNKNOWN) {
            value = PgText.parse(text, parameter.type());
        }
        return Node.constant(value, parameter.type());
    }

    private Node cast(Node input, SqlType target) {
        Casts.Conversion conversion = Casts.compile(input.type(), target, false);
        if (conversion == null) {
            return new Node(input.evaluator(), target, input.constant(), input.value());
        }
        Evaluator source = input.evaluator();
        Evaluator evaluator = row -> {
            Object value = source.evaluate(row);
            return value == null ? null : conversion.apply(value);
        };
        return fold(evaluator, target, true, List.of(input));
    }

    /** Evaluates now when deterministic with constant inputs; an error is deferred to run time. */
    private static Node fold(Evaluator evaluator, SqlType type, boolean deterministic, List<Node> inputs) {
        if (!deterministic) {
            return Node.of(evaluator, type);
        }
        for (Node input : inputs) {
            if (!input.constant()) {
                return Node.of(evaluator, type);
            }
        }
        try {
            return Node.constant(evaluator.evaluate(Row.EMPTY), type);
        } catch (RuntimeException deferred) {
            return Node.of(evaluator, type);
        }
    }

    private Node caseNode(Case caseExpr) {
        int count = caseExpr.whens().size();
        Evaluator[] conditions = new Evaluator[count];
        Evaluator[] results = new Evaluator[count];
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node condition = node(caseExpr.whens().get(i).condition());
            Node result = coerce(node(caseExpr.whens().get(i).result()), caseExpr.type());
            conditions[i] = condition.evaluator();
            results[i] = result.evaluator();
            inputs.add(condition);
            inputs.add(result);
        }
        Node otherwiseNode = coerce(node(caseExpr.otherwise()), caseExpr.type());
        inputs.add(otherwiseNode);
        Evaluator otherwise = otherwiseNode.evaluator();
        Evaluator evaluator = row -> {
            for (int i = 0; i < conditions.length; i++) {
                if (Boolean.TRUE.equals(conditions[i].evaluate(row))) {
                    return results[i].evaluate(row);
                }
            }
            return otherwise.evaluate(row);
        };
        return fold(evaluator, caseExpr.type(), true, inputs);
    }

    /** {@code node} cast to {@code type} when their kinds differ (the binder normally did it already). */
    private Node coerce(Node node, SqlType type) {
        if (node.type().kind() == type.kind() || type.kind() == TypeKind.UNKNOWN) {
            return node;
        }
        return cast(node, type);
    }

    private Node call(Call call) {
        List<Node> arguments = new ArrayList<>(call.args().size());
        List<SqlType> argumentTypes = new ArrayList<>(call.args().size());
        for (Expr argument : call.args()) {
            Node compiled = node(argument);
            arguments.add(compiled);
            argumentTypes.add(compiled.type());
        }
        ResolvedFunction resolved = FunctionCatalog.resolve(call.function(), argumentTypes);
        for (int i = 0; i < arguments.size(); i++) {
            arguments.set(i, coerce(arguments.get(i), resolved.parameterTypes().get(i)));
        }
        String name = resolved.name();
        Evaluator[] evaluators = new Evaluator[arguments.size()];
        List<TypeKind> kinds = new ArrayList<>(arguments.size());
        for (int i = 0; i < evaluators.length; i++) {
            evaluators[i] = arguments.get(i).evaluator();
            kinds.add(arguments.get(i).type().kind());
        }
        Evaluator evaluator = SpecialForms.compile(name, evaluators, kinds);
        if (evaluator == null) {
            evaluator = strict(name, evaluators, kinds);
        }
        return fold(evaluator, call.type(), FunctionCatalog.isDeterministic(name), arguments);
    }

    private static Evaluator strict(String name, Evaluator[] arguments, List<TypeKind> kinds) {
        Object implementation = Implementations.find(name, kinds);
        if (implementation == null) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_FUNCTION, "function %s(%s) has no implementation",
                    name, kinds);
        }
        int arity = arguments.length;
        if (arity == 0 && implementation instanceof Fn.Fn0 function) {
            return row -> function.apply();
        }
        if (arity == 1 && implementation instanceof Fn.Fn1 function) {
            Evaluator first = arguments[0];
            return row -> {
                Object a = first.evaluate(row);
                return a == null ? null : function.apply(a);
            };
        }
        if (arity == 2 && implementation instanceof Fn.Fn2 function) {
            Evaluator first = arguments[0];
            Evaluator second = arguments[1];
            return row -> {
                Object a = first.evaluate(row);
                Object b = second.evaluate(row);
                return a == null || b == null ? null : function.apply(a, b);
            };
        }
        if (arity == 3 && implementation instanceof Fn.Fn3 function) {
            Evaluator first = arguments[0];
            Evaluator second = arguments[1];
            Evaluator third = arguments[2];
            return row -> {
                Object a = first.evaluate(row);
                Object b = second.evaluate(row);
                Object c = third.evaluate(row);
                return a == null || b == null || c == null ? null : function.apply(a, b, c);
            };
        }
        if (implementation instanceof Fn.FnN function) {
            return row -> {
                Object[] values = new Object[arguments.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = arguments[i].evaluate(row);
                }
                for (Object value : values) {
                    if (value == null) {
                        return null;
                    }
                }
                return function.apply(values);
            };
        }
        throw RockStreamException.internal("implementation of " + name + " has the wrong arity", null);
    }

    /** The SQL ordering of one type's values, for callers that sort or compare (three-valued logic aside). */
    public static Comparator<Object> comparator(SqlType type) {
        return Comparisons.of(type.kind());
    }
}
