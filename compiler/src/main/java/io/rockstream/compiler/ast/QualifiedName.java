package io.rockstream.compiler.ast;

import java.util.List;

/**
 * A possibly qualified name ({@code t}, {@code s.t}, {@code t.c}). Parts are already
 * case-folded: unquoted identifiers are lower-cased, quoted ones kept as written.
 */
public record QualifiedName(List<String> parts, Position position) implements Node {
    public QualifiedName {
        parts = List.copyOf(parts);
    }

    public String last() {
        return parts.get(parts.size() - 1);
    }

    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
