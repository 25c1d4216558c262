package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * The names visible in one query block: the columns of its FROM clause, each with the
 * alias of the relation it came from, and the enclosing block's scope for correlated
 * references.
 */
final class Scope {
    /**
     * A column visible by name. {@code inStar} says whether {@code *} expands to it;
     * {@code unqualified} whether a bare name finds it (USING hides the joined copies).
     */
    record Field(String qualifier, String name, SqlType type, int index, boolean inStar, boolean unqualified) {
    }

    /** A name resolved in this scope ({@code depth} 0) or an enclosing one. */
    record Resolved(Field field, int depth) {
    }

    private final List<Field> fields;
    private final Scope outer;

    Scope(List<Field> fields, Scope outer) {
        this.fields = List.copyOf(fields);
        this.outer = outer;
    }

    static Scope empty(Scope outer) {
        return new Scope(List.of(), outer);
    }

    List<Field> fields() {
        return fields;
    }

    Scope outer() {
        return outer;
    }

    Scope withOuter(Scope newOuter) {
        return new Scope(fields, newOuter);
    }

    Resolved resolve(QualifiedName name) {
        List<String> parts = name.parts();
        if (parts.size() > 3) {
            throw error(ErrorCode.SYNTAX_ERROR, "improper qualified name (too many dotted names): " + name,
                    name.position());
        }
        String column = parts.get(parts.size() - 1);
        String qualifier = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        int depth = 0;
        for (Scope scope = this; scope != null; scope = scope.outer, depth++) {
            Field found = scope.find(qualifier, column, name);
            if (found != null) {
                return new Resolved(found, depth);
            }
        }
        if (qualifier != null && !hasQualifier(qualifier)) {
            throw error(ErrorCode.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + qualifier + "\"",
                    name.position());
        }
        RockStreamException missing = error(ErrorCode.UNDEFINED_COLUMN,
                "column \"" + (qualifier == null ? column : qualifier + "." + column) + "\" does not exist",
                name.position());
        String suggestion = suggest(column);
        return throwWithHint(missing, suggestion);
    }

    private static Resolved throwWithHint(RockStreamException error, String suggestion) {
        throw suggestion == null ? error : error.withHint("Perhaps you meant to reference the column \"" + suggestion + "\".");
    }

    private boolean hasQualifier(String qualifier) {
        for (Scope scope = this; scope != null; scope = scope.outer) {
            for (Field field : scope.fields) {
                if (qualifier.equals(field.qualifier())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Field find(String qualifier, String column, QualifiedName name) {
        Field found = null;
        for (Field field : fields) {
            boolean matches = qualifier == null
                    ? field.unqualified() && field.name().equals(column)
                    : qualifier.equals(field.qualifier()) && field.name().equals(column);
            if (matches) {
                if (found != null && found.index() != field.index()) {
                    throw error(ErrorCode.AMBIGUOUS_COLUMN, "column reference \"" + name + "\" is ambiguous",
                            name.position());
                }
                found = field;
            }
        }
        return found;
    }

    /** The visible column name closest to {@code column} (edit distance ≤ 2), for a "did you mean" hint. */
    private String suggest(String column) {
        String best = null;
        int bestDistance = 3;
        for (Scope scope = this; scope != null; scope = scope.outer) {
            for (Field field : scope.fields) {
                int distance = distance(column, field.name());
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = field.qualifier() == null ? field.name() : field.qualifier() + "." + field.name();
                }
            }
        }
        return best;
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The fields {@code *} (or {@code qualifier.*}) expands to, in order. */
    List<Field> star(String qualifier, Position position) {
        List<Field> result = new ArrayList<>();
        for (Field field : fields) {
            if (qualifier == null ? field.inStar() : qualifier.equals(field.qualifier())) {
                result.add(field);
            }
        }
        if (qualifier != null && result.isEmpty()) {
            throw error(ErrorCode.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + qualifier + "\"", position);
        }
        return result;
    }

    static RockStreamException error(ErrorCode code, String message, Position position) {
        RockStreamException error = RockStreamException.of(code, message);
        return position != null && position.known()
                ? error.at(position.offset() + 1, position.line(), position.column())
                : error;
    }
}
