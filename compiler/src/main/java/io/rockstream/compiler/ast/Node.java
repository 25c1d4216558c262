package io.rockstream.compiler.ast;

/** Every AST node knows where it starts in the statement text. */
public interface Node {
    Position position();
}
