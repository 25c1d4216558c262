package io.rockstream.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexer just deep enough for the gateway: it finds top-level semicolons (to cut a Simple
 * Query into statements) and {@code $n} parameter tokens, skipping {@code '...'} strings
 * ({@code E'...'} with backslash escapes), {@code "..."} identifiers, {@code $tag$...$tag$}
 * strings, {@code --} comments and nested {@code /* *&#47;} comments, as PostgreSQL's
 * scanner does with {@code standard_conforming_strings} on.
 */
final class SqlScanner {
    /** One statement of a script: {@code [start, end)} in the script, without the semicolon. */
    record Span(int start, int end) {
    }

    /** A {@code $n} token at {@code [start, end)}; {@code number} is 1-based. */
    record Placeholder(int start, int end, int number) {
    }

    private SqlScanner() {
    }

    /**
     * The statements of {@code sql}, trimmed of surrounding whitespace; statements that are
     * empty (only whitespace and comments between semicolons) are dropped.
     */
    static List<Span> statements(String sql) {
        List<Span> spans = new ArrayList<>();
        List<Integer> semicolons = new ArrayList<>();
        scan(sql, semicolons, null);
        int from = 0;
        semicolons.add(sql.length());
        for (int end : semicolons) {
            Span span = trim(sql, from, end);
            if (span != null) {
                spans.add(span);
            }
            from = end + 1;
        }
        return spans;
    }

    /** The {@code $n} tokens of {@code sql} outside strings, identifiers and comments. */
    static List<Placeholder> placeholders(String sql) {
        List<Placeholder> found = new ArrayList<>();
        scan(sql, null, found);
        return found;
    }

    /** True when {@code sql} holds nothing but whitespace, comments and semicolons. */
    static boolean isEmpty(String sql) {
        return statements(sql).isEmpty();
    }

    /** The first keyword of a statement, upper-cased, or "" (after comments and parentheses). */
    static String firstKeyword(String sql) {
        int i = skipBlank(sql, 0, sql.length());
        while (i < sql.length() && sql.charAt(i) == '(') {
            i = skipBlank(sql, i + 1, sql.length());
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
    }

    private static Span trim(String sql, int from, int end) {
        int start = skipBlank(sql, from, end);
        if (start >= end) {
            return null;
        }
        int stop = end;
        while (stop > start && Character.isWhitespace(sql.charAt(stop - 1))) {
            stop--;
        }
        return new Span(start, stop);
    }

    /** Skips whitespace and comments from {@code i}; returns the first other index, at most {@code end}. */
    private static int skipBlank(String sql, int i, int end) {
        while (i < end) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < end && sql.charAt(i + 1) == '-') {
                while (i < end && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < end && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else {
                return i;
            }
        }
        return end;
    }

    private static void scan(String sql, List<Integer> semicolons, List<Placeholder> placeholders) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentifierChar(sql.charAt(i - 2)));
                i = skipQuoted(sql, i, '\'', escapes);
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '$') {
                i = dollar(sql, i, placeholders);
            } else if (isIdentifierChar(c)) {
                // an identifier may contain '$' (a$1 is one identifier, not a parameter)
                while (i < n && (isIdentifierChar(sql.charAt(i)) || sql.charAt(i) == '$')) {
                    i++;
                }
            } else {
                if (c == ';' && semicolons != null) {
                    semicolons.add(i);
                }
                i++;
            }
        }
    }

    /** At a '$': a parameter {@code $n}, a dollar-quoted string, or a lone '$'. Returns the next index. */
    private static int dollar(String sql, int i, List<Placeholder> placeholders) {
        int n = sql.length();
        int j = i + 1;
        if (j < n && Character.isDigit(sql.charAt(j))) {
            while (j < n && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            if (placeholders != null) {
                String digits = sql.substring(i + 1, j);
                int number = digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
                placeholders.add(new Placeholder(i, j, number));
            }
            return j;
        }
        while (j < n && isIdentifierChar(sql.charAt(j)) && !(j == i + 1 && Character.isDigit(sql.charAt(j)))) {
            j++;
        }
        if (j < n && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.length();
        }
        return i + 1;
    }

    private static int skipQuoted(String sql, int i, char quote, boolean backslashEscapes) {
        int n = sql.length();
        int j = i + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private static int skipBlockComment(String sql, int i) {
        int n = sql.length();
        int depth = 0;
        int j = i;
        while (j < n) {
            if (sql.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
