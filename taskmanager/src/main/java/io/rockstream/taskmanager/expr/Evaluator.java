package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.row.Row;

/** A compiled scalar expression: evaluates against one input row. Thread-safe and stateless. */
@FunctionalInterface
public interface Evaluator {
    /** The value (null for SQL NULL), or a RockStreamException for a data error (22003, 22012, ...). */
    Object evaluate(Row row);
}
