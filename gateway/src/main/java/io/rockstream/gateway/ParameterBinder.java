package io.rockstream.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds parameters by rewriting the statement text: the first-slice approach, while the
 * engine has no parameter API. Each {@code $n} token outside strings, quoted identifiers and
 * comments (found by {@link SqlScanner}) is replaced by a SQL string literal of the
 * parameter's text form with every quote doubled ({@code standard_conforming_strings} is on,
 * so a backslash is an ordinary character), followed by a cast when the client gave the
 * parameter a type ({@code '42'::int4}); an unspecified type leaves the literal untyped, so
 * it takes its type from the context like PostgreSQL's {@code unknown}. A NULL becomes
 * {@code NULL} (with the cast). A value can therefore never end the literal early: no
 * parameter value can inject SQL.
 *
 * <p>Error positions the engine reports against the rewritten text are mapped back to the
 * client's text ({@link Bound#originalPosition}).
 */
final class ParameterBinder {
    private ParameterBinder() {
    }

    /** The rewritten text and where each replacement sits, to map positions back. */
    record Bound(String sql, List<int[]> replacements) {
        Bound {
            replacements = List.copyOf(replacements);
        }

        /** Maps a 1-based position in {@link #sql} to the 1-based position in the client's text. */
        int originalPosition(int position) {
            int rendered = position - 1;
            int shift = 0;
            for (int[] replacement : replacements) {
                int renderedStart = replacement[0];
                int renderedEnd = replacement[1];
                int originalStart = replacement[2];
                int originalEnd = replacement[3];
                if (rendered < renderedStart) {
                    break;
                }
                if (rendered < renderedEnd) {
                    return originalStart + 1;
                }
                shift = originalEnd - renderedEnd;
            }
            return rendered + shift + 1;
        }
    }

    /**
     * Rewrites {@code sql} with {@code values} (text forms, null for SQL NULL) of the given
     * type OIDs (0 for unspecified).
     */
    static Bound bind(String sql, List<String> values, List<Integer> types) {
        List<SqlScanner.Placeholder> placeholders = SqlScanner.placeholders(sql);
        if (placeholders.isEmpty()) {
            return new Bound(sql, List.of());
        }
        StringBuilder out = new StringBuilder(sql.length() + 16 * placeholders.size());
        List<int[]> replacements = new ArrayList<>();
        int from = 0;
        for (SqlScanner.Placeholder placeholder : placeholders) {
            if (placeholder.number() < 1 || placeholder.number() > values.size()) {
                throw new ProtocolException("42P02", "there is no parameter $" + placeholder.number());
            }
            out.append(sql, from, placeholder.start());
            int renderedStart = out.length();
            int index = placeholder.number() - 1;
            out.append(literal(values.get(index), index < types.size() ? types.get(index) : PgTypes.UNSPECIFIED));
            replacements.add(new int[] {renderedStart, out.length(), placeholder.start(), placeholder.end()});
            from = placeholder.end();
        }
        out.append(sql, from, sql.length());
        return new Bound(out.toString(), replacements);
    }

    /** {@code 'it''s'::text}, {@code NULL::int4}, or an untyped {@code 'x'} for an unspecified type. */
    static String literal(String value, int type) {
        String cast = PgTypes.castName(type);
        String suffix = cast == null ? "" : "::" + cast;
        if (value == null) {
            return "NULL" + suffix;
        }
        if (value.indexOf('\0') >= 0) {
            throw new ProtocolException("22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        return "'" + value.replace("'", "''") + "'" + suffix;
    }

    /** The highest {@code $n} in {@code sql}, 0 when there is none. */
    static int parameterCount(String sql) {
        int count = 0;
        for (SqlScanner.Placeholder placeholder : SqlScanner.placeholders(sql)) {
            count = Math.max(count, placeholder.number());
        }
        return count;
    }
}
