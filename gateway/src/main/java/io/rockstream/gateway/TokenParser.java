package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser's base for the few statements the gateway reads itself (COPY,
 * cursors, SUBSCRIBE): PostgreSQL's lexical rules for words, {@code "quoted"} identifiers,
 * {@code 'strings'} ({@code E'...'} with backslash escapes), comments and symbols, and
 * errors with 1-based positions as the engine gives them.
 *
 * <p>Mutable; one per statement.
 */
abstract class TokenParser {
    /** One token: kind, text (identifiers folded to lower case unless quoted), start offset. */
    record Token(char kind, String text, int start) {
        static final char WORD = 'w';
        static final char QUOTED = 'q';
        static final char STRING = 's';
        static final char SYMBOL = 'y';
        static final char END = 'e';

        boolean is(String keyword) {
            return kind == WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(char symbol) {
            return kind == SYMBOL && text.charAt(0) == symbol;
        }

        boolean isName() {
            return kind == WORD || kind == QUOTED;
        }
    }

    final String sql;
    final List<Token> tokens = new ArrayList<>();
    int next;

    TokenParser(String sql) {
        this.sql = sql;
        tokenize();
    }

    /** {@code [AS] 'string'} of a legacy option. */
    String asString() {
        if (peek().is("AS")) {
            take();
        }
        return string();
    }

    String string() {
        Token value = take();
        if (value.kind() != Token.STRING) {
            throw syntax(value);
        }
        return value.text();
    }

    boolean optionalBoolean(Token at) {
        Token value = peek();
        if (value.isSymbol(',') || value.isSymbol(')')) {
            return true;
        }
        take();
        String text = value.text().toLowerCase(Locale.ROOT);
        switch (text) {
            case "true", "on", "1" -> {
                return true;
            }
            case "false", "off", "0" -> {
                return false;
            }
            default -> throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "%s requires a Boolean value",
                    at.text().toLowerCase(Locale.ROOT)).at(value.start() + 1, 0, 0);
        }
    }

    String qualifiedName() {
        Token name = take();
        if (!name.isName()) {
            throw syntax(name);
        }
        String last = name.text();
        while (peek().isSymbol('.')) {
            take();
            Token part = take();
            if (!part.isName()) {
                throw syntax(part);
            }
            last = part.text();
        }
        return last;
    }

    /** {@code ( name [, ...] )}. */
    List<String> nameList() {
        expectSymbol('(');
        List<String> names = bareNameList();
        expectSymbol(')');
        return names;
    }

    void expectSymbol(char symbol) {
        Token token = take();
        if (!token.isSymbol(symbol)) {
            throw syntax(token);
        }
    }

    /** {@code name [, ...]} without parentheses (legacy FORCE QUOTE). */
    List<String> bareNameList() {
        List<String> names = new ArrayList<>();
        while (true) {
            Token name = take();
            if (!name.isName()) {
                throw syntax(name);
            }
            names.add(name.text());
            if (!peek().isSymbol(',')) {
                return names;
            }
            take();
        }
    }

    int matchingParenthesis(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol('(')) {
                depth++;
            } else if (token.isSymbol(')')) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw syntax(tokens.get(tokens.size() - 1));
    }

    void expectKeyword(String keyword) {
        Token token = take();
        if (!token.is(keyword)) {
            throw syntax(token);
        }
    }

    Token peek() {
        return tokens.get(next);
    }

    Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Token.END) {
            next++;
        }
        return token;
    }

    RockStreamException syntax(Token at) {
        String near = at.kind() == Token.END ? "syntax error at end of input"
                : "syntax error at or near \"" + sql.substring(at.start(), end(at)) + "\"";
        return syntax(near, at);
    }

    RockStreamException syntax(String message, Token at) {
        return RockStreamException.of(ErrorCode.SYNTAX_ERROR, message).at(position(at), 0, 0);
    }

    RockStreamException unsupported(String message, Token at) {
        return RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, message).at(position(at), 0, 0);
    }

    /** 1-based position in characters (code points) of the statement. */
    int position(Token at) {
        return sql.codePointCount(0, Math.min(at.start(), sql.length())) + 1;
    }

    int end(Token token) {
        int i = token.start();
        char c = sql.charAt(i);
        if (token.kind() == Token.STRING || token.kind() == Token.QUOTED) {
            int close = sql.indexOf(c == 'E' || c == 'e' ? '\'' : c, i + (c == 'E' || c == 'e' ? 2 : 1));
            return close < 0 ? sql.length() : close + 1;
        }
        if (token.kind() == Token.SYMBOL) {
            return i + 1;
        }
        while (i < sql.length() && isWordChar(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    void tokenize() {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipComment(i);
            } else if (c == '\'') {
                i = string(i, i + 1, false);
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = string(i, i + 2, true);
            } else if (c == '"') {
                StringBuilder name = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "unterminated quoted identifier")
                                .at(i + 1, 0, 0);
                    }
                    char d = sql.charAt(j);
                    if (d == '"') {
                        if (j + 1 < n && sql.charAt(j + 1) == '"') {
                            name.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(d);
                    j++;
                }
                tokens.add(new Token(Token.QUOTED, name.toString(), i));
                i = j + 1;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < n && isWordChar(sql.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Token.WORD, sql.substring(i, j).toLowerCase(Locale.ROOT), i));
                i = j;
            } else {
                tokens.add(new Token(Token.SYMBOL, String.valueOf(c), i));
                i++;
            }
        }
        tokens.add(new Token(Token.END, "", n));
    }

    int skipComment(int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "unterminated /* comment").at(start + 1, 0, 0);
    }

    /** A string literal starting at {@code start} whose body starts at {@code body}. */
    int string(int start, int body, boolean escapes) {
        StringBuilder value = new StringBuilder();
        int i = body;
        while (true) {
            if (i >= sql.length()) {
                throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "unterminated quoted string")
                        .at(start + 1, 0, 0);
            }
            char c = sql.charAt(i);
            if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                break;
            }
            if (escapes && c == '\\' && i + 1 < sql.length()) {
                char e = sql.charAt(i + 1);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    default -> value.append(e);
                }
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        tokens.add(new Token(Token.STRING, value.toString(), start));
        return i + 1;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }
}
