package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Relation;
import io.rockstream.compiler.ast.TypeName;
import io.rockstream.compiler.catalog.CatalogLookups;
import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * PostgreSQL's system information functions, the OID-alias casts ({@code ::regclass},
 * {@code ::regtype}, {@code ::oid}, ...) and arrays, as far as clients' catalog queries use
 * them.
 *
 * <ul>
 *   <li>Functions that only need their arguments ({@code format_type}, {@code pg_get_expr},
 *       the regular-expression operators) are ordinary runtime functions.</li>
 *   <li>Functions that need the catalog ({@code pg_get_indexdef}, {@code c.oid::regclass})
 *       become {@code catalog_lookup(key, table)} with the lookup table taken from the
 *       statement's catalog snapshot as a constant: the job graph stays self-contained, and
 *       the answer is the catalog as the statement saw it.</li>
 *   <li>Session facts ({@code current_user}, {@code current_schemas(true)}, {@code version()})
 *       are constants: RockStream has one database, one user and the search path
 *       {@code pg_catalog, public}.</li>
 *   <li>Arrays are values in their text form ({@code {a,b}}); {@code ARRAY[...]},
 *       {@code ARRAY(subquery)}, {@code x = ANY(array)} and {@code array[i]} work on it, and
 *       an element read from an array is untyped, like a quoted literal.</li>
 * </ul>
 */
final class SystemFunctions {
    static final String DATABASE = "rockstream";
    static final String USER = "rockstream";
    static final String VERSION = "PostgreSQL 17.0 (RockStream) on x86_64-pc-linux-gnu, compiled by javac, 64-bit";

    /** Catalog readers of the statements being bound on this thread (views nest). */
    private static final ThreadLocal<CatalogReader> CURRENT = new ThreadLocal<>();

    private static final Set<String> SESSION_IDENTIFIERS = Set.of("current_user", "session_user", "user",
            "current_role", "current_catalog", "current_schema");

    /** Target types that name catalog objects by OID. */
    private static final Map<String, String> OID_ALIASES = Map.of("regclass", CatalogLookups.REGCLASS,
            "regtype", CatalogLookups.REGTYPE, "regproc", CatalogLookups.REGPROC, "regprocedure",
            CatalogLookups.REGPROC, "regnamespace", CatalogLookups.REGNAMESPACE, "regrole", CatalogLookups.REGROLE);

    /** Catalog types kept as text: names, internal trees, vectors and every array type. */
    private static final Set<String> TEXT_TYPES = Set.of("name", "pg_node_tree", "int2vector", "oidvector",
            "aclitem", "regconfig", "anyarray");

    private SystemFunctions() {
    }

    /** Runs {@code action} with {@code catalog} as the catalog catalog functions read. */
    static <T> T withCatalog(CatalogReader catalog, java.util.function.Supplier<T> action) {
        CatalogReader previous = CURRENT.get();
        CURRENT.set(catalog);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    private static Map<String, String> lookup(String table) {
        CatalogReader catalog = CURRENT.get();
        return catalog == null ? Map.of() : catalog.lookup(table);
    }

    /** Whether a cast target is one this class binds (OID aliases, catalog text types, arrays). */
    static boolean isCatalogType(TypeName type) {
        String name = type.name();
        return name.equals("oid") || name.equals("xid") || name.equals("cid") || OID_ALIASES.containsKey(name)
                || TEXT_TYPES.contains(name) || name.endsWith("[]");
    }

    /** The output column name PostgreSQL gives a cast to this type when the operand has none. */
    static String columnName(TypeName type) {
        return type.name().endsWith("[]") ? type.name().substring(0, type.name().length() - 2) : type.name();
    }

    /**
     * {@code current_user} and friends, written without parentheses, when no column of that
     * name is in scope; null otherwise.
     */
    static Expr sessionIdentifier(QualifiedName name) {
        if (name.parts().size() != 1 || !SESSION_IDENTIFIERS.contains(name.last())) {
            return null;
        }
        return switch (name.last()) {
            case "current_catalog" -> text(DATABASE);
            case "current_schema" -> text("public");
            default -> text(USER);
        };
    }

    /** A cast to a catalog type (see {@link #isCatalogType}). */
    static Expr cast(Expr operand, TypeName type, Position position) {
        String name = type.name();
        if (TEXT_TYPES.contains(name) || name.endsWith("[]")) {
            if (name.endsWith("[]") && !isTextual(operand)) {
                throw Scope.error(ErrorCode.CANNOT_COERCE, "cannot cast type " + operand.type() + " to " + name,
                        position);
            }
            return ExpressionBinder.cast(operand, SqlType.TEXT, position);
        }
        boolean byName = isTextual(operand);
        if (name.equals("oid") || name.equals("xid") || name.equals("cid")) {
            return ExpressionBinder.cast(operand, SqlType.INTEGER, position);
        }
        String table = OID_ALIASES.get(name);
        if (!byName) {
            if (!operand.type().kind().isInteger()) {
                throw Scope.error(ErrorCode.CANNOT_COERCE, "cannot cast type " + operand.type() + " to " + name,
                        position);
            }
            // an OID shown as the object's name, as the regclass/regtype output functions print it
            Expr key = ExpressionBinder.cast(operand, SqlType.TEXT, position);
            return new io.rockstream.jobgraph.expr.Case(List.of(new io.rockstream.jobgraph.expr.Case.When(
                    ExpressionBinder.call("=", List.of(operand, new Literal(0, SqlType.INTEGER)), position),
                    text("-"))), ExpressionBinder.call("coalesce", List.of(lookupCall(table, key), key), position),
                    SqlType.TEXT);
        }
        String reverse = table + "_oid";
        if (operand instanceof Literal literal) {
            if (literal.value() == null) {
                return Literal.nullOf(SqlType.INTEGER);
            }
            String text = literal.value().toString().trim();
            if (text.matches("\\d+")) {
                return new Literal(Integer.parseInt(text), SqlType.INTEGER);
            }
            String oid = lookup(reverse).get(objectName(text));
            if (oid == null) {
                throw Scope.error(notFoundCode(name), notFoundMessage(name, text), position);
            }
            return new Literal(Integer.parseInt(oid), SqlType.INTEGER);
        }
        Expr key = ExpressionBinder.cast(operand, SqlType.TEXT, position);
        return ExpressionBinder.cast(lookupCall(reverse, key), SqlType.INTEGER, position);
    }

    private static ErrorCode notFoundCode(String type) {
        return type.equals("regclass") ? ErrorCode.UNDEFINED_TABLE
                : type.equals("regnamespace") ? ErrorCode.UNDEFINED_SCHEMA
                : type.equals("regproc") || type.equals("regprocedure") ? ErrorCode.UNDEFINED_FUNCTION
                : ErrorCode.UNDEFINED_OBJECT;
    }

    private static String notFoundMessage(String type, String text) {
        return switch (type) {
            case "regclass" -> "relation \"" + text + "\" does not exist";
            case "regtype" -> "type \"" + text + "\" does not exist";
            case "regnamespace" -> "schema \"" + text + "\" does not exist";
            case "regrole" -> "role \"" + text + "\" does not exist";
            default -> "function \"" + text + "\" does not exist";
        };
    }

    /** An object name as regclassin reads it: unquoted parts lower-cased, quoted parts kept. */
    static String objectName(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                    wasQuoted = true;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        parts.add(wasQuoted ? part.toString() : part.toString().trim());
        if (parts.size() == 2 && parts.get(0).equals("public")) {
            return parts.get(1);
        }
        return String.join(".", parts);
    }

    private static boolean isTextual(Expr operand) {
        return operand.type().kind() == TypeKind.UNKNOWN || operand.type().kind().isText();
    }

    private static Expr lookupCall(String table, Expr key) {
        return new Call("catalog_lookup", List.of(key, text(encode(lookup(table)))), SqlType.TEXT);
    }

    private static String encode(Map<String, String> table) {
        StringBuilder encoded = new StringBuilder();
        for (Map.Entry<String, String> entry : new TreeMap<>(table).entrySet()) {
            encoded.append(entry.getKey()).append('\u001f').append(entry.getValue()).append('\u001e');
        }
        return encoded.toString();
    }

    private static Literal text(String value) {
        return new Literal(value, SqlType.TEXT);
    }

    /**
     * A call of a system information function, or null when {@code name} is not one this
     * class binds (the caller then resolves it as an ordinary function).
     */
    static Expr call(String name, List<Expr> args, Position position) {
        int count = args.size();
        switch (name) {
            case "current_database", "current_catalog" -> {
                return count == 0 ? text(DATABASE) : null;
            }
            case "current_user", "session_user", "user", "current_role" -> {
                return count == 0 ? text(USER) : null;
            }
            case "current_schema" -> {
                return count == 0 ? text("public") : null;
            }
            case "current_schemas" -> {
                if (count != 1) {
                    return null;
                }
                Expr implicit = ExpressionBinder.coerce(args.get(0), SqlType.BOOLEAN);
                return new io.rockstream.jobgraph.expr.Case(List.of(new io.rockstream.jobgraph.expr.Case.When(implicit,
                        text("{pg_catalog,public}"))), text("{public}"), SqlType.TEXT);
            }
            case "version" -> {
                return count == 0 ? text(VERSION) : null;
            }
            case "pg_backend_pid" -> {
                return count == 0 ? new Literal(1, SqlType.INTEGER) : null;
            }
            case "pg_is_in_recovery" -> {
                return count == 0 ? new Literal(false, SqlType.BOOLEAN) : null;
            }
            case "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_column_privilege",
                    "has_function_privilege", "has_sequence_privilege", "has_any_column_privilege",
                    "pg_has_role" -> {
                // one user, who owns everything
                return count >= 2 && count <= 4 ? new Literal(true, SqlType.BOOLEAN) : null;
            }
            case "obj_description", "col_description", "shobj_description" -> {
                // RockStream has no COMMENT: every description is absent
                return count >= 1 && count <= 2 ? Literal.nullOf(SqlType.TEXT) : null;
            }
            case "pg_get_statisticsobjdef_columns", "pg_get_partkeydef", "pg_get_serial_sequence",
                    "pg_get_triggerdef", "pg_get_ruledef" -> {
                return count >= 1 && count <= 2 ? Literal.nullOf(SqlType.TEXT) : null;
            }
            case "pg_relation_is_publishable" -> {
                return count == 1 ? new Literal(false, SqlType.BOOLEAN) : null;
            }
            case "pg_tablespace_location" -> {
                return count == 1 ? text("") : null;
            }
            case "pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible" -> {
                if (count != 1) {
                    return null;
                }
                if (name.equals("pg_table_is_visible")) {
                    Expr key = ExpressionBinder.cast(oid(args.get(0), position), SqlType.TEXT, position);
                    return ExpressionBinder.call("is_not_null", List.of(lookupCall(CatalogLookups.VISIBLE, key)),
                            position);
                }
                // every type and function RockStream has lives in pg_catalog, which is always searched
                return new Literal(true, SqlType.BOOLEAN);
            }
            case "pg_get_indexdef", "pg_get_constraintdef", "pg_get_viewdef", "pg_get_function_result",
                    "pg_get_function_arguments", "pg_get_function_identity_arguments" -> {
                if (count < 1 || count > 3) {
                    return null;
                }
                String table = switch (name) {
                    case "pg_get_indexdef" -> CatalogLookups.INDEXDEF;
                    case "pg_get_constraintdef" -> CatalogLookups.CONSTRAINTDEF;
                    case "pg_get_viewdef" -> CatalogLookups.VIEWDEF;
                    case "pg_get_function_result" -> CatalogLookups.FUNCTION_RESULT;
                    default -> CatalogLookups.FUNCTION_ARGUMENTS;
                };
                Expr target = args.get(0);
                if (name.equals("pg_get_viewdef") && isTextual(target)) {
                    target = cast(target, new TypeName("regclass", List.of(), position), position);
                }
                Expr key = ExpressionBinder.cast(oid(target, position), SqlType.TEXT, position);
                if (name.equals("pg_get_indexdef") && count >= 2) {
                    // pg_get_indexdef(index, column, pretty): the whole statement for column 0, else that column
                    Expr column = ExpressionBinder.cast(args.get(1), SqlType.TEXT, position);
                    key = ExpressionBinder.call("||", List.of(key, ExpressionBinder.call("||", List.of(text("."),
                            column), position)), position);
                }
                return lookupCall(table, key);
            }
            case "pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size" -> {
                if (count < 1 || count > 2) {
                    return null;
                }
                Expr target = args.get(0);
                if (isTextual(target)) {
                    target = cast(target, new TypeName("regclass", List.of(), position), position);
                }
                Expr key = ExpressionBinder.cast(oid(target, position), SqlType.TEXT, position);
                return ExpressionBinder.cast(lookupCall(CatalogLookups.RELATION_SIZE, key), SqlType.BIGINT, position);
            }
            case "format_type" -> {
                if (count != 2) {
                    return null;
                }
                Expr typmod = args.get(1);
                if (typmod instanceof Literal literal && literal.value() == null) {
                    // format_type(t, NULL) is not NULL: it prints the type without a modifier
                    typmod = new Literal(Integer.MIN_VALUE, SqlType.INTEGER);
                }
                return ExpressionBinder.call("format_type", List.of(oid(args.get(0), position), typmod), position);
            }
            case "unnest", "generate_series", "generate_subscripts", "_pg_expandarray" -> throw Scope.error(
                    ErrorCode.FEATURE_NOT_SUPPORTED, "set-returning function " + name
                            + "() is supported in FROM only, not in an expression", position);
            default -> {
                return null;
            }
        }
    }

    private static Expr oid(Expr operand, Position position) {
        return operand.type().kind() == TypeKind.UNKNOWN ? ExpressionBinder.cast(operand, SqlType.INTEGER, position)
                : operand;
    }

    /**
     * {@code (record).field}. Records are values in their text form ({@code (1,2)}); the one
     * record type RockStream produces is {@code _pg_expandarray}'s {@code (x, n)}.
     */
    static Expr fieldSelection(Expr record, String field, Position position) {
        int index = switch (field) {
            case "x" -> 1;
            case "n" -> 2;
            default -> throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "record field \"" + field
                    + "\" is not supported; records have the fields of _pg_expandarray (x, n)", position);
        };
        if (!isTextual(record)) {
            throw Scope.error(ErrorCode.WRONG_OBJECT_TYPE, "column notation ." + field
                    + " applied to type " + record.type() + ", which is not a composite type", position);
        }
        return ExpressionBinder.call("record_field", List.of(ExpressionBinder.coerce(record, SqlType.TEXT),
                new Literal(index, SqlType.INTEGER)), position);
    }

    // ------------------------------------------------------------ arrays

    /** {@code ARRAY[e1, ...]}: the elements in the array's text form (NULL elements stay NULL). */
    static Expr arrayConstructor(List<Expr> elements, Position position) {
        Expr result = text("{");
        for (int i = 0; i < elements.size(); i++) {
            Expr element = ExpressionBinder.cast(elements.get(i), SqlType.TEXT, position);
            Expr quoted = ExpressionBinder.call("coalesce", List.of(
                    new Call("array_quote", List.of(element), SqlType.TEXT), text("NULL")), position);
            if (element instanceof Literal literal && literal.value() == null) {
                quoted = text("NULL");
            }
            result = ExpressionBinder.call("||", List.of(result, i == 0 ? quoted
                    : ExpressionBinder.call("||", List.of(text(","), quoted), position)), position);
        }
        return ExpressionBinder.call("||", List.of(result, text("}")), position);
    }

    /** {@code x = ANY(array)} and {@code x <> ALL(array)}. */
    static Expr arrayQuantified(Expr left, String operator, boolean all, Expr array, Position position) {
        if (!isTextual(array)) {
            throw Scope.error(ErrorCode.DATATYPE_MISMATCH, "op ANY/ALL (array) requires array on right side",
                    position);
        }
        boolean member = operator.equals("=") && !all;
        boolean notMember = operator.equals("<>") && all;
        if (!member && !notMember) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "operator " + operator + " " + (all ? "ALL" : "ANY")
                    + " (array) is not supported; only = ANY and <> ALL are", position);
        }
        Expr element = ExpressionBinder.cast(left, SqlType.TEXT, position);
        Expr has = ExpressionBinder.call("array_has", List.of(ExpressionBinder.coerce(array, SqlType.TEXT), element),
                position);
        return member ? has : ExpressionBinder.not(has);
    }

    /**
     * {@code ARRAY(subquery)} as a scalar subquery that aggregates the subquery's column into
     * an array's text form ({@code {}} for no rows). The elements follow the order in which
     * the aggregate sees them, which the subquery's ORDER BY does not fix.
     */
    static Query arraySubquery(Query subquery, Position position) {
        QualifiedName column = new QualifiedName(List.of("element"), position);
        Expression element = new Expression.Cast(new Expression.Identifier(column, position),
                new TypeName("text", List.of(), position), position);
        Expression quoted = function("coalesce", position, function("array_quote", position, element),
                new Expression.Literal(Expression.LiteralKind.STRING, "NULL", position));
        Expression aggregated = function("string_agg", position, quoted,
                new Expression.Literal(Expression.LiteralKind.STRING, ",", position));
        Expression braced = new Expression.Binary("||", new Expression.Binary("||",
                new Expression.Literal(Expression.LiteralKind.STRING, "{", position), aggregated, position),
                new Expression.Literal(Expression.LiteralKind.STRING, "}", position), position);
        Expression value = function("coalesce", position, braced,
                new Expression.Literal(Expression.LiteralKind.STRING, "{}", position));
        Relation source = new Relation.Subquery(subquery, Optional.of("array_elements"), List.of("element"), position);
        QueryBody.Select select = new QueryBody.Select(false,
                List.of(new QueryBody.ExpressionItem(value, Optional.of("array"), position)), List.of(source),
                Optional.empty(), List.of(), Optional.empty(), position);
        return new Query(List.of(), select, List.of(), Optional.empty(), Optional.empty(), position);
    }

    private static Expression function(String name, Position position, Expression... args) {
        return new Expression.FunctionCall(new QualifiedName(List.of(name), position), List.of(args), false, false,
                List.of(), Optional.empty(), position);
    }

    // ------------------------------------------------------------ set-returning functions in FROM

    /** The integers 0..{@value #INTEGERS_MAX} every catalog reader serves, for non-constant series. */
    static final String INTEGERS = "pg_catalog.rockstream_integers";
    static final int INTEGERS_MAX = 1599;
    private static final long CONSTANT_SERIES_LIMIT = 1_000_000;

    /**
     * A set-returning function in FROM as a query: {@code generate_series(a, b [, step])} and
     * {@code unnest(array)}. With constant arguments the rows are computed now (VALUES);
     * otherwise they are read from {@link #INTEGERS}, which limits them to that range: enough
     * for catalog queries (attribute numbers, array positions).
     */
    static Query setReturningFunction(Relation.Function function, Collection<Expr> constantArgs) {
        String name = function.name().last();
        Position at = function.position();
        List<Expression> args = function.args();
        switch (name) {
            case "generate_series" -> {
                if (args.size() < 2 || args.size() > 3) {
                    throw Scope.error(ErrorCode.UNDEFINED_FUNCTION, "function generate_series with "
                            + args.size() + " arguments does not exist", at);
                }
                List<Expr> constants = new ArrayList<>(constantArgs);
                if (constants.size() == args.size() && constants.stream().allMatch(SystemFunctions::isNumberLiteral)) {
                    return constantSeries(constants, at);
                }
                if (args.size() == 3) {
                    throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                            "generate_series with a step and non-constant bounds is not supported", at);
                }
                Expression n = new Expression.Identifier(new QualifiedName(List.of("n"), at), at);
                Expression where = new Expression.Binary("and", new Expression.Binary(">=", n, args.get(0), at),
                        new Expression.Binary("<=", n, args.get(1), at), at);
                return integers(n, where, at);
            }
            case "unnest" -> {
                if (args.size() != 1) {
                    throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "unnest of several arrays is not supported", at);
                }
                Expression n = new Expression.Identifier(new QualifiedName(List.of("n"), at), at);
                Expression array = new Expression.Cast(args.get(0), new TypeName("text", List.of(), at), at);
                Expression element = function("array_element", at, array, n);
                Expression where = new Expression.Binary("and", new Expression.Binary(">=", n,
                        new Expression.Literal(Expression.LiteralKind.INTEGER, "1", at), at),
                        new Expression.Binary("<=", n, function("coalesce", at, function("cardinality", at, array),
                                new Expression.Literal(Expression.LiteralKind.INTEGER, "0", at)), at), at);
                return integers(element, where, at);
            }
            default -> throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "function " + function.name()
                    + "() in FROM is not supported; only generate_series and unnest are", at);
        }
    }

    private static Query integers(Expression value, Expression where, Position at) {
        Relation source = new Relation.Table(new QualifiedName(List.of("pg_catalog", "rockstream_integers"), at),
                Optional.empty(), List.of(), at);
        QueryBody.Select select = new QueryBody.Select(false, List.of(new QueryBody.ExpressionItem(value,
                Optional.of("value"), at)), List.of(source), Optional.of(where), List.of(), Optional.empty(), at);
        return new Query(List.of(), select, List.of(), Optional.empty(), Optional.empty(), at);
    }

    private static Query constantSeries(List<Expr> constants, Position at) {
        long start = number(constants.get(0), at);
        long stop = number(constants.get(1), at);
        long step = constants.size() > 2 ? number(constants.get(2), at) : 1;
        if (step == 0) {
            throw Scope.error(ErrorCode.INVALID_PARAMETER_VALUE, "step size cannot equal zero", at);
        }
        List<List<Expression>> rows = new ArrayList<>();
        for (long value = start; step > 0 ? value <= stop : value >= stop; value += step) {
            if (rows.size() >= CONSTANT_SERIES_LIMIT) {
                throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "generate_series in FROM is limited to "
                        + CONSTANT_SERIES_LIMIT + " rows", at);
            }
            rows.add(List.of(new Expression.Literal(Expression.LiteralKind.INTEGER, Long.toString(value), at)));
        }
        if (rows.isEmpty()) {
            Expression n = new Expression.Identifier(new QualifiedName(List.of("n"), at), at);
            return integers(n, new Expression.Literal(Expression.LiteralKind.BOOLEAN, "false", at), at);
        }
        return new Query(List.of(), new QueryBody.Values(rows, at), List.of(), Optional.empty(), Optional.empty(), at);
    }

    private static boolean isNumberLiteral(Expr constant) {
        if (!(constant instanceof Literal literal) || literal.value() == null) {
            return false;
        }
        return literal.value() instanceof Number || literal.value().toString().trim().matches("-?\\d+");
    }

    private static long number(Expr constant, Position at) {
        Object value = constant instanceof Literal literal ? literal.value() : null;
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw Scope.error(ErrorCode.INVALID_TEXT_REPRESENTATION,
                        "invalid input syntax for type integer: \"" + text + "\"", at);
            }
        }
        throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "generate_series supports integer bounds only", at);
    }

}
