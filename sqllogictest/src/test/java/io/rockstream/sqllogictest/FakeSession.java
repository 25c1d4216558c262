package io.rockstream.sqllogictest;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written engine for runner tests. It knows one-column integer tables
 * ({@code CREATE TABLE t(x INTEGER)}, {@code INSERT INTO t VALUES(1)}, {@code DELETE FROM t}),
 * transaction statements, materialized views, and the queries a test registers with
 * {@link #query}. With {@code staleViews} a view keeps the rows it had when created, the bug
 * view mode must catch.
 */
final class FakeSession implements SqlSession {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE TABLE (\\w+).*");
    private static final Pattern INSERT = Pattern.compile("(?is)INSERT INTO (\\w+) VALUES\\s*\\((.*)\\)");
    private static final Pattern DELETE = Pattern.compile("(?is)DELETE FROM (\\w+)");
    private static final Pattern CREATE_VIEW = Pattern.compile("(?is)CREATE MATERIALIZED VIEW (\\w+)(?: \\([^)]*\\))? AS (.*)");
    private static final Pattern SELECT_VIEW = Pattern.compile("(?is)SELECT \\* FROM (slt_v\\d+)");
    private static final Pattern DROP_VIEW = Pattern.compile("(?is)DROP MATERIALIZED VIEW (\\w+)");

    final Map<String, List<Integer>> tables = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();
    private final Map<String, Function<FakeSession, StatementResult>> queries;
    private final Map<String, String> viewQueries = new HashMap<>();
    private final Map<String, StatementResult> frozenViews = new HashMap<>();
    private final boolean staleViews;
    boolean closed;

    FakeSession(Map<String, Function<FakeSession, StatementResult>> queries, boolean staleViews) {
        this.queries = queries;
        this.staleViews = staleViews;
    }

    /** Rows of one INTEGER column. */
    static StatementResult.Rows integers(List<Integer> values) {
        List<Row> rows = new ArrayList<>();
        for (Integer value : values) {
            rows.add(Row.of(value));
        }
        return new StatementResult.Rows(List.of(Column.of("x", SqlType.INTEGER)), rows);
    }

    @Override
    public List<StatementResult> execute(String sql) {
        String text = sql.strip();
        log.add(text);
        Matcher matcher;
        if (text.equalsIgnoreCase("BEGIN") || text.equalsIgnoreCase("COMMIT") || text.equalsIgnoreCase("ROLLBACK")) {
            return List.of(new StatementResult.Command(text.toUpperCase(), -1));
        }
        if ((matcher = CREATE_TABLE.matcher(text)).matches()) {
            if (tables.putIfAbsent(matcher.group(1), new ArrayList<>()) != null) {
                throw RockStreamException.of(ErrorCode.DUPLICATE_TABLE, "relation \"%s\" already exists", matcher.group(1));
            }
            return List.of(new StatementResult.Command("CREATE TABLE", -1));
        }
        if ((matcher = INSERT.matcher(text)).matches()) {
            table(matcher.group(1)).add(Integer.parseInt(matcher.group(2).strip()));
            return List.of(new StatementResult.Command("INSERT", 1));
        }
        if ((matcher = DELETE.matcher(text)).matches()) {
            List<Integer> rows = table(matcher.group(1));
            int count = rows.size();
            rows.clear();
            return List.of(new StatementResult.Command("DELETE", count));
        }
        if ((matcher = CREATE_VIEW.matcher(text)).matches()) {
            String body = matcher.group(2).strip();
            if (body.contains("noview")) {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "views cannot do this");
            }
            StatementResult now = run(body);
            viewQueries.put(matcher.group(1), body);
            frozenViews.put(matcher.group(1), now);
            return List.of(new StatementResult.Command("CREATE MATERIALIZED VIEW", -1));
        }
        if ((matcher = SELECT_VIEW.matcher(text)).matches()) {
            String view = matcher.group(1);
            if (!viewQueries.containsKey(view)) {
                throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", view);
            }
            return List.of(staleViews ? frozenViews.get(view) : run(viewQueries.get(view)));
        }
        if ((matcher = DROP_VIEW.matcher(text)).matches()) {
            viewQueries.remove(matcher.group(1));
            return List.of(new StatementResult.Command("DROP MATERIALIZED VIEW", -1));
        }
        return List.of(run(text));
    }

    private StatementResult run(String query) {
        Function<FakeSession, StatementResult> handler = queries.get(query);
        if (handler == null) {
            throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "the fake does not know \"%s\"", query);
        }
        return handler.apply(this);
    }

    List<Integer> table(String name) {
        List<Integer> rows = tables.get(name);
        if (rows == null) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
        }
        return rows;
    }

    @Override
    public io.rockstream.jobmanager.CopyIn copyIn(String table, List<String> columns) {
        throw new UnsupportedOperationException("sqllogictest scripts have no COPY");
    }

    @Override
    public io.rockstream.jobmanager.Subscription subscribe(String relation, boolean snapshot, boolean progress) {
        throw new UnsupportedOperationException("sqllogictest scripts have no SUBSCRIBE");
    }

    @Override
    public java.util.Optional<List<io.rockstream.jobgraph.row.Column>> describe(String sql) {
        throw new UnsupportedOperationException("sqllogictest scripts do not describe statements");
    }

    @Override
    public void cancel() {
        // a fake session answers at once: nothing is ever running
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A factory of fresh fakes that remembers them for assertions. */
    static final class Factory implements EngineFactory {
        final Map<String, Function<FakeSession, StatementResult>> queries = new HashMap<>();
        final List<FakeSession> sessions = new ArrayList<>();
        boolean staleViews;

        Factory query(String sql, Function<FakeSession, StatementResult> handler) {
            queries.put(sql, handler);
            return this;
        }

        @Override
        public SqlSession open() {
            FakeSession session = new FakeSession(queries, staleViews);
            sessions.add(session);
            return session;
        }
    }
}
