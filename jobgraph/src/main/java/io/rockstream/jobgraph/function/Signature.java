package io.rockstream.jobgraph.function;

import io.rockstream.jobgraph.type.TypeKind;
import java.util.Arrays;

/**
 * One overload of a catalog function: its parameter kinds (a {@code null} entry is the
 * polymorphic {@code "any"} of PostgreSQL's {@code concat} and {@code text || anynonarray},
 * which takes any type as it is), its result kind, and whether the last parameter repeats
 * (VARIADIC).
 */
record Signature(String name, TypeKind[] parameters, TypeKind result, boolean variadic) {
    Signature {
        parameters = parameters.clone();
    }

    int arity() {
        return parameters.length;
    }

    /** Whether the overload takes {@code count} arguments. */
    boolean accepts(int count) {
        return variadic ? count >= parameters.length : count == parameters.length;
    }

    /** The parameter kind at argument position {@code index} (repeating the variadic one). */
    TypeKind parameter(int index) {
        return index < parameters.length ? parameters[index] : parameters[parameters.length - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Signature that && name.equals(that.name) && Arrays.equals(parameters, that.parameters)
                && result == that.result && variadic == that.variadic;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(parameters) + " -> " + result;
    }
}
