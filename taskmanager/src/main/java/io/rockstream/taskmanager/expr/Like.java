package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one,
 * and the escape character (default backslash; none when the ESCAPE string is empty) makes
 * the next character literal. ILIKE folds ASCII letters only (C locale).
 *
 * <p>The pattern splits at {@code %} into fixed-length segments; the first is anchored at the
 * start, the last at the end, and the ones between are found leftmost-first, which is exact
 * for patterns made of literals, {@code _} and {@code %}.
 */
final class Like {
    private static final int ANY_ONE = -1;

    private final List<int[]> segments;
    private final boolean caseInsensitive;

    private Like(List<int[]> segments, boolean caseInsensitive) {
        this.segments = segments;
        this.caseInsensitive = caseInsensitive;
    }

    static Like compile(String pattern, String escape, boolean caseInsensitive) {
        int escapeChar;
        if (escape == null) {
            escapeChar = '\\';
        } else if (escape.isEmpty()) {
            escapeChar = -2;
        } else if (escape.codePointCount(0, escape.length()) == 1) {
            escapeChar = escape.codePointAt(0);
        } else {
            throw RockStreamException.of(ErrorCode.INVALID_ESCAPE_SEQUENCE, "invalid escape string")
                    .withHint("Escape string must be empty or one character.");
        }
        int[] points = (caseInsensitive ? Strings.lowerAscii(pattern) : pattern).codePoints().toArray();
        if (caseInsensitive && escapeChar >= 'A' && escapeChar <= 'Z') {
            escapeChar += 32;
        }
        List<int[]> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            if (c == escapeChar) {
                if (i + 1 >= points.length) {
                    throw RockStreamException.of(ErrorCode.INVALID_ESCAPE_SEQUENCE,
                            "LIKE pattern must not end with escape character");
                }
                current.add(points[++i]);
            } else if (c == '%') {
                segments.add(toArray(current));
                current.clear();
            } else if (c == '_') {
                current.add(ANY_ONE);
            } else {
                current.add(c);
            }
        }
        segments.add(toArray(current));
        return new Like(List.copyOf(segments), caseInsensitive);
    }

    private static int[] toArray(List<Integer> values) {
        int[] array = new int[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    boolean matches(String value) {
        int[] text = (caseInsensitive ? Strings.lowerAscii(value) : value).codePoints().toArray();
        int count = segments.size();
        int[] head = segments.get(0);
        if (count == 1) {
            return head.length == text.length && matchesAt(head, text, 0);
        }
        int[] tail = segments.get(count - 1);
        if (head.length + tail.length > text.length || !matchesAt(head, text, 0)
                || !matchesAt(tail, text, text.length - tail.length)) {
            return false;
        }
        int position = head.length;
        int end = text.length - tail.length;
        for (int s = 1; s < count - 1; s++) {
            int[] segment = segments.get(s);
            int found = -1;
            for (int at = position; at + segment.length <= end; at++) {
                if (matchesAt(segment, text, at)) {
                    found = at;
                    break;
                }
            }
            if (found < 0) {
                return false;
            }
            position = found + segment.length;
        }
        return true;
    }

    private static boolean matchesAt(int[] segment, int[] text, int at) {
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] != ANY_ONE && segment[i] != text[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** A LIKE/ILIKE call site, remembering the last pattern it compiled. */
    static final class Site implements Fn.Fn2, Fn.Fn3 {
        private record Cached(String pattern, String escape, Like like) {
        }

        private final boolean caseInsensitive;
        private final boolean negated;
        private volatile Cached cached;

        Site(boolean caseInsensitive, boolean negated) {
            this.caseInsensitive = caseInsensitive;
            this.negated = negated;
        }

        @Override
        public Object apply(Object value, Object pattern) {
            return apply(value, pattern, null);
        }

        @Override
        public Object apply(Object value, Object pattern, Object escape) {
            Cached current = cached;
            if (current == null || !current.pattern.equals(pattern) || !java.util.Objects.equals(current.escape, escape)) {
                current = new Cached((String) pattern, (String) escape,
                        compile((String) pattern, (String) escape, caseInsensitive));
                cached = current;
            }
            return current.like.matches((String) value) != negated;
        }
    }
}
