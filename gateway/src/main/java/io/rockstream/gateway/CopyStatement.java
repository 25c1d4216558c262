package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
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

    private static final class Parser extends TokenParser {
        Parser(String sql) {
            super(sql);
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

        CopyOptions options() {
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

        void modernOption(CopyOptions.Builder options, String option, Token at) {
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
                case "header" -> {
                    if (peek().is("MATCH")) {
                        throw unsupported("COPY HEADER MATCH is not supported", peek());
                    }
                    options.header(optionalBoolean(at));
                }
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

        void legacyOptions(CopyOptions.Builder options) {
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

    }
}
