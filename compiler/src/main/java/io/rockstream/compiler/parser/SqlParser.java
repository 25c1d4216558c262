package io.rockstream.compiler.parser;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.List;
import java.util.function.BiFunction;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The entry point of the SQL front end: PostgreSQL-dialect text in, AST out.
 *
 * <p>Positions in the AST and in errors are relative to the whole text passed in. Nodes
 * built from an operator (binary and postfix operators, BETWEEN, IN, LIKE, IS ..., set
 * operations, joins) carry the operator's position, as PostgreSQL does, so that errors
 * about them point at the operator; all other nodes carry the position of their first
 * token.
 *
 * <p>Parsing first tries ANTLR's fast SLL prediction and only re-parses with full LL when
 * that fails, which is rare and also how a genuine syntax error is confirmed.
 */
public final class SqlParser {

    private SqlParser() {
    }

    /**
     * Parses a script of statements separated by {@code ;} (empty statements are skipped,
     * the last {@code ;} is optional).
     *
     * @throws RockStreamException SYNTAX_ERROR (42601) with the offending token's position,
     *     or FEATURE_NOT_SUPPORTED (0A000) for recognized syntax RockStream does not support
     */
    public static List<Statement> parse(String sql) {
        return run(sql, (parser, builder) -> builder.script(parser.script()));
    }

    /**
     * Parses a script once, keeping its parse tree so that the AST can be built again with
     * parameter values ({@link ParsedScript#statements(ParameterValues)}) without parsing.
     *
     * @throws RockStreamException as {@link #parse} does
     */
    public static ParsedScript prepare(String sql) {
        return run(sql, (parser, builder) -> new ParsedScript(builder.input(), parser.script()));
    }

    /** Parses one expression, such as a column default. */
    public static Expression parseExpression(String sql) {
        return run(sql, (parser, builder) -> builder.singleExpression(parser.singleExpression()));
    }

    private static <T> T run(String sql, BiFunction<RockSqlParser, AstBuilder, T> production) {
        CodePointCharStream input = CharStreams.fromString(sql);
        RockSqlLexer lexer = new RockSqlLexer(input);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        RockSqlParser parser = new RockSqlParser(tokens);
        parser.removeErrorListeners();
        AstBuilder builder = new AstBuilder(input);
        try {
            try {
                parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
                parser.setErrorHandler(new BailErrorStrategy());
                return production.apply(parser, builder);
            } catch (ParseCancellationException sllFailed) {
                tokens.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.setErrorHandler(new DefaultErrorStrategy());
                parser.addErrorListener(SyntaxErrorListener.INSTANCE);
                return production.apply(parser, builder);
            }
        } catch (ParseCancellationException unexpected) {
            throw syntaxError(unexpected, tokens);
        } catch (RecognitionException unexpected) {
            throw SyntaxErrorListener.at(unexpected.getOffendingToken() == null
                    ? tokens.LT(1) : unexpected.getOffendingToken());
        } catch (StackOverflowError tooDeep) {
            throw RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES,
                    "stack depth limit exceeded: the statement is nested too deeply");
        }
    }

    private static RockStreamException syntaxError(ParseCancellationException exception, CommonTokenStream tokens) {
        if (exception.getCause() instanceof RecognitionException recognition
                && recognition.getOffendingToken() != null) {
            return SyntaxErrorListener.at(recognition.getOffendingToken());
        }
        Token current = tokens.LT(1);
        return SyntaxErrorListener.at(current);
    }
}
