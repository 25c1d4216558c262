package io.rockstream.gateway;

import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;

/**
 * PostgreSQL type OIDs, sizes and modifiers of RockStream's SQL types, as they appear in
 * RowDescription and ParameterDescription, and the cast names used to bind typed parameters.
 */
final class PgTypes {
    static final int UNSPECIFIED = 0;
    static final int BOOL = 16;
    static final int BYTEA = 17;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int TEXT = 25;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int UNKNOWN = 705;
    static final int BPCHAR = 1042;
    static final int VARCHAR = 1043;
    static final int DATE = 1082;
    static final int TIME = 1083;
    static final int TIMESTAMP = 1114;
    static final int TIMESTAMPTZ = 1184;
    static final int INTERVAL = 1186;
    static final int NUMERIC = 1700;

    private PgTypes() {
    }

    static int oid(SqlType type) {
        return switch (type.kind()) {
            case UNKNOWN, TEXT -> TEXT;
            case BOOLEAN -> BOOL;
            case SMALLINT -> INT2;
            case INTEGER -> INT4;
            case BIGINT -> INT8;
            case REAL -> FLOAT4;
            case DOUBLE -> FLOAT8;
            case NUMERIC -> NUMERIC;
            case VARCHAR -> VARCHAR;
            case CHAR -> BPCHAR;
            case DATE -> DATE;
            case TIME -> TIME;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMPTZ -> TIMESTAMPTZ;
            case INTERVAL -> INTERVAL;
            case BYTEA -> BYTEA;
        };
    }

    /** pg_type.typlen: the fixed size in bytes, or -1 for variable-length types. */
    static short size(SqlType type) {
        return switch (type.kind()) {
            case BOOLEAN -> 1;
            case SMALLINT -> 2;
            case INTEGER, REAL, DATE -> 4;
            case BIGINT, DOUBLE, TIME, TIMESTAMP, TIMESTAMPTZ -> 8;
            case INTERVAL -> 16;
            case UNKNOWN, NUMERIC, TEXT, VARCHAR, CHAR, BYTEA -> -1;
        };
    }

    /** The attribute type modifier PostgreSQL reports: varchar(n) n+4, numeric(p,s) ((p<<16)|s)+4, else -1. */
    static int modifier(SqlType type) {
        if (type.kind() == TypeKind.VARCHAR || type.kind() == TypeKind.CHAR) {
            return type.precision() >= 0 ? type.precision() + 4 : -1;
        }
        if (type.kind() == TypeKind.NUMERIC && type.precision() >= 0) {
            return ((type.precision() << 16) | Math.max(type.scale(), 0)) + 4;
        }
        return -1;
    }

    /**
     * The SQL type a parameter of type {@code oid} is bound as, or {@code null} when the
     * client left it unspecified (or gave a type we do not know): such a parameter is bound
     * as an untyped literal and takes its type from the context, as PostgreSQL's "unknown".
     */
    static SqlType parameterType(int oid) {
        return switch (oid) {
            case BOOL -> SqlType.BOOLEAN;
            case BYTEA -> SqlType.BYTEA;
            case INT8 -> SqlType.BIGINT;
            case INT2 -> SqlType.SMALLINT;
            case INT4 -> SqlType.INTEGER;
            case TEXT -> SqlType.TEXT;
            case FLOAT4 -> SqlType.REAL;
            case FLOAT8 -> SqlType.DOUBLE;
            case BPCHAR -> SqlType.of(TypeKind.CHAR);
            case VARCHAR -> SqlType.VARCHAR;
            case DATE -> SqlType.DATE;
            case TIME -> SqlType.TIME;
            case TIMESTAMP -> SqlType.TIMESTAMP;
            case TIMESTAMPTZ -> SqlType.TIMESTAMPTZ;
            case INTERVAL -> SqlType.INTERVAL;
            case NUMERIC -> SqlType.NUMERIC;
            default -> null;
        };
    }

    /** The cast written after a bound literal of type {@code oid}, e.g. {@code int4}. */
    static String castName(int oid) {
        return switch (oid) {
            case BOOL -> "bool";
            case BYTEA -> "bytea";
            case INT8 -> "int8";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            // A string literal needs no cast to be a string, and an untyped one adapts to its
            // context (text, varchar(n), char(n): "::bpchar" would mean char(1)), so string
            // types are left untyped.
            case TEXT, BPCHAR, VARCHAR -> null;
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case INTERVAL -> "interval";
            case NUMERIC -> "numeric";
            default -> null;
        };
    }
}
