package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * PostgreSQL regular expressions (ARE) on java.util.regex: the common syntax is shared;
 * POSIX classes ({@code [[:alpha:]]}) and the word anchors {@code \m \M \y} are translated.
 * As in PostgreSQL, {@code .} matches a newline unless the {@code n} flag is given.
 */
final class Regex {
    private Regex() {
    }

    /** {@code g} (global) aside, the flags as java.util.regex flags. */
    private record Options(int flags, boolean global) {
    }

    static Options options(String flags) {
        int javaFlags = Pattern.DOTALL;
        boolean global = false;
        for (int i = 0; i < flags.length(); i++) {
            char flag = flags.charAt(i);
            switch (flag) {
                case 'g' -> global = true;
                case 'i' -> javaFlags |= Pattern.CASE_INSENSITIVE;
                case 'c' -> javaFlags &= ~Pattern.CASE_INSENSITIVE;
                case 'n', 'm' -> {
                    javaFlags &= ~Pattern.DOTALL;
                    javaFlags |= Pattern.MULTILINE;
                }
                case 's' -> {
                    javaFlags |= Pattern.DOTALL;
                    javaFlags &= ~Pattern.MULTILINE;
                }
                case 'x' -> javaFlags |= Pattern.COMMENTS;
                case 't' -> javaFlags &= ~Pattern.COMMENTS;
                default -> throw Errors.invalidParameter("invalid regular expression option: \"" + flag + "\"");
            }
        }
        return new Options(javaFlags, global);
    }

    static Pattern compile(String pattern, int flags) {
        String translated = pattern
                .replace("[:alpha:]", "\\p{Alpha}").replace("[:digit:]", "\\p{Digit}")
                .replace("[:alnum:]", "\\p{Alnum}").replace("[:upper:]", "\\p{Upper}")
                .replace("[:lower:]", "\\p{Lower}").replace("[:space:]", "\\s")
                .replace("[:punct:]", "\\p{Punct}").replace("[:xdigit:]", "\\p{XDigit}")
                .replace("\\y", "\\b").replace("\\m", "\\b(?=\\w)").replace("\\M", "\\b(?<=\\w)");
        try {
            return Pattern.compile(translated, flags);
        } catch (PatternSyntaxException invalid) {
            throw RockStreamException.of(ErrorCode.INVALID_REGULAR_EXPRESSION,
                    "invalid regular expression: " + invalid.getDescription());
        }
    }

    /** PostgreSQL's replacement text: {@code \1..\9} groups, {@code \&} the match, {@code \\} a backslash. */
    static void appendReplacement(StringBuilder out, Matcher matcher, String replacement) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                char next = replacement.charAt(i + 1);
                if (next >= '1' && next <= '9') {
                    int group = next - '0';
                    if (group <= matcher.groupCount() && matcher.group(group) != null) {
                        out.append(matcher.group(group));
                    }
                    i++;
                    continue;
                }
                if (next == '&') {
                    out.append(matcher.group());
                    i++;
                    continue;
                }
                if (next == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
    }

    /** A {@code regexp_replace} call site, remembering the last pattern it compiled. */
    static final class Replace implements Fn.Fn3, Fn.FnN {
        private record Cached(String pattern, String flags, Pattern compiled, boolean global) {
        }

        private volatile Cached cached;

        @Override
        public Object apply(Object value, Object pattern, Object replacement) {
            return replace((String) value, (String) pattern, (String) replacement, "");
        }

        @Override
        public Object apply(Object[] arguments) {
            return replace((String) arguments[0], (String) arguments[1], (String) arguments[2], (String) arguments[3]);
        }

        private String replace(String value, String pattern, String replacement, String flags) {
            Cached current = cached;
            if (current == null || !current.pattern.equals(pattern) || !Objects.equals(current.flags, flags)) {
                Options options = options(flags);
                current = new Cached(pattern, flags, compile(pattern, options.flags()), options.global());
                cached = current;
            }
            Matcher matcher = current.compiled.matcher(value);
            StringBuilder out = new StringBuilder(value.length());
            int last = 0;
            while (matcher.find()) {
                out.append(value, last, matcher.start());
                appendReplacement(out, matcher, replacement);
                last = matcher.end();
                if (!current.global) {
                    break;
                }
            }
            out.append(value, last, value.length());
            return out.toString();
        }
    }
}
