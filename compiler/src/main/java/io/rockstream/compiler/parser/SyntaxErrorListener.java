package io.rockstream.compiler.parser;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns the first syntax error ANTLR reports into a {@link RockStreamException} worded like
 * PostgreSQL's ({@code syntax error at or near "FROM"}, {@code syntax error at end of input}),
 * positioned at the offending token. Replaces ANTLR's console listener, so nothing is printed.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    static final SyntaxErrorListener INSTANCE = new SyntaxErrorListener();

    private SyntaxErrorListener() {
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String message, RecognitionException cause) {
        if (offendingSymbol instanceof Token token) {
            throw at(token);
        }
        // lexer errors cannot happen (the lexer has a catch-all token), but stay safe
        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "syntax error")
                .at(1, line, charPositionInLine + 1);
    }

    /** The PostgreSQL-style syntax error for an unexpected token. */
    static RockStreamException at(Token token) {
        String message;
        if (token.getType() == Token.EOF) {
            message = "syntax error at end of input";
        } else if (token.getType() == RockSqlLexer.UNTERMINATED_STRING) {
            message = "unterminated quoted string at or near \"" + token.getText() + "\"";
        } else {
            message = "syntax error at or near \"" + token.getText() + "\"";
        }
        return RockStreamException.of(ErrorCode.SYNTAX_ERROR, message)
                .at(token.getStartIndex() + 1, token.getLine(), token.getCharPositionInLine() + 1);
    }
}
