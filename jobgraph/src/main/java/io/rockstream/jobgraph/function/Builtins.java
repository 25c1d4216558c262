package io.rockstream.jobgraph.function;

import static io.rockstream.jobgraph.type.TypeKind.BIGINT;
import static io.rockstream.jobgraph.type.TypeKind.BOOLEAN;
import static io.rockstream.jobgraph.type.TypeKind.BYTEA;
import static io.rockstream.jobgraph.type.TypeKind.CHAR;
import static io.rockstream.jobgraph.type.TypeKind.DATE;
import static io.rockstream.jobgraph.type.TypeKind.DOUBLE;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.INTERVAL;
import static io.rockstream.jobgraph.type.TypeKind.NUMERIC;
import static io.rockstream.jobgraph.type.TypeKind.REAL;
import static io.rockstream.jobgraph.type.TypeKind.SMALLINT;
import static io.rockstream.jobgraph.type.TypeKind.TEXT;
import static io.rockstream.jobgraph.type.TypeKind.TIME;
import static io.rockstream.jobgraph.type.TypeKind.TIMESTAMP;
import static io.rockstream.jobgraph.type.TypeKind.TIMESTAMPTZ;

import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The overload table of the ordinary (non-special) catalog functions and operators, as
 * in PostgreSQL's {@code pg_proc} and {@code pg_operator}, restricted to the types
 * RockStream has. Only same-type comparison and arithmetic operators are listed: resolution
 * then promotes mixed arguments ({@code int4 + int8} resolves to {@code int8 + int8}),
 * which gives the same result types as PostgreSQL's cross-type operators.
 */
final class Builtins {
    /** The {@code "any"} pseudo-type of a parameter. */
    static final TypeKind ANY = null;

    private static final TypeKind[] NUMBERS = {SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE};
    private static final TypeKind[] COMPARABLE = {BOOLEAN, SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE, TEXT,
        CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA};

    /** Other spellings of the same function, mapped to the name the runtime dispatches on. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("!=", "<>"),
            Map.entry("ceiling", "ceil"),
            Map.entry("pow", "power"),
            Map.entry("char_length", "length"),
            Map.entry("character_length", "length"),
            Map.entry("substring", "substr"),
            Map.entry("current_timestamp", "now"),
            Map.entry("transaction_timestamp", "now"),
            Map.entry("statement_timestamp", "now"));

    static final Set<String> NON_DETERMINISTIC = Set.of("now", "current_timestamp", "transaction_timestamp",
            "statement_timestamp", "clock_timestamp", "current_date", "localtimestamp", "localtime", "random");

    private static final Map<String, List<Signature>> TABLE = new HashMap<>();

    static {
        for (TypeKind number : NUMBERS) {
            for (String op : List.of("+", "-", "*", "/")) {
                add(op, number, number, number);
            }
            add("neg", number, number);
            add("+", number, number);
            add("abs", number, number);
        }
        // PostgreSQL's float48 and float84 operators: real with anything else becomes double precision
        for (String op : List.of("+", "-", "*", "/")) {
            add(op, DOUBLE, REAL, DOUBLE);
            add(op, DOUBLE, DOUBLE, REAL);
        }
        for (TypeKind integral : new TypeKind[] {SMALLINT, INTEGER, BIGINT, NUMERIC}) {
            add("%", integral, integral, integral);
            add("mod", integral, integral, integral);
        }
        for (TypeKind kind : COMPARABLE) {
            for (String op : List.of("=", "<>", "<", "<=", ">", ">=")) {
                add(op, BOOLEAN, kind, kind);
            }
        }
        add("^", DOUBLE, DOUBLE, DOUBLE);
        add("^", NUMERIC, NUMERIC, NUMERIC);
        addDateTimeOperators();
        add("||", TEXT, TEXT, TEXT);
        add("||", TEXT, TEXT, ANY);
        add("||", TEXT, ANY, TEXT);
        add("||", BYTEA, BYTEA, BYTEA);
        for (String like : List.of("like", "not_like", "ilike", "not_ilike")) {
            add(like, BOOLEAN, TEXT, TEXT);
            add(like, BOOLEAN, TEXT, TEXT, TEXT);
        }
        addMath();
        addStrings();
        addDateTimeFunctions();
        addCatalogFunctions();
    }

    /**
     * PostgreSQL's regular-expression match operators and the system information functions
     * clients call on pg_catalog (chapter 9.26). Array values are their text form
     * ({@code '{a,b}'}); array elements are untyped ({@code unknown}), like quoted literals.
     * Functions that need the catalog ({@code pg_get_indexdef}, regclass names, ...) are
     * bound by the compiler to {@code catalog_lookup} over the statement's catalog snapshot.
     */
    private static void addCatalogFunctions() {
        for (String op : List.of("~", "!~", "~*", "!~*")) {
            add(op, BOOLEAN, TEXT, TEXT);
        }
        add("catalog_lookup", TEXT, TEXT, TEXT);
        add("format_type", TEXT, INTEGER, INTEGER);
        add("pg_get_userbyid", TEXT, INTEGER);
        add("pg_encoding_to_char", TEXT, INTEGER);
        add("pg_get_expr", TEXT, TEXT, INTEGER);
        add("pg_get_expr", TEXT, TEXT, INTEGER, BOOLEAN);
        add("pg_size_pretty", TEXT, BIGINT);
        add("array_to_string", TEXT, TEXT, TEXT);
        add("array_to_string", TEXT, TEXT, TEXT, TEXT);
        add("array_has", BOOLEAN, TEXT, TEXT);
        add("array_upper", INTEGER, TEXT, INTEGER);
        add("array_lower", INTEGER, TEXT, INTEGER);
        add("array_length", INTEGER, TEXT, INTEGER);
        add("cardinality", INTEGER, TEXT);
        add("array_element", TypeKind.UNKNOWN, TEXT, INTEGER);
        add("array_quote", TEXT, TEXT);
        add("record_field", TypeKind.UNKNOWN, TEXT, INTEGER);
        add("array_cat", TEXT, TEXT, TEXT);
    }

    private Builtins() {
    }

    private static void addDateTimeOperators() {
        add("+", DATE, DATE, INTEGER);
        add("+", DATE, INTEGER, DATE);
        add("+", TIMESTAMP, DATE, INTERVAL);
        add("+", TIMESTAMP, INTERVAL, DATE);
        add("+", TIMESTAMP, DATE, TIME);
        add("+", TIMESTAMP, TIME, DATE);
        add("+", TIMESTAMP, TIMESTAMP, INTERVAL);
        add("+", TIMESTAMP, INTERVAL, TIMESTAMP);
        add("+", TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL);
        add("+", TIMESTAMPTZ, INTERVAL, TIMESTAMPTZ);
        add("+", INTERVAL, INTERVAL, INTERVAL);
        add("+", TIME, TIME, INTERVAL);
        add("+", TIME, INTERVAL, TIME);
        add("-", INTEGER, DATE, DATE);
        add("-", DATE, DATE, INTEGER);
        add("-", TIMESTAMP, DATE, INTERVAL);
        add("-", INTERVAL, TIMESTAMP, TIMESTAMP);
        add("-", INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ);
        add("-", TIMESTAMP, TIMESTAMP, INTERVAL);
        add("-", TIMESTAMPTZ, TIMESTAMPTZ, INTERVAL);
        add("-", INTERVAL, INTERVAL, INTERVAL);
        add("-", TIME, TIME, INTERVAL);
        add("-", INTERVAL, TIME, TIME);
        add("*", INTERVAL, INTERVAL, DOUBLE);
        add("*", INTERVAL, DOUBLE, INTERVAL);
        add("/", INTERVAL, INTERVAL, DOUBLE);
        add("neg", INTERVAL, INTERVAL);
        add("+", INTERVAL, INTERVAL);
    }

    private static void addMath() {
        for (TypeKind kind : new TypeKind[] {NUMERIC, DOUBLE}) {
            for (String name : List.of("ceil", "floor", "round", "trunc", "sqrt", "exp", "ln", "log", "log10", "sign")) {
                add(name, kind, kind);
            }
            add("power", kind, kind, kind);
        }
        add("round", NUMERIC, NUMERIC, INTEGER);
        add("trunc", NUMERIC, NUMERIC, INTEGER);
        add("log", NUMERIC, NUMERIC, NUMERIC);
        add("div", NUMERIC, NUMERIC, NUMERIC);
        for (TypeKind kind : new TypeKind[] {INTEGER, BIGINT, NUMERIC}) {
            add("gcd", kind, kind, kind);
            add("lcm", kind, kind, kind);
        }
        for (String name : List.of("cbrt", "degrees", "radians", "sin", "cos", "tan", "cot", "asin", "acos", "atan",
                "sinh", "cosh", "tanh")) {
            add(name, DOUBLE, DOUBLE);
        }
        add("atan2", DOUBLE, DOUBLE, DOUBLE);
        add("pi", DOUBLE);
        add("random", DOUBLE);
    }

    private static void addStrings() {
        add("length", INTEGER, TEXT);
        add("length", INTEGER, CHAR);
        add("length", INTEGER, BYTEA);
        add("octet_length", INTEGER, TEXT);
        add("octet_length", INTEGER, CHAR);
        add("octet_length", INTEGER, BYTEA);
        add("bit_length", INTEGER, TEXT);
        for (String name : List.of("lower", "upper", "initcap", "reverse", "md5", "btrim", "ltrim", "rtrim")) {
            add(name, TEXT, TEXT);
        }
        add("md5", TEXT, BYTEA);
        for (String name : List.of("btrim", "ltrim", "rtrim")) {
            add(name, TEXT, TEXT, TEXT);
        }
        add("substr", TEXT, TEXT, INTEGER);
        add("substr", TEXT, TEXT, INTEGER, INTEGER);
        add("substr", BYTEA, BYTEA, INTEGER);
        add("substr", BYTEA, BYTEA, INTEGER, INTEGER);
        add("position", INTEGER, TEXT, TEXT);
        add("strpos", INTEGER, TEXT, TEXT);
        add("overlay", TEXT, TEXT, TEXT, INTEGER);
        add("overlay", TEXT, TEXT, TEXT, INTEGER, INTEGER);
        add("replace", TEXT, TEXT, TEXT, TEXT);
        add("translate", TEXT, TEXT, TEXT, TEXT);
        add("lpad", TEXT, TEXT, INTEGER);
        add("lpad", TEXT, TEXT, INTEGER, TEXT);
        add("rpad", TEXT, TEXT, INTEGER);
        add("rpad", TEXT, TEXT, INTEGER, TEXT);
        add("left", TEXT, TEXT, INTEGER);
        add("right", TEXT, TEXT, INTEGER);
        add("repeat", TEXT, TEXT, INTEGER);
        add("split_part", TEXT, TEXT, TEXT, INTEGER);
        add("starts_with", BOOLEAN, TEXT, TEXT);
        add("ascii", INTEGER, TEXT);
        add("chr", TEXT, INTEGER);
        add("regexp_replace", TEXT, TEXT, TEXT, TEXT);
        add("regexp_replace", TEXT, TEXT, TEXT, TEXT, TEXT);
        add("to_hex", TEXT, INTEGER);
        add("to_hex", TEXT, BIGINT);
        addVariadic("concat", TEXT, ANY);
        addVariadic("concat_ws", TEXT, TEXT, ANY);
    }

    private static void addDateTimeFunctions() {
        add("now", TIMESTAMPTZ);
        add("clock_timestamp", TIMESTAMPTZ);
        add("current_date", DATE);
        add("localtimestamp", TIMESTAMP);
        add("localtime", TIME);
        add("date_trunc", TIMESTAMP, TEXT, TIMESTAMP);
        add("date_trunc", TIMESTAMPTZ, TEXT, TIMESTAMPTZ);
        add("date_trunc", INTERVAL, TEXT, INTERVAL);
        for (TypeKind kind : new TypeKind[] {DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL}) {
            add("date_part", DOUBLE, TEXT, kind);
            add("extract", NUMERIC, TEXT, kind);
        }
        add("make_date", DATE, INTEGER, INTEGER, INTEGER);
        add("make_time", TIME, INTEGER, INTEGER, DOUBLE);
        add("make_timestamp", TIMESTAMP, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE);
        add("make_timestamptz", TIMESTAMPTZ, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE);
        TypeKind[] intervalParts = {INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE};
        for (int count = 0; count <= intervalParts.length; count++) {
            add("make_interval", INTERVAL, java.util.Arrays.copyOf(intervalParts, count));
        }
        add("to_timestamp", TIMESTAMPTZ, DOUBLE);
        add("age", INTERVAL, TIMESTAMP, TIMESTAMP);
        add("age", INTERVAL, TIMESTAMPTZ, TIMESTAMPTZ);
        add("justify_days", INTERVAL, INTERVAL);
        add("justify_hours", INTERVAL, INTERVAL);
        add("justify_interval", INTERVAL, INTERVAL);
    }

    private static void add(String name, TypeKind result, TypeKind... parameters) {
        TABLE.computeIfAbsent(name, key -> new ArrayList<>()).add(new Signature(name, parameters, result, false));
    }

    private static void addVariadic(String name, TypeKind result, TypeKind... parameters) {
        TABLE.computeIfAbsent(name, key -> new ArrayList<>()).add(new Signature(name, parameters, result, true));
    }

    /** The overloads of {@code name} (already alias-resolved); empty when unknown. */
    static List<Signature> overloads(String name) {
        return TABLE.getOrDefault(name, List.of());
    }

    static boolean contains(String name) {
        return TABLE.containsKey(name);
    }
}
