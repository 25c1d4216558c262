package io.rockstream.compiler.parser;

import io.rockstream.compiler.ast.Statement;
import java.util.List;
import org.antlr.v4.runtime.CharStream;

/**
 * A script parsed once, for a prepared statement that runs many times: the parse tree is
 * kept, and its AST is built again for each set of parameter values, which is a walk of the
 * tree and a small fraction of the cost of parsing.
 *
 * <p>Safe to use from one thread at a time (the tree is only read, but ANTLR makes no
 * promise about concurrent readers).
 */
public final class ParsedScript {
    private final CharStream input;
    private final RockSqlParser.ScriptContext tree;
    private final List<Statement> statements;
    private final int parameterCount;

    ParsedScript(CharStream input, RockSqlParser.ScriptContext tree) {
        this.input = input;
        this.tree = tree;
        AstBuilder builder = new AstBuilder(input);
        this.statements = builder.script(tree);
        this.parameterCount = builder.highestParameter();
    }

    /** The statements with their placeholders ({@link io.rockstream.compiler.ast.Expression.Parameter}). */
    public List<Statement> statements() {
        return statements;
    }

    /** The statements with every {@code $n} replaced by {@code values}. */
    public List<Statement> statements(ParameterValues values) {
        return new AstBuilder(input, values).script(tree);
    }

    /** The highest {@code $n} written, 0 when there is none. */
    public int parameterCount() {
        return parameterCount;
    }
}
