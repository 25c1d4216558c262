package io.rockstream.sqllogictest;

import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.taskmanager.expr.PgText;

/** PostgreSQL's text output of a value, for the {@code T} column type: the engine's own formatter. */
final class TextFormat {
    private TextFormat() {
    }

    /** The text PostgreSQL prints for a non-null {@code value} of {@code type}. */
    static String format(Object value, SqlType type) {
        return PgText.format(value, type);
    }
}
