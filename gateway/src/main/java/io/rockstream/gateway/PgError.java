package io.rockstream.gateway;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;

/**
 * The fields of one ErrorResponse; {@code detail}, {@code hint} and {@code where} (the
 * CONTEXT line, e.g. the COPY line that failed) may be null, {@code position} 0.
 */
record PgError(String severity, String sqlState, String message, String detail, String hint, int position,
        String where) {
    PgError {
        requireNonNull(severity, "severity is null");
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
    }

    static PgError error(String sqlState, String message) {
        return new PgError("ERROR", sqlState, message, null, null, 0, null);
    }

    static PgError fatal(String sqlState, String message) {
        return new PgError("FATAL", sqlState, message, null, null, 0, null);
    }

    /** An engine error, its position moved by {@code positionOf} (statement offset, bound parameters). */
    static PgError of(RockStreamException exception, java.util.function.IntUnaryOperator positionOf) {
        int position = exception.position() > 0 ? positionOf.applyAsInt(exception.position()) : 0;
        return new PgError("ERROR", exception.sqlState(), exception.getMessage(), exception.detail(),
                exception.hint(), position, null);
    }

    PgError withWhere(String context) {
        return new PgError(severity, sqlState, message, detail, hint, position, context);
    }
}
