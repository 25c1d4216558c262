package io.rockstream.jobgraph.type;

import static java.util.Objects.requireNonNull;

/**
 * A SQL type: its kind plus the modifiers PostgreSQL keeps ({@code numeric(p,s)},
 * {@code varchar(n)}, {@code char(n)}). A modifier of {@code -1} means "unconstrained".
 *
 * <p>Java representation of values, by kind: BOOLEAN {@link Boolean}, SMALLINT {@link Short},
 * INTEGER {@link Integer}, BIGINT {@link Long}, REAL {@link Float}, DOUBLE {@link Double},
 * NUMERIC {@link java.math.BigDecimal}, TEXT/VARCHAR/CHAR {@link String}, DATE
 * {@link java.time.LocalDate}, TIME {@link java.time.LocalTime}, TIMESTAMP
 * {@link java.time.LocalDateTime}, TIMESTAMPTZ {@link java.time.Instant}, INTERVAL
 * {@link Interval}, BYTEA {@link Bytes}. SQL NULL is Java {@code null} for every type.
 */
public record SqlType(TypeKind kind, int precision, int scale) {
    public static final SqlType UNKNOWN = of(TypeKind.UNKNOWN);
    public static final SqlType BOOLEAN = of(TypeKind.BOOLEAN);
    public static final SqlType SMALLINT = of(TypeKind.SMALLINT);
    public static final SqlType INTEGER = of(TypeKind.INTEGER);
    public static final SqlType BIGINT = of(TypeKind.BIGINT);
    public static final SqlType REAL = of(TypeKind.REAL);
    public static final SqlType DOUBLE = of(TypeKind.DOUBLE);
    public static final SqlType NUMERIC = of(TypeKind.NUMERIC);
    public static final SqlType TEXT = of(TypeKind.TEXT);
    public static final SqlType VARCHAR = of(TypeKind.VARCHAR);
    public static final SqlType DATE = of(TypeKind.DATE);
    public static final SqlType TIME = of(TypeKind.TIME);
    public static final SqlType TIMESTAMP = of(TypeKind.TIMESTAMP);
    public static final SqlType TIMESTAMPTZ = of(TypeKind.TIMESTAMPTZ);
    public static final SqlType INTERVAL = of(TypeKind.INTERVAL);
    public static final SqlType BYTEA = of(TypeKind.BYTEA);

    public SqlType {
        requireNonNull(kind, "kind is null");
    }

    public static SqlType of(TypeKind kind) {
        return new SqlType(kind, -1, -1);
    }

    public static SqlType numeric(int precision, int scale) {
        return new SqlType(TypeKind.NUMERIC, precision, scale);
    }

    public static SqlType varchar(int length) {
        return new SqlType(TypeKind.VARCHAR, length, -1);
    }

    public static SqlType character(int length) {
        return new SqlType(TypeKind.CHAR, length, -1);
    }

    /** The same kind without modifiers ({@code numeric(10,2)} becomes {@code numeric}). */
    public SqlType unconstrained() {
        return precision < 0 && scale < 0 ? this : of(kind);
    }

    /** The PostgreSQL spelling, as {@code format_type} prints it. */
    public String sqlName() {
        return switch (kind) {
            case NUMERIC -> precision >= 0 ? "numeric(" + precision + "," + Math.max(scale, 0) + ")" : "numeric";
            case VARCHAR -> precision >= 0 ? "character varying(" + precision + ")" : "character varying";
            case CHAR -> "character(" + Math.max(precision, 1) + ")";
            case UNKNOWN, BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, TEXT, DATE, TIME, TIMESTAMP,
                    TIMESTAMPTZ, INTERVAL, BYTEA -> kind.sqlName();
        };
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
