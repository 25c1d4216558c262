package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed COPY statement. COPY is part of the wire protocol (its data travels in
 * CopyData messages), so the gateway reads it itself:
 *
 * <pre>
 * COPY table [ ( column [, ...] ) ] FROM STDIN [ [ WITH ] ( option [, ...] ) | legacy options ]
 * COPY { table [ ( column [, ...] ) ] | ( query ) } TO STDOUT [ [ WITH ] ( option [, ...] ) | legacy options ]
 *
 * option:  FORMAT { text | csv } | DELIMITER 'c' | NULL 's' | HEADER [ boolean ] | QUOTE 'c'
 *          | ESCAPE 'c' | FORCE_QUOTE { ( column [, ...] ) | * } | ENCODING 'UTF8'
 * legacy:  [ BINARY ] [ DELIMITER [ AS ] 'c' ] [ NULL [ AS ] 's' ]
 *          [ CSV [ HEADER ] [ QUOTE [ AS ] 'c' ] [ ESCAPE [ AS ] 'c' ] [ FORCE QUOTE { column [, ...] | * } ] ]
 * </pre>
 *
 * Files and programs on the server ({@code FROM 'path'}, {@code PROGRAM}) and the binary
 * format are refused with 0A000. Positions in errors are 1-based characters of the statement.
 *
 * @param table the table (null for a query)
 * @param columns the listed columns (empty: all)
 * @param query the query of {@code COPY (query) TO} (null for a table)
 * @param queryOffset where the query starts in the statement (characters; 0 without a query)
 * @param from true for FROM STDIN, false for TO STDOUT
 * @param options the format options
 */
record CopyStatement(String table, List<String> columns, String query, int queryOffset, boolean from,
        CopyOptions options) {

    /** Whether {@code sql} is a COPY statement (its first keyword). */
    static boolean isCopy(String sql) {
        return SqlScanner.firstKeyword(sql).equals("COPY");
    }

    /** Parses a COPY statement; throws 42601 (with a position) or 0A000 for what is not supported. */
    static CopyStatement parse(String sql) {
        return new Parser(sql).statement();
    }

    /** One token: kind, text (identifiers folded to lower case unless quoted), start offset. */
    private record Token(char kind, String text, int start) {
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

    private static final class Parser {
        private final String sql;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String sql) {
            this.sql = sql;
            tokenize();
        }

        CopyStatement statement() {
            expectKeyword("COPY");
            String table = null;
            String query = null;
            int queryOffset = 0;
            List<String> columns = List.of();
            if (peek().isSymbol('(')) {
                Token open = take();
                int close = matchingParenthesis(next - 1);
                String inner = sql.substring(open.start() + 1, tokens.get(close).start());
                query = inner.strip();
                queryOffset = open.start() + 1 + inner.indexOf(query);
                if (query.isEmpty()) {
                    throw syntax("syntax error at or near \")\"", tokens.get(close));
                }
                next = close + 1;
            } else {
                table = qualifiedName();
                if (peek().isSymbol('(')) {
                    columns = nameList();
                }
            }
            boolean from;
            Token direction = take();
            if (direction.is("FROM")) {
                from = true;
            } else if (direction.is("TO")) {
                from = false;
            } else {
                throw syntax(direction);
            }
            if (from && query != null) {
                throw syntax(direction);
            }
            Token target = take();
            if (from && !target.is("STDIN") || !from && !target.is("STDOUT")) {
                if (target.kind() == Token.STRING || target.is("PROGRAM")) {
                    throw unsupported("COPY " + (from ? "FROM" : "TO") + " a server file or program is not supported;"
                            + " use COPY ... " + (from ? "FROM STDIN" : "TO STDOUT") + " (psql: \\copy)", target);
                }
                throw syntax(target);
            }
            CopyOptions options = options();
            if (peek().kind() != Token.END) {
                throw syntax(peek());
            }
            return new CopyStatement(table, columns, query, queryOffset, from, options);
        }

        private CopyOptions options() {
            CopyOptions.Builder options = new CopyOptions.Builder();
            if (peek().is("WITH")) {
                take();
            }
            if (peek().isSymbol('(')) {
                take();
                Set<String> seen = new LinkedHashSet<>();
                while (true) {
                    Token name = take();
                    if (!name.isName()) {
                        throw syntax(name);
                    }
                    String option = name.text().toLowerCase(Locale.ROOT);
                    if (!seen.add(option)) {
                        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "conflicting or redundant options")
                                .at(name.start() + 1, 0, 0);
                    }
                    modernOption(options, option, name);
                    Token separator = take();
                    if (separator.isSymbol(')')) {
                        break;
                    }
                    if (!separator.isSymbol(',')) {
                        throw syntax(separator);
                    }
                }
            } else {
                legacyOptions(options);
            }
            return options.build();
        }

        private void modernOption(CopyOptions.Builder options, String option, Token at) {
            switch (option) {
                case "format" -> {
                    Token format = take();
                    if (!format.isName() && format.kind() != Token.STRING) {
                        throw syntax(format);
                    }
                    String value = format.text().toLowerCase(Locale.ROOT);
                    if (value.equals("binary")) {
                        throw unsupported("COPY format \"binary\" is not supported; use text or csv", format);
                    }
                    if (!value.equals("text") && !value.equals("csv")) {
                        throw RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE, "COPY format \"%s\" not recognized",
                                format.text()).at(format.start() + 1, 0, 0);
                    }
                    options.csv(value.equals("csv"));
                }
                case "delimiter" -> options.delimiter(string());
                case "null" -> options.nullString(string());
                case "header" -> options.header(optionalBoolean(at));
                case "quote" -> options.quote(string());
                case "escape" -> options.escape(string());
                case "force_quote" -> {
                    if (peek().isSymbol('*')) {
                        take();
                        options.forceQuoteAll();
                    } else {
                        options.forceQuote(nameList());
                    }
                }
                case "encoding" -> {
                    Token encoding = take();
                    String value = encoding.text().toUpperCase(Locale.ROOT).replace("-", "");
                    if (!value.equals("UTF8") && !value.equals("UNICODE")) {
                        throw unsupported("COPY encoding \"" + encoding.text() + "\" is not supported; RockStream"
                                + " speaks UTF8", encoding);
                    }
                }
                case "freeze" -> optionalBoolean(at);
                case "force_not_null", "force_null", "on_error", "default", "log_verbosity" ->
                        throw unsupported("COPY option \"" + option + "\" is not supported", at);
                default -> throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "option \"%s\" not recognized", option)
                        .at(at.start() + 1, 0, 0);
            }
        }

        private void legacyOptions(CopyOptions.Builder options) {
            while (peek().kind() == Token.WORD) {
                Token word = take();
                String option = word.text().toLowerCase(Locale.ROOT);
                switch (option) {
                    case "binary" -> throw unsupported("COPY format \"binary\" is not supported; use text or csv", word);
                    case "delimiter" -> options.delimiter(asString());
                    case "null" -> options.nullString(asString());
                    case "csv" -> options.csv(true);
                    case "header" -> options.header(true);
                    case "quote" -> options.quote(asString());
                    case "escape" -> options.escape(asString());
                    case "force" -> {
                        Token what = take();
                        if (what.is("QUOTE")) {
                            if (peek().isSymbol('*')) {
                                take();
                                options.forceQuoteAll();
                            } else {
                                options.forceQuote(bareNameList());
                            }
                        } else {
                            throw unsupported("COPY option \"force " + what.text().toLowerCase(Locale.ROOT)
                                    + "\" is not supported", what);
                        }
                    }
                    default -> throw syntax(word);
                }
            }
        }

        /** {@code [AS] 'string'} of a legacy option. */
        private String asString() {
            if (peek().is("AS")) {
                take();
            }
            return string();
        }

        private String string() {
            Token value = take();
            if (value.kind() != Token.STRING) {
                throw syntax(value);
            }
            return value.text();
        }

        private boolean optionalBoolean(Token at) {
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
                case "match" -> throw unsupported("COPY HEADER MATCH is not supported", value);
                default -> throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "%s requires a Boolean value",
                        at.text().toLowerCase(Locale.ROOT)).at(value.start() + 1, 0, 0);
            }
        }

        private String qualifiedName() {
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
        private List<String> nameList() {
            Token open = take();
            if (!open.isSymbol('(')) {
                throw syntax(open);
            }
            List<String> names = new ArrayList<>();
            while (true) {
                Token name = take();
                if (!name.isName()) {
                    throw syntax(name);
                }
                names.add(name.text());
                Token separator = take();
                if (separator.isSymbol(')')) {
                    return names;
                }
                if (!separator.isSymbol(',')) {
                    throw syntax(separator);
                }
            }
        }

        /** {@code name [, ...]} without parentheses (legacy FORCE QUOTE). */
        private List<String> bareNameList() {
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

        private int matchingParenthesis(int open) {
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

        private void expectKeyword(String keyword) {
            Token token = take();
            if (!token.is(keyword)) {
                throw syntax(token);
            }
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token token = tokens.get(next);
            if (token.kind() != Token.END) {
                next++;
            }
            return token;
        }

        private RockStreamException syntax(Token at) {
            String near = at.kind() == Token.END ? "syntax error at end of input"
                    : "syntax error at or near \"" + sql.substring(at.start(), end(at)) + "\"";
            return syntax(near, at);
        }

        private RockStreamException syntax(String message, Token at) {
            return RockStreamException.of(ErrorCode.SYNTAX_ERROR, message).at(position(at), 0, 0);
        }

        private RockStreamException unsupported(String message, Token at) {
            return RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, message).at(position(at), 0, 0);
        }

        /** 1-based position in characters (code points) of the statement. */
        private int position(Token at) {
            return sql.codePointCount(0, Math.min(at.start(), sql.length())) + 1;
        }

        private int end(Token token) {
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

        private void tokenize() {
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

        private int skipComment(int start) {
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
        private int string(int start, int body, boolean escapes) {
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

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
        }
    }
}
