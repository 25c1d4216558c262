package io.rockstream.compiler.ast;

import java.util.List;

/**
 * A type as written: {@code name} is the lower-cased base name with PostgreSQL's multi-word
 * spellings normalized to one of: boolean, smallint, integer, bigint, real,
 * "double precision", numeric, text, varchar, char, date, time, timestamp, timestamptz,
 * interval, bytea (aliases such as int, int4, int8, float8, decimal, bool, "character
 * varying", "timestamp with time zone" are mapped by the parser). Unknown names are kept
 * as written so the binder can report them. {@code modifiers} are the numbers in
 * parentheses.
 */
public record TypeName(String name, List<Integer> modifiers, Position position) implements Node {
    public TypeName {
        modifiers = List.copyOf(modifiers);
    }
}
