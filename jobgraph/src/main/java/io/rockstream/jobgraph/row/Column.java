package io.rockstream.jobgraph.row;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;

/** A named, typed column of a relation. */
public record Column(String name, SqlType type, boolean nullable) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    public static Column of(String name, SqlType type) {
        return new Column(name, type, true);
    }
}
