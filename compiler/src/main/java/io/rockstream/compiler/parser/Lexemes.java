package io.rockstream.compiler.parser;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.Token;

/** The text of single tokens: identifier case folding, string unescaping, type name aliases. */
final class Lexemes {

    /**
     * PostgreSQL's spellings of the built-in types, mapped to the one name the binder knows
     * (see {@link io.rockstream.compiler.ast.TypeName}).
     */
    private static final Map<String, String> TYPE_ALIASES = Map.ofEntries(
            Map.entry("bool", "boolean"),
            Map.entry("boolean", "boolean"),
            Map.entry("int2", "smallint"),
            Map.entry("smallint", "smallint"),
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("integer", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("bigint", "bigint"),
            Map.entry("float4", "real"),
            Map.entry("real", "real"),
            Map.entry("float8", "double precision"),
            Map.entry("float", "double precision"),
            Map.entry("numeric", "numeric"),
            Map.entry("decimal", "numeric"),
            Map.entry("dec", "numeric"),
            Map.entry("text", "text"),
            Map.entry("varchar", "varchar"),
            Map.entry("char", "char"),
            Map.entry("character", "char"),
            Map.entry("bpchar", "char"),
            Map.entry("date", "date"),
            Map.entry("time", "time"),
            Map.entry("timestamp", "timestamp"),
            Map.entry("timestamptz", "timestamptz"),
            Map.entry("interval", "interval"),
            Map.entry("bytea", "bytea"));

    private Lexemes() {
    }

    /** An identifier token's name: unquoted words are lower-cased, quoted ones kept as written. */
    static String identifier(Token token) {
        String text = token.getText();
        if (token.getType() == RockSqlLexer.QUOTED_IDENTIFIER) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** The value of a {@code '...'}, {@code E'...'} or {@code $$...$$} string token. */
    static String string(Token token) {
        String text = token.getText();
        if (token.getType() == RockSqlLexer.ESCAPE_STRING) {
            return unescape(text.substring(2, text.length() - 1), token);
        }
        if (token.getType() == RockSqlLexer.DOLLAR_STRING) {
            return text.substring(2, text.length() - 2);
        }
        return text.substring(1, text.length() - 1).replace("''", "'");
    }

    /** The normalized name of a single-word type, or the word itself when it is not built in. */
    static String typeName(String word) {
        return TYPE_ALIASES.getOrDefault(word, word);
    }

    /** Resolves the backslash escapes of an {@code E'...'} string body. */
    private static String unescape(String body, Token token) {
        StringBuilder value = new StringBuilder(body.length());
        int index = 0;
        while (index < body.length()) {
            char character = body.charAt(index++);
            if (character == '\'') {
                // the lexer only lets quotes through doubled
                index++;
                value.append('\'');
                continue;
            }
            if (character != '\\' || index == body.length()) {
                value.append(character);
                continue;
            }
            char escaped = body.charAt(index++);
            switch (escaped) {
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'x' -> {
                    int end = digitsEnd(body, index, 2, 16);
                    if (end == index) {
                        value.append('x');
                    } else {
                        value.append((char) Integer.parseInt(body.substring(index, end), 16));
                        index = end;
                    }
                }
                case 'u', 'U' -> {
                    int length = escaped == 'u' ? 4 : 8;
                    int end = digitsEnd(body, index, length, 16);
                    if (end - index != length) {
                        throw RockStreamException.of(ErrorCode.INVALID_ESCAPE_SEQUENCE,
                                "invalid Unicode escape; Unicode escapes must be \\uXXXX or \\UXXXXXXXX")
                                .at(token.getStartIndex() + 1, token.getLine(), token.getCharPositionInLine() + 1);
                    }
                    value.appendCodePoint(Integer.parseInt(body.substring(index, end), 16));
                    index = end;
                }
                default -> {
                    if (escaped >= '0' && escaped <= '7') {
                        int end = digitsEnd(body, index - 1, 3, 8);
                        value.append((char) Integer.parseInt(body.substring(index - 1, end), 8));
                        index = end;
                    } else {
                        value.append(escaped);
                    }
                }
            }
        }
        return value.toString();
    }

    private static int digitsEnd(String text, int start, int maxLength, int radix) {
        int end = start;
        while (end < text.length() && end - start < maxLength && Character.digit(text.charAt(end), radix) >= 0) {
            end++;
        }
        return end;
    }
}
