package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;

/** The row form of a data error in a view's error collection: (sqlstate, message). */
public final class ErrorRows {
    private ErrorRows() {
    }

    public static Row of(RockStreamException error) {
        return Row.of(error.sqlState(), error.getMessage());
    }
}
