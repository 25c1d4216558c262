package io.rockstream.taskmanager.expr;

import static io.rockstream.jobgraph.type.TypeKind.BIGINT;
import static io.rockstream.jobgraph.type.TypeKind.BOOLEAN;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.TEXT;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.PgTypeOids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The regular-expression match operators ({@code ~ !~ ~* !~*}), PostgreSQL's system
 * information functions over pg_catalog values, and the array functions on arrays in their
 * text form ({@code {a,"b c",NULL}}), the form RockStream keeps array values in.
 *
 * <p>{@code catalog_lookup(key, table)} reads a lookup table the compiler took from the
 * statement's catalog snapshot ({@code key US value RS ...}); it is parsed once per call site.
 */
final class CatalogFunctions {
    /** Separates a key from its value in a lookup table. */
    static final char UNIT = '\u001f';
    /** Separates the entries of a lookup table. */
    static final char RECORD = '\u001e';

    private CatalogFunctions() {
    }

    static void register(Implementations registry) {
        registry.add("~", (Fn.PerSite) () -> new Match(0, false), TEXT, TEXT);
        registry.add("!~", (Fn.PerSite) () -> new Match(0, true), TEXT, TEXT);
        registry.add("~*", (Fn.PerSite) () -> new Match(Pattern.CASE_INSENSITIVE, false), TEXT, TEXT);
        registry.add("!~*", (Fn.PerSite) () -> new Match(Pattern.CASE_INSENSITIVE, true), TEXT, TEXT);
        registry.add("catalog_lookup", (Fn.PerSite) Lookup::new, TEXT, TEXT);
        registry.add("format_type", (Fn.Fn2) (a, b) -> PgTypeOids.format((Integer) a,
                (Integer) b == Integer.MIN_VALUE ? null : (Integer) b), INTEGER, INTEGER);
        registry.add("pg_get_userbyid", (Fn.Fn1) a -> switch ((Integer) a) {
            case 10 -> "rockstream";
            case 6171 -> "pg_database_owner";
            default -> "unknown (OID=" + a + ")";
        }, INTEGER);
        registry.add("pg_encoding_to_char", (Fn.Fn1) a -> switch ((Integer) a) {
            case 6 -> "UTF8";
            case 0 -> "SQL_ASCII";
            default -> "";
        }, INTEGER);
        registry.add("pg_get_expr", (Fn.Fn2) (a, b) -> a, TEXT, INTEGER);
        registry.add("pg_get_expr", (Fn.Fn3) (a, b, c) -> a, TEXT, INTEGER, BOOLEAN);
        registry.add("pg_size_pretty", (Fn.Fn1) a -> sizePretty((Long) a), BIGINT);
        registry.add("array_to_string", (Fn.Fn2) (a, b) -> arrayToString((String) a, (String) b, null), TEXT, TEXT);
        registry.add("array_to_string", (Fn.Fn3) (a, b, c) -> arrayToString((String) a, (String) b, (String) c),
                TEXT, TEXT, TEXT);
        registry.add("array_has", (Fn.Fn2) (a, b) -> parse((String) a).contains(b), TEXT, TEXT);
        registry.add("array_upper", (Fn.Fn2) (a, b) -> dimension((String) a, (Integer) b, true), TEXT, INTEGER);
        registry.add("array_lower", (Fn.Fn2) (a, b) -> dimension((String) a, (Integer) b, false), TEXT, INTEGER);
        registry.add("array_length", (Fn.Fn2) (a, b) -> length((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("cardinality", (Fn.Fn1) a -> parse((String) a).size(), TEXT);
        registry.add("array_element", (Fn.Fn2) (a, b) -> element((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("array_quote", (Fn.Fn1) a -> quote((String) a), TEXT);
        registry.add("record_field", (Fn.Fn2) (a, b) -> field((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("array_cat", (Fn.Fn2) (a, b) -> format(concat(parse((String) a), parse((String) b))), TEXT, TEXT);
    }

    /** A match operator call site, remembering the last pattern it compiled. */
    private static final class Match implements Fn.Fn2 {
        private final int flags;
        private final boolean negated;
        private volatile String lastPattern;
        private volatile Pattern compiled;

        Match(int flags, boolean negated) {
            this.flags = flags;
            this.negated = negated;
        }

        @Override
        public Object apply(Object value, Object pattern) {
            Pattern current = compiled;
            if (current == null || !pattern.equals(lastPattern)) {
                current = Regex.compile((String) pattern, Pattern.DOTALL | flags);
                compiled = current;
                lastPattern = (String) pattern;
            }
            return current.matcher((String) value).find() != negated;
        }
    }

    /** A catalog_lookup call site: its table is a constant, parsed on first use. */
    private static final class Lookup implements Fn.Fn2 {
        private volatile String source;
        private volatile Map<String, String> table;

        @Override
        public Object apply(Object key, Object encoded) {
            Map<String, String> current = table;
            if (current == null || source != encoded) {
                current = decode((String) encoded);
                table = current;
                source = (String) encoded;
            }
            return current.get((String) key);
        }
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> table = new HashMap<>();
        int start = 0;
        while (start < encoded.length()) {
            int end = encoded.indexOf(RECORD, start);
            if (end < 0) {
                end = encoded.length();
            }
            int split = encoded.indexOf(UNIT, start);
            if (split >= 0 && split < end) {
                table.put(encoded.substring(start, split), encoded.substring(split + 1, end));
            }
            start = end + 1;
        }
        return table;
    }

    private static String sizePretty(long bytes) {
        long value = bytes;
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        int unit = 0;
        // PostgreSQL switches unit once the value reaches 10240 of the current one, rounding half up
        while (unit < units.length - 1 && Math.abs(value) >= 10 * 1024) {
            long next = (Math.abs(value) + 512) / 1024 * Long.signum(value);
            value = next;
            unit++;
        }
        return value + " " + units[unit];
    }

    // ------------------------------------------------------------ arrays in text form

    /** Field {@code index} (1-based) of a record in its text form, {@code (a,b)}; empty fields are NULL. */
    private static String field(String record, int index) {
        String body = record.trim();
        if (!body.startsWith("(") || !body.endsWith(")")) {
            throw RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed record literal: \"%s\"",
                    record);
        }
        List<String> fields = parse("{" + body.substring(1, body.length() - 1) + "}");
        String value = index >= 1 && index <= fields.size() ? fields.get(index - 1) : null;
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The elements of a one-dimensional array literal ({@code {a,"b c",NULL}}) or of a vector
     * ({@code 1 2 3}, the form of int2vector and oidvector); NULL elements are Java null.
     */
    static List<String> parse(String text) {
        List<String> elements = new ArrayList<>();
        String body = text.trim();
        if (!body.startsWith("{") && !body.contains("=")) {
            for (String element : body.split("\\s+")) {
                if (!element.isEmpty()) {
                    elements.add(element);
                }
            }
            return elements;
        }
        int open = body.indexOf('{');
        if (open < 0 || !body.endsWith("}")) {
            throw RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"%s\"",
                    text);
        }
        int i = open + 1;
        int end = body.length() - 1;
        while (i < end) {
            char c = body.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder element = new StringBuilder();
            if (c == '"') {
                i++;
                while (i < end && body.charAt(i) != '"') {
                    if (body.charAt(i) == '\\' && i + 1 < end) {
                        i++;
                    }
                    element.append(body.charAt(i++));
                }
                i++;
                elements.add(element.toString());
            } else {
                while (i < end && body.charAt(i) != ',') {
                    element.append(body.charAt(i++));
                }
                String value = element.toString().trim();
                elements.add(value.equalsIgnoreCase("NULL") ? null : value);
            }
        }
        return elements;
    }

    /** An array literal of these elements, quoted as PostgreSQL's array_out quotes them. */
    static String format(List<String> elements) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String element = elements.get(i);
            out.append(element == null ? "NULL" : quote(element));
        }
        return out.append('}').toString();
    }

    static String quote(String element) {
        boolean plain = !element.isEmpty() && !element.equalsIgnoreCase("NULL");
        for (int i = 0; i < element.length() && plain; i++) {
            char c = element.charAt(i);
            plain = c != '"' && c != '\\' && c != '{' && c != '}' && c != ',' && !Character.isWhitespace(c);
        }
        if (plain) {
            return element;
        }
        return "\"" + element.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> concat(List<String> left, List<String> right) {
        List<String> all = new ArrayList<>(left);
        all.addAll(right);
        return all;
    }

    private static String arrayToString(String array, String separator, String nullString) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (String element : parse(array)) {
            if (element == null && nullString == null) {
                continue;
            }
            if (!first) {
                out.append(separator);
            }
            out.append(element == null ? nullString : element);
            first = false;
        }
        return out.toString();
    }

    private static Integer dimension(String array, int dimension, boolean upper) {
        int size = parse(array).size();
        if (dimension != 1 || size == 0) {
            return null;
        }
        return upper ? size : 1;
    }

    private static Integer length(String array, int dimension) {
        int size = parse(array).size();
        return dimension != 1 || size == 0 ? null : size;
    }

    private static String element(String array, int index) {
        List<String> elements = parse(array);
        return index < 1 || index > elements.size() ? null : elements.get(index - 1);
    }
}
