package io.rockstream.compiler.binder;

import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.Parameter;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parameter type inference, as PostgreSQL does it at Parse: a placeholder is bound as an
 * untyped value ({@link Parameter} of type unknown), like an untyped string literal, and
 * takes the type its context gives it: the binder brings it to that type with a
 * {@link Cast}. So {@code k = $1} with {@code k bigint} makes {@code $1} a bigint, a value
 * inserted into a column takes the column's type, and {@code $1 || 'x'} makes it text.
 *
 * <p>The types are read off the bound result (a plan, a DML plan) by walking it: records
 * are walked through their components, so every plan node and expression is covered,
 * including those added later. The first context found wins when a parameter has several.
 */
public final class ParameterTypes {
    private ParameterTypes() {
    }

    /**
     * The type of each of {@code $1..$count} in {@code bound}: the type its context gave it,
     * text when it has no context (as for {@code SELECT $1}), null when {@code $n} does not
     * occur.
     */
    public static List<SqlType> of(Object bound, int count) {
        SqlType[] types = new SqlType[count];
        boolean[] seen = new boolean[count];
        walk(bound, types, seen, Collections.newSetFromMap(new IdentityHashMap<>()));
        for (int i = 0; i < count; i++) {
            if (types[i] == null && seen[i]) {
                types[i] = SqlType.TEXT;
            }
        }
        return Arrays.asList(types);
    }

    private static void walk(Object node, SqlType[] types, boolean[] seen, Set<Object> visited) {
        if (node == null || node instanceof SqlType || node instanceof String || node instanceof Number
                || node instanceof Enum<?> || !visited.add(node)) {
            return;
        }
        if (node instanceof Cast cast && cast.input() instanceof Parameter parameter
                && parameter.type().kind() == TypeKind.UNKNOWN) {
            record(parameter.number(), cast.type(), types, seen);
        } else if (node instanceof Parameter parameter) {
            record(parameter.number(), parameter.type().kind() == TypeKind.UNKNOWN ? null : parameter.type(), types,
                    seen);
        }
        if (node instanceof Collection<?> collection) {
            for (Object element : collection) {
                walk(element, types, seen, visited);
            }
        } else if (node instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                walk(value, types, seen, visited);
            }
        } else if (node instanceof Optional<?> optional) {
            optional.ifPresent(value -> walk(value, types, seen, visited));
        } else if (node.getClass().isRecord()) {
            for (RecordComponent component : node.getClass().getRecordComponents()) {
                walk(read(component, node), types, seen, visited);
            }
        }
    }

    private static void record(int number, SqlType type, SqlType[] types, boolean[] seen) {
        if (number < 1 || number > types.length) {
            return;
        }
        seen[number - 1] = true;
        if (types[number - 1] == null && type != null && type.kind() != TypeKind.UNKNOWN) {
            types[number - 1] = type;
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            java.lang.reflect.Method accessor = component.getAccessor();
            accessor.trySetAccessible();
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException unreadable) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), unreadable);
        }
    }
}
