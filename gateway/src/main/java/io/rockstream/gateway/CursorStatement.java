package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Durations;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The statements about portals that the gateway runs itself, since portals live in the
 * connection:
 *
 * <pre>
 * DECLARE name [ ASENSITIVE | INSENSITIVE ] [ NO SCROLL ] CURSOR [ { WITH | WITHOUT } HOLD ] FOR { query | SUBSCRIBE ... }
 * FETCH [ NEXT | FORWARD [ count | ALL ] | ALL | count ] [ FROM | IN ] name [ WITH ( TIMEOUT = 'duration' ) ]
 * MOVE  [ same directions ] [ FROM | IN ] name
 * CLOSE { name | ALL }
 * SUBSCRIBE [ TO ] relation [ WITH ( PROGRESS [ = bool ], SNAPSHOT [ = bool ] ) ]
 * </pre>
 *
 * Cursors only move forward (backward directions: 55000); BINARY and SCROLL cursors are
 * refused with 0A000.
 */
interface CursorStatement {
    Set<String> KEYWORDS = Set.of("DECLARE", "FETCH", "MOVE", "CLOSE", "SUBSCRIBE");

    /** Whether the first keyword of {@code sql} makes it one of these statements. */
    static boolean isCursorStatement(String sql) {
        return KEYWORDS.contains(SqlScanner.firstKeyword(sql));
    }

    /** {@code DECLARE}: the query starts at {@code queryOffset} (characters) of the statement. */
    record Declare(String name, boolean hold, String query, int queryOffset) implements CursorStatement {
    }

    /**
     * {@code FETCH} ({@code move} for MOVE): up to {@code count} rows ({@link Long#MAX_VALUE}
     * for ALL); {@code timeoutMillis} bounds the wait of a SUBSCRIBE cursor (-1: until a row comes).
     */
    record Fetch(String cursor, long count, boolean move, long timeoutMillis) implements CursorStatement {
    }

    /** {@code CLOSE}; a null cursor closes them all. */
    record Close(String cursor) implements CursorStatement {
    }

    /** {@code SUBSCRIBE}. */
    record Subscribe(String relation, boolean snapshot, boolean progress) implements CursorStatement {
    }

    static CursorStatement parse(String sql) {
        return new Parser(sql).statement();
    }

    final class Parser extends TokenParser {
        Parser(String sql) {
            super(sql);
        }

        CursorStatement statement() {
            Token first = take();
            CursorStatement statement;
            if (first.is("DECLARE")) {
                return declare();
            } else if (first.is("FETCH") || first.is("MOVE")) {
                statement = fetch(first.is("MOVE"));
            } else if (first.is("CLOSE")) {
                Token name = take();
                if (!name.isName()) {
                    throw syntax(name);
                }
                statement = new Close(name.kind() == Token.WORD && name.is("ALL") ? null : name.text());
            } else if (first.is("SUBSCRIBE")) {
                statement = subscribe();
            } else {
                throw syntax(first);
            }
            if (peek().kind() != Token.END) {
                throw syntax(peek());
            }
            return statement;
        }

        private Declare declare() {
            Token name = take();
            if (!name.isName()) {
                throw syntax(name);
            }
            boolean hold = false;
            while (true) {
                Token word = take();
                if (word.is("CURSOR")) {
                    break;
                }
                if (word.is("BINARY")) {
                    throw unsupported("binary cursors are not supported", word);
                } else if (word.is("SCROLL")) {
                    throw unsupported("scrollable cursors are not supported: RockStream cursors move forward only",
                            word);
                } else if (word.is("NO")) {
                    Token scroll = take();
                    if (!scroll.is("SCROLL")) {
                        throw syntax(scroll);
                    }
                } else if (!word.is("ASENSITIVE") && !word.is("INSENSITIVE")) {
                    throw syntax(word);
                }
            }
            if (peek().is("WITH") || peek().is("WITHOUT")) {
                hold = take().is("WITH");
                Token holdWord = take();
                if (!holdWord.is("HOLD")) {
                    throw syntax(holdWord);
                }
            }
            Token forWord = take();
            if (!forWord.is("FOR")) {
                throw syntax(forWord);
            }
            Token start = peek();
            if (start.kind() == Token.END) {
                throw syntax(start);
            }
            String query = sql.substring(start.start()).strip();
            return new Declare(name.text(), hold, query, start.start());
        }

        private Fetch fetch(boolean move) {
            long count = 1;
            Token word = peek();
            if (word.is("NEXT")) {
                take();
            } else if (word.is("FORWARD")) {
                take();
                if (peek().is("ALL")) {
                    take();
                    count = Long.MAX_VALUE;
                } else if (isCount(peek())) {
                    count = count(take());
                }
            } else if (word.is("ALL") && tokens.get(next + 1).kind() != Token.END) {
                take();
                count = Long.MAX_VALUE;
            } else if (isCount(word)) {
                count = count(take());
            } else if (word.isSymbol('-') || word.is("PRIOR") || word.is("FIRST") || word.is("LAST")
                    || word.is("ABSOLUTE") || word.is("RELATIVE") || word.is("BACKWARD")) {
                throw RockStreamException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
                        "cursor can only scan forward").withHint("RockStream cursors move forward only.")
                        .at(position(word), 0, 0);
            }
            if (peek().is("FROM") || peek().is("IN")) {
                take();
            }
            Token name = take();
            if (!name.isName()) {
                throw syntax(name);
            }
            long timeout = -1;
            if (!move && peek().is("WITH")) {
                take();
                expectSymbol('(');
                Token option = take();
                if (!option.is("TIMEOUT")) {
                    throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "FETCH option \"%s\" not recognized",
                            option.text()).at(position(option), 0, 0);
                }
                if (peek().isSymbol('=')) {
                    take();
                }
                Token value = take();
                timeout = Durations.millis("timeout", value.text());
                expectSymbol(')');
            }
            return new Fetch(name.text(), count, move, timeout);
        }

        private Subscribe subscribe() {
            if (peek().is("TO")) {
                take();
            }
            if (peek().isSymbol('(')) {
                throw unsupported("SUBSCRIBE to a query is not supported: create a MATERIALIZED VIEW for it and"
                        + " SUBSCRIBE TO the view", peek());
            }
            String relation = qualifiedName();
            boolean snapshot = true;
            boolean progress = false;
            if (peek().is("WITH")) {
                take();
                expectSymbol('(');
                Set<String> seen = new HashSet<>();
                while (true) {
                    Token option = take();
                    if (!option.isName()) {
                        throw syntax(option);
                    }
                    String name = option.text().toLowerCase(Locale.ROOT);
                    if (!seen.add(name)) {
                        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "conflicting or redundant options")
                                .at(position(option), 0, 0);
                    }
                    if (peek().isSymbol('=')) {
                        take();
                    }
                    boolean value = optionalBoolean(option);
                    if (name.equals("progress")) {
                        progress = value;
                    } else if (name.equals("snapshot")) {
                        snapshot = value;
                    } else {
                        throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "SUBSCRIBE option \"%s\" not recognized",
                                option.text()).at(position(option), 0, 0);
                    }
                    Token separator = take();
                    if (separator.isSymbol(')')) {
                        break;
                    }
                    if (!separator.isSymbol(',')) {
                        throw syntax(separator);
                    }
                }
            }
            return new Subscribe(relation, snapshot, progress);
        }

        private boolean isCount(Token token) {
            return token.kind() == Token.WORD && !token.text().isEmpty()
                    && token.text().chars().allMatch(Character::isDigit);
        }

        private long count(Token token) {
            try {
                return Long.parseLong(token.text());
            } catch (NumberFormatException tooLarge) {
                throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "FETCH count %s is out of range",
                        token.text()).at(position(token), 0, 0);
            }
        }
    }
}
