package io.rockstream.compiler.parser;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;

/**
 * The values of a prepared statement's placeholders, given when its AST is built again from
 * the kept parse tree ({@link ParsedScript#statements(ParameterValues)}): each {@code $n}
 * becomes the expression returned here, usually a literal, positioned where {@code $n} was
 * written.
 */
@FunctionalInterface
public interface ParameterValues {
    /**
     * The expression standing for {@code $number} at {@code position}.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException when there is no such parameter
     */
    Expression value(int number, Position position);
}
