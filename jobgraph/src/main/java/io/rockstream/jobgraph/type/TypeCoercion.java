package io.rockstream.jobgraph.type;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.List;

/**
 * PostgreSQL's type coercion rules: which casts exist in which context (implicit,
 * assignment, explicit, after {@code pg_cast}) and the common type of a UNION, CASE,
 * COALESCE, IN, GREATEST or LEAST ({@code select_common_type}).
 *
 * <p>Type categories and preferred types follow {@code pg_type}: boolean (B); numeric (N,
 * preferred {@code double precision}); string (S, preferred {@code text}); date/time (D,
 * preferred {@code timestamptz}); timespan (T, preferred {@code interval}); bytea (U).
 * {@code unknown} (an untyped literal) has its own category and converts to anything.
 */
public final class TypeCoercion {
    private TypeCoercion() {
    }

    /** PostgreSQL's {@code typcategory}. */
    public enum Category {
        BOOLEAN, NUMERIC, STRING, DATETIME, TIMESPAN, USER, UNKNOWN
    }

    public static Category category(TypeKind kind) {
        return switch (kind) {
            case UNKNOWN -> Category.UNKNOWN;
            case BOOLEAN -> Category.BOOLEAN;
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC -> Category.NUMERIC;
            case TEXT, VARCHAR, CHAR -> Category.STRING;
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> Category.DATETIME;
            case INTERVAL -> Category.TIMESPAN;
            case BYTEA -> Category.USER;
        };
    }

    /** PostgreSQL's {@code typispreferred}. */
    public static boolean isPreferred(TypeKind kind) {
        return kind == TypeKind.DOUBLE || kind == TypeKind.TEXT || kind == TypeKind.TIMESTAMPTZ
                || kind == TypeKind.INTERVAL || kind == TypeKind.BOOLEAN;
    }

    /**
     * The common type of the inputs of a UNION, CASE, COALESCE, IN, GREATEST or LEAST,
     * as PostgreSQL's {@code select_common_type}: the first non-unknown type, replaced by a
     * later type when it converts to that one implicitly but not back (unless it is the
     * category's preferred type). All-unknown inputs resolve to {@code text}. Type
     * modifiers survive only when every input has the same ones.
     *
     * @param context names the construct in errors ("UNION", "CASE", "COALESCE", ...)
     * @throws RockStreamException 42804 when two inputs are in different categories, 42846
     *         when an input cannot be converted to the chosen type
     */
    public static SqlType commonType(List<SqlType> types, String context) {
        if (types.isEmpty()) {
            throw RockStreamException.internal("commonType of no types", null);
        }
        SqlType chosen = null;
        for (SqlType type : types) {
            if (type.kind() == TypeKind.UNKNOWN) {
                continue;
            }
            if (chosen == null) {
                chosen = type;
                continue;
            }
            if (type.kind() == chosen.kind()) {
                continue;
            }
            Category chosenCategory = category(chosen.kind());
            if (category(type.kind()) != chosenCategory) {
                throw RockStreamException.of(ErrorCode.DATATYPE_MISMATCH, "%s types %s and %s cannot be matched",
                        context, chosen.kind().sqlName(), type.kind().sqlName());
            }
            if (!isPreferred(chosen.kind()) && canImplicitlyCast(chosen, type) && !canImplicitlyCast(type, chosen)) {
                chosen = type;
            }
        }
        if (chosen == null) {
            return SqlType.TEXT;
        }
        for (SqlType type : types) {
            if (!canImplicitlyCast(type, chosen)) {
                throw RockStreamException.of(ErrorCode.CANNOT_COERCE, "%s could not convert type %s to %s",
                        context, type.kind().sqlName(), chosen.kind().sqlName());
            }
        }
        return withCommonModifiers(types, chosen);
    }

    private static SqlType withCommonModifiers(List<SqlType> types, SqlType chosen) {
        for (SqlType type : types) {
            if (type.kind() != TypeKind.UNKNOWN && !type.equals(chosen)) {
                return chosen.unconstrained();
            }
        }
        return chosen;
    }

    /** Whether PostgreSQL converts {@code from} to {@code to} silently, in any expression. */
    public static boolean canImplicitlyCast(SqlType from, SqlType to) {
        return canImplicitlyCast(from.kind(), to.kind());
    }

    public static boolean canImplicitlyCast(TypeKind from, TypeKind to) {
        if (from == to || from == TypeKind.UNKNOWN) {
            return true;
        }
        return switch (from) {
            case SMALLINT -> to == TypeKind.INTEGER || to == TypeKind.BIGINT || to == TypeKind.NUMERIC
                    || to.isFloat();
            case INTEGER -> to == TypeKind.BIGINT || to == TypeKind.NUMERIC || to.isFloat();
            case BIGINT -> to == TypeKind.NUMERIC || to.isFloat();
            case NUMERIC -> to.isFloat();
            case REAL -> to == TypeKind.DOUBLE;
            case TEXT, VARCHAR, CHAR -> to.isText();
            case DATE -> to == TypeKind.TIMESTAMP || to == TypeKind.TIMESTAMPTZ;
            case TIMESTAMP -> to == TypeKind.TIMESTAMPTZ;
            case TIME -> to == TypeKind.INTERVAL;
            case UNKNOWN, BOOLEAN, DOUBLE, TIMESTAMPTZ, INTERVAL, BYTEA -> false;
        };
    }

    /**
     * Whether an INSERT or UPDATE may store a {@code from} value in a {@code to} column
     * (implicit and assignment casts): every numeric type into every other, anything into
     * a string type, narrowing date/time conversions. Not {@code text} into {@code integer}.
     */
    public static boolean canAssign(SqlType from, SqlType to) {
        TypeKind source = from.kind();
        TypeKind target = to.kind();
        if (canImplicitlyCast(source, target) || target.isText()) {
            return true;
        }
        return switch (source) {
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC -> target.isNumeric();
            case TIMESTAMP -> target == TypeKind.DATE || target == TypeKind.TIME;
            case TIMESTAMPTZ -> target == TypeKind.DATE || target == TypeKind.TIME || target == TypeKind.TIMESTAMP;
            case INTERVAL -> target == TypeKind.TIME;
            case UNKNOWN, BOOLEAN, TEXT, VARCHAR, CHAR, DATE, TIME, BYTEA -> false;
        };
    }

    /**
     * Whether {@code CAST(from AS to)} exists: the assignment casts, plus {@code integer <->
     * boolean} and the text input of every type (a string parses with the type's input
     * syntax).
     */
    public static boolean canCast(SqlType from, SqlType to) {
        TypeKind source = from.kind();
        TypeKind target = to.kind();
        if (canAssign(from, to) || source.isText()) {
            return true;
        }
        return (source == TypeKind.INTEGER && target == TypeKind.BOOLEAN)
                || (source == TypeKind.BOOLEAN && target == TypeKind.INTEGER);
    }
}
