package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.TypeName;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.List;

/** Maps type names as written to SQL types (unknown names: 42704). */
public final class Types {
    private Types() {
    }

    public static SqlType of(TypeName name) {
        List<Integer> modifiers = name.modifiers();
        return switch (name.name()) {
            case "boolean", "bool" -> SqlType.BOOLEAN;
            case "smallint", "int2" -> SqlType.SMALLINT;
            case "integer", "int", "int4" -> SqlType.INTEGER;
            case "bigint", "int8" -> SqlType.BIGINT;
            case "real", "float4" -> SqlType.REAL;
            case "double precision", "float8" -> SqlType.DOUBLE;
            case "float" -> modifiers.isEmpty() || modifiers.get(0) > 24 ? SqlType.DOUBLE : SqlType.REAL;
            case "numeric", "decimal" -> numeric(name, modifiers);
            case "text" -> SqlType.TEXT;
            case "varchar", "character varying" -> modifiers.isEmpty() ? SqlType.VARCHAR : SqlType.varchar(length(name, modifiers.get(0)));
            case "char", "character", "bpchar" -> SqlType.character(modifiers.isEmpty() ? 1 : length(name, modifiers.get(0)));
            case "date" -> SqlType.DATE;
            case "time" -> SqlType.TIME;
            case "timestamp" -> SqlType.TIMESTAMP;
            case "timestamptz" -> SqlType.TIMESTAMPTZ;
            case "interval" -> SqlType.INTERVAL;
            case "bytea" -> SqlType.BYTEA;
            default -> {
                if (name.name().endsWith("[]")) {
                    throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "array types are not supported here",
                            name.position());
                }
                throw Scope.error(ErrorCode.UNDEFINED_OBJECT, "type \"" + name.name() + "\" does not exist",
                        name.position());
            }
        };
    }

    /** The name {@link #of} maps back to {@code type}: how a cast to it is written. */
    public static TypeName nameOf(SqlType type, io.rockstream.compiler.ast.Position position) {
        String name = switch (type.kind()) {
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case VARCHAR -> "varchar";
            case CHAR -> "char";
            case UNKNOWN -> throw new IllegalArgumentException("no name for type unknown");
            default -> type.kind().sqlName();
        };
        List<Integer> modifiers = type.precision() < 0 ? List.of()
                : type.scale() < 0 || type.kind() != TypeKind.NUMERIC ? List.of(type.precision())
                : List.of(type.precision(), type.scale());
        return new TypeName(name, modifiers, position);
    }

    private static SqlType numeric(TypeName name, List<Integer> modifiers) {
        if (modifiers.isEmpty()) {
            return SqlType.NUMERIC;
        }
        int precision = modifiers.get(0);
        int scale = modifiers.size() > 1 ? modifiers.get(1) : 0;
        if (precision < 1 || precision > 1000) {
            throw Scope.error(ErrorCode.INVALID_PARAMETER_VALUE,
                    "NUMERIC precision " + precision + " must be between 1 and 1000", name.position());
        }
        if (scale < 0 || scale > precision) {
            throw Scope.error(ErrorCode.INVALID_PARAMETER_VALUE,
                    "NUMERIC scale " + scale + " must be between 0 and precision " + precision, name.position());
        }
        return SqlType.numeric(precision, scale);
    }

    private static int length(TypeName name, int length) {
        if (length < 1) {
            throw Scope.error(ErrorCode.INVALID_PARAMETER_VALUE, "length for type " + name.name() + " must be at least 1",
                    name.position());
        }
        return length;
    }

    /** The type a column or result takes for an expression of this type (unknown becomes text). */
    static SqlType resolved(SqlType type) {
        return type.kind() == TypeKind.UNKNOWN ? SqlType.TEXT : type;
    }
}
