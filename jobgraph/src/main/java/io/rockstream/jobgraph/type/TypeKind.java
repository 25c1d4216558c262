package io.rockstream.jobgraph.type;

/** The SQL types RockStream supports, with the PostgreSQL name of each. */
public enum TypeKind {
    /** The type of an untyped literal ({@code 'abc'}, {@code NULL}) before context resolves it. */
    UNKNOWN("unknown"),
    BOOLEAN("boolean"),
    SMALLINT("smallint"),
    INTEGER("integer"),
    BIGINT("bigint"),
    REAL("real"),
    DOUBLE("double precision"),
    NUMERIC("numeric"),
    TEXT("text"),
    VARCHAR("character varying"),
    CHAR("character"),
    DATE("date"),
    TIME("time without time zone"),
    TIMESTAMP("timestamp without time zone"),
    TIMESTAMPTZ("timestamp with time zone"),
    INTERVAL("interval"),
    BYTEA("bytea");

    private final String sqlName;

    TypeKind(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }

    public boolean isInteger() {
        return this == SMALLINT || this == INTEGER || this == BIGINT;
    }

    public boolean isNumeric() {
        return isInteger() || this == REAL || this == DOUBLE || this == NUMERIC;
    }

    public boolean isFloat() {
        return this == REAL || this == DOUBLE;
    }

    public boolean isText() {
        return this == TEXT || this == VARCHAR || this == CHAR;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIME || this == TIMESTAMP || this == TIMESTAMPTZ || this == INTERVAL;
    }
}
