package io.rockstream.jobgraph.function;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * A function or operator chosen for a call: the name the runtime dispatches on, the
 * parameter types the arguments must be cast to (the binder inserts the casts), and the
 * result type.
 */
public record ResolvedFunction(String name, List<SqlType> parameterTypes, SqlType returnType) {
    public ResolvedFunction {
        requireNonNull(name, "name is null");
        parameterTypes = List.copyOf(parameterTypes);
        requireNonNull(returnType, "returnType is null");
    }
}
