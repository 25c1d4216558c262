package io.rockstream.compiler.ast;

/**
 * Where a node starts in the SQL text: {@code offset} is the 0-based character index
 * (PostgreSQL reports {@code offset + 1}), {@code line} and {@code column} are 1-based.
 */
public record Position(int offset, int line, int column) {
    public static final Position UNKNOWN = new Position(-1, 0, 0);

    public boolean known() {
        return offset >= 0;
    }
}
