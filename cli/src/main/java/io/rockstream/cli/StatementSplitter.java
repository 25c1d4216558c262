package io.rockstream.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the shell's input into statements at top-level semicolons, line by line, the way
 * psql's lexer does: a semicolon inside a quoted string, a quoted identifier, a
 * {@code /* ... *&#47;} comment (nested), a {@code $tag$ ... $tag$} string or after
 * {@code --} does not end a statement. Whitespace and {@code --} comments before a statement
 * are dropped, so a statement's text (and the error positions reported against it) starts
 * at its first token; comments inside a statement are kept.
 *
 * <p>Mutable; owned by the shell's reading thread.
 */
final class StatementSplitter {
    /** What the lexer is inside of at the end of the input seen so far. */
    enum State {
        /** Between tokens. */
        NORMAL,
        /** A {@code '...'} string ({@code E'...'} also honors backslash escapes). */
        SINGLE_QUOTE,
        /** A {@code "..."} identifier. */
        DOUBLE_QUOTE,
        /** A {@code /* ... *&#47;} comment; these nest. */
        BLOCK_COMMENT,
        /** A {@code $tag$ ... $tag$} string. */
        DOLLAR_QUOTE
    }

    private final StringBuilder buffer = new StringBuilder();
    private State state = State.NORMAL;
    private boolean backslashEscapes;
    private int commentDepth;
    private String dollarTag = "";

    /**
     * Feeds one input line (without its line terminator) and returns the statements it
     * completed, without their semicolons, in order.
     */
    List<String> feed(String line) {
        String text = line + "\n";
        List<String> complete = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            switch (state) {
                case NORMAL -> {
                    if (buffer.isEmpty() && Character.isWhitespace(c)) {
                        i++;
                    } else if (c == '-' && next(text, i) == '-') {
                        if (!buffer.isEmpty()) {
                            buffer.append(text, i, text.length());
                        }
                        i = text.length();
                    } else if (c == ';') {
                        complete.add(buffer.toString().stripTrailing());
                        buffer.setLength(0);
                        i++;
                    } else {
                        i = normalToken(text, i);
                    }
                }
                case SINGLE_QUOTE -> {
                    append(c);
                    if (c == '\\' && backslashEscapes && i + 1 < text.length()) {
                        append(text.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'' && next(text, i) == '\'') {
                        append('\'');
                        i += 2;
                    } else {
                        if (c == '\'') {
                            state = State.NORMAL;
                        }
                        i++;
                    }
                }
                case DOUBLE_QUOTE -> {
                    append(c);
                    if (c == '"' && next(text, i) == '"') {
                        append('"');
                        i += 2;
                    } else {
                        if (c == '"') {
                            state = State.NORMAL;
                        }
                        i++;
                    }
                }
                case BLOCK_COMMENT -> {
                    if (c == '/' && next(text, i) == '*') {
                        commentDepth++;
                        buffer.append("/*");
                        i += 2;
                    } else if (c == '*' && next(text, i) == '/') {
                        commentDepth--;
                        buffer.append("*/");
                        i += 2;
                        if (commentDepth == 0) {
                            state = State.NORMAL;
                        }
                    } else {
                        append(c);
                        i++;
                    }
                }
                case DOLLAR_QUOTE -> {
                    if (text.startsWith(dollarTag, i)) {
                        buffer.append(dollarTag);
                        i += dollarTag.length();
                        state = State.NORMAL;
                    } else {
                        append(c);
                        i++;
                    }
                }
            }
        }
        return complete;
    }

    /** Handles a character between tokens that starts a quote, a comment or nothing special. */
    private int normalToken(String text, int i) {
        char c = text.charAt(i);
        if (c == '\'') {
            char previous = buffer.isEmpty() ? ' ' : buffer.charAt(buffer.length() - 1);
            char beforePrevious = buffer.length() < 2 ? ' ' : buffer.charAt(buffer.length() - 2);
            backslashEscapes = (previous == 'E' || previous == 'e') && !isIdentifierPart(beforePrevious);
            state = State.SINGLE_QUOTE;
        } else if (c == '"') {
            state = State.DOUBLE_QUOTE;
        } else if (c == '/' && next(text, i) == '*') {
            append('/');
            append('*');
            state = State.BLOCK_COMMENT;
            commentDepth = 1;
            return i + 2;
        } else if (c == '$') {
            char previous = buffer.isEmpty() ? ' ' : buffer.charAt(buffer.length() - 1);
            String tag = isIdentifierPart(previous) ? null : dollarTag(text, i);
            if (tag != null) {
                append('$');
                buffer.append(tag, 1, tag.length());
                dollarTag = tag;
                state = State.DOLLAR_QUOTE;
                return i + tag.length();
            }
        }
        append(c);
        return i + 1;
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, or null when there is none. */
    private static String dollarTag(String text, int i) {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '$') {
            char c = text.charAt(end);
            boolean valid = end == i + 1 ? Character.isLetter(c) || c == '_' : isIdentifierPart(c);
            if (!valid) {
                return null;
            }
            end++;
        }
        return end < text.length() ? text.substring(i, end + 1) : null;
    }

    private void append(char c) {
        buffer.append(c);
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : '\0';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Whether no statement has started: meta-commands are only recognized then. */
    boolean isEmpty() {
        return buffer.isEmpty();
    }

    /** What the input is inside of, for the continuation prompt. */
    State state() {
        return state;
    }

    /** The unterminated statement at end of input, if any; the buffer is emptied. */
    String drain() {
        if (buffer.isEmpty()) {
            return null;
        }
        String rest = buffer.toString().stripTrailing();
        buffer.setLength(0);
        state = State.NORMAL;
        return rest;
    }
}
