package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.type.TypeKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict scalar implementations, keyed by function name and parameter kinds
 * ({@code "+(integer,integer)"}); looked up once per call when an expression is compiled.
 * The special forms (AND, OR, CASE, COALESCE, IN, IS ..., concat, ...) live in
 * {@link ExprCompiler}.
 */
final class Implementations {
    private static final Implementations INSTANCE = new Implementations();

    private final Map<String, Object> implementations = new HashMap<>();

    private Implementations() {
        Comparisons.register(this);
        Arithmetic.register(this);
        MathFunctions.register(this);
        Strings.register(this);
        DateTimeFunctions.register(this);
        CatalogFunctions.register(this);
    }

    /** Registers a {@link Fn} shape (or {@link Fn.PerSite}) for {@code name(parameters)}. */
    void add(String name, Object implementation, TypeKind... parameters) {
        implementations.put(key(name, List.of(parameters)), implementation);
    }

    /** The implementation of {@code name} for exactly these parameter kinds, or {@code null}. */
    static Object find(String name, List<TypeKind> parameters) {
        Object found = INSTANCE.implementations.get(key(name, parameters));
        return found instanceof Fn.PerSite perSite ? perSite.create() : found;
    }

    private static String key(String name, List<TypeKind> parameters) {
        StringBuilder key = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(parameters.get(i).name());
        }
        return key.append(')').toString();
    }
}
