package io.rockstream.jobmanager;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import java.util.List;
import java.util.Optional;

/**
 * A statement prepared once and run many times with different parameter values
 * ({@code $1}, {@code $2}, ...): the text is parsed once, and each run builds its statement
 * from the kept parse tree with the values in place of the placeholders, then binds and runs
 * it as {@link SqlSession#execute} would run the same text with the values written as
 * literals. Belongs to the session that prepared it; use it from that session's thread.
 */
public interface PreparedSql {
    /**
     * The type of each parameter, {@code $1} first: the type declared at prepare, else the
     * one inferred from where the parameter is used ({@code k = $1} gives it {@code k}'s
     * type; with no context it is text); null when it could not be inferred (the statement
     * does not bind yet, or {@code $n} is not used).
     */
    List<SqlType> parameterTypes();

    /**
     * The columns it returns, found by binding it without running it; empty for a statement
     * that returns no rows. SHOW and EXPLAIN run (cheap).
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException when it cannot be bound
     */
    Optional<List<Column>> columns();

    /**
     * Runs it with {@code values}, the parameters' text forms (null for SQL NULL), one per
     * parameter. A value becomes a string literal of the declared type (or, undeclared,
     * an untyped literal that takes its type from the context), so no value can change
     * what the statement does.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException as {@link SqlSession#execute}
     *         does; 42P02 for a {@code $n} beyond the values, 22021 for a value with a NUL
     */
    StatementResult execute(List<String> values);
}
