package io.rockstream.jobmanager;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.binder.BoundQuery;
import io.rockstream.compiler.binder.DmlBinder;
import io.rockstream.compiler.binder.ParameterTypes;
import io.rockstream.compiler.binder.QueryBinder;
import io.rockstream.compiler.binder.Types;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.parser.ParsedScript;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.compiler.planner.Explainer;
import io.rockstream.compiler.planner.JobGraphBuilder;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.catalog.CatalogEntry;
import io.rockstream.jobmanager.query.StatementControl;
import io.rockstream.taskmanager.operator.RowOrdering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session: runs statements, keeps its settings and its open transaction. Reads see the
 * last complete epoch, which includes every write this session had acknowledged
 * (read-your-writes). Inside BEGIN ... COMMIT, writes are kept aside and land together in
 * one epoch at COMMIT.
 */
final class Session implements SqlSession {
    private final Engine engine;
    private final Ddl ddl;
    private final Writes writes;
    private final Map<String, String> settings = new TreeMap<>(Settings.DEFAULTS);
    private final StatementControl control = new StatementControl();
    private Transaction transaction;

    Session(Engine engine) {
        this.engine = engine;
        this.ddl = new Ddl(engine);
        this.writes = new Writes(engine);
    }

    @Override
    public List<StatementResult> execute(String sql) {
        List<Statement> statements = SqlParser.parse(sql);
        List<StatementResult> results = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            results.add(executeStatement(statements.get(i), statementText(sql, statements, i)));
        }
        return results;
    }

    /**
     * The text of statement {@code index} of a script, as written (up to the next
     * statement): what the log keeps of a DDL statement. Positions count code points.
     */
    private static String statementText(String sql, List<Statement> statements, int index) {
        int start = statements.get(index).position().offset();
        if (start < 0) {
            return sql;
        }
        int end = index + 1 < statements.size() ? statements.get(index + 1).position().offset() : -1;
        int from = sql.offsetByCodePoints(0, start);
        int to = end < 0 ? sql.length() : sql.offsetByCodePoints(0, end);
        return sql.substring(from, to).strip();
    }

    /** In a failed transaction block only COMMIT and ROLLBACK run (25P02). */
    private void checkTransactionNotFailed() {
        if (transaction != null && transaction.failed()) {
            throw RockStreamException.of(ErrorCode.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    private StatementResult executeStatement(Statement statement, String text) {
        if (!(statement instanceof Statement.Transaction)) {
            checkTransactionNotFailed();
        }
        control.statement(text);
        try {
            return dispatch(statement, text);
        } catch (RockStreamException error) {
            if (transaction != null) {
                transaction.fail();
            }
            throw error;
        } catch (RuntimeException | StackOverflowError failure) {
            if (transaction != null) {
                transaction.fail();
            }
            if (failure instanceof StackOverflowError) {
                throw RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES, "stack depth limit exceeded");
            }
            throw RockStreamException.internal("internal error: " + failure, failure);
        }
    }

    private StatementResult dispatch(Statement statement, String text) {
        if (statement instanceof Statement.QueryStatement query) {
            return select(new QueryBinder(engine.catalog()).bind(query.query()));
        }
        if (statement instanceof Statement.Insert insert) {
            return writes.insert(new DmlBinder(engine.catalog()).insert(insert), transaction);
        }
        if (statement instanceof Statement.Update update) {
            return writes.update(new DmlBinder(engine.catalog()).update(update), transaction);
        }
        if (statement instanceof Statement.Delete delete) {
            return writes.delete(new DmlBinder(engine.catalog()).delete(delete), transaction);
        }
        if (statement instanceof Statement.CreateTable create) {
            return ddl(text, () -> ddl.createTable(create));
        }
        if (statement instanceof Statement.CreateView create) {
            return ddl(text, () -> ddl.createView(create));
        }
        if (statement instanceof Statement.Drop drop) {
            return ddl(text, () -> ddl.drop(drop));
        }
        if (statement instanceof Statement.Transaction control) {
            return transaction(control);
        }
        if (statement instanceof Statement.Explain explain) {
            return explain(explain);
        }
        if (statement instanceof Statement.Show show) {
            return show(show);
        }
        if (statement instanceof Statement.AlterView alter) {
            if (alter.set().stream().anyMatch(option -> option.key().equals("parallelism"))) {
                // a rescale checkpoints first, on the coordinator thread: an upload under way ends before, off it
                engine.awaitCheckpointUpload();
            }
            return ddl(text, () -> ddl.alterView(alter, text));
        }
        if (statement instanceof Statement.Refresh refresh) {
            // a RockStream view is maintained at every epoch: nothing to refresh, but the name must be one
            String name = refresh.name().last();
            CatalogEntry entry = engine.catalog().entry(name).orElseThrow(() -> RockStreamException.of(
                    ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", name));
            if (entry.job() == null) {
                throw RockStreamException.of(ErrorCode.WRONG_OBJECT_TYPE, "\"%s\" is not a materialized view", name);
            }
            return new StatementResult.Command("REFRESH MATERIALIZED VIEW", -1);
        }
        if (statement instanceof Statement.Set set) {
            String name = set.name().toLowerCase(Locale.ROOT);
            String value = set.value() == null ? Settings.DEFAULTS.getOrDefault(name, "") : set.value();
            if (name.equals("statement_timeout")) {
                control.timeoutMillis(Durations.millis(name, value));
            } else if (name.equals(Settings.FRESHNESS)) {
                value = Settings.freshness(value);
            }
            settings.put(name, value);
            return new StatementResult.Command("SET", -1);
        }
        throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "statement %s is not supported",
                statement.getClass().getSimpleName());
    }

    /** Runs a DDL statement between epochs; once it changed the catalog, its text is logged durably. */
    private StatementResult ddl(String text, java.util.concurrent.Callable<StatementResult> action) {
        if (transaction != null) {
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "DDL inside a transaction block is not supported yet");
        }
        engine.checkWritable();
        return engine.coordinator().control(() -> {
            StatementResult result = action.call();
            engine.catalogChanged(text);
            return result;
        });
    }

    private StatementResult transaction(Statement.Transaction control) {
        switch (control.action()) {
            case BEGIN -> {
                if (transaction == null) {
                    transaction = new Transaction();
                }
                return new StatementResult.Command("BEGIN", -1);
            }
            case COMMIT -> {
                Transaction committing = transaction;
                transaction = null;
                if (committing == null) {
                    return new StatementResult.Command("COMMIT", -1);
                }
                if (committing.failed()) {
                    return new StatementResult.Command("ROLLBACK", -1);
                }
                writes.commit(committing);
                return new StatementResult.Command("COMMIT", -1);
            }
            case ROLLBACK -> {
                transaction = null;
                return new StatementResult.Command("ROLLBACK", -1);
            }
        }
        throw new IllegalStateException();
    }

    /**
     * Runs a bound query over the last complete epoch and orders it for presentation. With
     * {@code freshness = strict} it first waits until every write submitted before it, by any
     * session, is complete, so it also sees writes not yet acknowledged to their writers.
     */
    private StatementResult select(BoundQuery bound) {
        if (Settings.STRICT.equals(settings.get(Settings.FRESHNESS))) {
            engine.coordinator().awaitSubmitted();
        }
        // a key-bounded read of a table (or of a view over one) needs no job: PointReads answers it
        List<Row> rows = io.rockstream.jobmanager.query.PointReads.run(bound.plan(), engine.catalog(),
                engine.coordinator()).orElseGet(() -> engine.queries().run(bound.plan(),
                        relations -> io.rockstream.jobmanager.system.SystemReads.read(relations,
                                () -> engine.catalog().snapshot(settings), rest -> engine.coordinator().read(rest,
                                relation -> {
                                    io.rockstream.jobmanager.catalog.TableData table = engine.tables().get(relation);
                                    return table == null ? java.util.Optional.empty()
                                            : KeyLookup.find(bound.plan(), table.table());
                                })), control));
        int width = bound.columns().size();
        if (!bound.order().isEmpty()) {
            rows = new ArrayList<>(rows);
            rows.sort(RowOrdering.total(List.of()));
            rows.sort(RowOrdering.keysOnly(bound.order()));
        }
        if (bound.plan().width() != width) {
            List<Row> trimmed = new ArrayList<>(rows.size());
            int[] visible = new int[width];
            for (int i = 0; i < width; i++) {
                visible[i] = i;
            }
            for (Row row : rows) {
                trimmed.add(row.project(visible));
            }
            rows = trimmed;
        }
        return new StatementResult.Rows(bound.columns(), rows);
    }

    private StatementResult explain(Statement.Explain explain) {
        List<String> lines;
        if (explain.view().isPresent()) {
            String name = explain.view().get().last();
            CatalogEntry entry = engine.catalog().entry(name).orElseThrow(() -> RockStreamException.of(
                    ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", name));
            if (entry.job() == null) {
                throw RockStreamException.of(ErrorCode.WRONG_OBJECT_TYPE, "\"%s\" is not a materialized view", name);
            }
            lines = Explainer.explainIncremental(entry.job());
        } else {
            Statement inner = explain.statement().orElseThrow();
            LogicalPlan plan;
            String sink;
            if (inner instanceof Statement.QueryStatement query) {
                plan = new QueryBinder(engine.catalog()).bind(query.query()).plan();
                sink = "?result?";
            } else if (inner instanceof Statement.CreateView view && view.materialized()) {
                plan = new QueryBinder(engine.catalog()).bind(view.query()).visiblePlan();
                sink = view.name().last();
            } else {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "EXPLAIN supports queries and CREATE MATERIALIZED VIEW");
            }
            if (explain.incremental()) {
                JobGraph graph = JobGraphBuilder.build(JobId.of(sink), plan, sink, engine.config().parallelism());
                lines = Explainer.explainIncremental(graph);
            } else {
                lines = Explainer.explainLogical(plan);
            }
        }
        List<Row> rows = lines.stream().map(line -> Row.of(line)).toList();
        return new StatementResult.Rows(List.of(Column.of("QUERY PLAN", SqlType.TEXT)), rows);
    }

    private StatementResult show(Statement.Show show) {
        String what = show.what().toLowerCase(Locale.ROOT);
        RelationKind kind = switch (what) {
            case "tables" -> RelationKind.TABLE;
            case "views" -> RelationKind.VIEW;
            case "materialized views", "materialized_views" -> RelationKind.MATERIALIZED_VIEW;
            default -> null;
        };
        if (kind != null) {
            List<Row> rows = new ArrayList<>();
            engine.catalog().relations().stream().filter(r -> r.kind() == kind || (kind == RelationKind.VIEW
                    && r.kind() == RelationKind.MATERIALIZED_VIEW)).map(RelationEntry::name).sorted()
                    .forEach(name -> rows.add(Row.of(name)));
            return new StatementResult.Rows(List.of(Column.of("name", SqlType.TEXT)), rows);
        }
        if (what.equals("all")) {
            List<Row> rows = new ArrayList<>();
            settings.forEach((name, value) -> rows.add(Row.of(name, value)));
            return new StatementResult.Rows(List.of(Column.of("name", SqlType.TEXT), Column.of("setting", SqlType.TEXT)),
                    rows);
        }
        String value = settings.get(what);
        if (value == null) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"",
                    show.what());
        }
        return new StatementResult.Rows(List.of(Column.of(what, SqlType.TEXT)), List.of(Row.of(value)));
    }

    @Override
    public void cancel() {
        control.cancel();
    }

    @Override
    public CopyIn copyIn(String table, List<String> columns) {
        checkTransactionNotFailed();
        try {
            CatalogEntry entry = engine.catalog().entry(table).orElseThrow(() -> RockStreamException.of(
                    ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", table));
            RelationEntry relation = entry.relation();
            if (relation.kind() != RelationKind.TABLE) {
                throw RockStreamException.of(ErrorCode.WRONG_OBJECT_TYPE, "cannot copy to %s \"%s\"",
                        relation.kind() == RelationKind.MATERIALIZED_VIEW ? "materialized view" : "view", table);
            }
            engine.checkWritable();
            return failingTransaction(writes.copyIn(relation, columns, transaction));
        } catch (RuntimeException failure) {
            if (transaction != null) {
                transaction.fail();
            }
            throw failure;
        }
    }

    @Override
    public java.util.Optional<List<Column>> describe(String sql) {
        List<Statement> statements = SqlParser.parse(sql);
        if (statements.size() != 1) {
            throw RockStreamException.of(ErrorCode.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        return describe(statements.get(0), sql);
    }

    private java.util.Optional<List<Column>> describe(Statement statement, String sql) {
        if (statement instanceof Statement.QueryStatement query) {
            try {
                return java.util.Optional.of(new QueryBinder(engine.catalog()).bind(query.query()).columns());
            } catch (StackOverflowError deep) {
                throw RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES, "stack depth limit exceeded");
            }
        }
        if (statement instanceof Statement.Show || statement instanceof Statement.Explain) {
            StatementResult result = executeStatement(statement, sql);
            return result instanceof StatementResult.Rows rows ? java.util.Optional.of(rows.columns())
                    : java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    @Override
    public PreparedSql prepare(String sql, List<SqlType> declaredTypes) {
        ParsedScript parsed;
        try {
            parsed = SqlParser.prepare(sql);
        } catch (StackOverflowError deep) {
            throw RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES, "stack depth limit exceeded");
        }
        if (parsed.statements().size() > 1) {
            throw RockStreamException.of(ErrorCode.SYNTAX_ERROR,
                    "cannot insert multiple commands into a prepared statement");
        }
        return new Prepared(sql.strip(), parsed, declaredTypes);
    }

    /**
     * A prepared statement of this session. Its parameters' types are inferred once, at
     * prepare, by binding the statement with its placeholders in it (declared ones cast to
     * their type), as PostgreSQL infers them at Parse; a statement that does not bind yet
     * (its table is created later) keeps them unknown, and its errors come when it runs.
     */
    private final class Prepared implements PreparedSql {
        private final String text;
        private final ParsedScript parsed;
        private final List<SqlType> declared;
        private final List<SqlType> types;

        Prepared(String text, ParsedScript parsed, List<SqlType> declaredTypes) {
            this.text = text;
            this.parsed = parsed;
            int count = Math.max(parsed.parameterCount(), declaredTypes.size());
            List<SqlType> declared = new ArrayList<>(declaredTypes);
            while (declared.size() < count) {
                declared.add(null);
            }
            this.declared = java.util.Collections.unmodifiableList(declared);
            List<SqlType> inferred = infer(count);
            List<SqlType> types = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                types.add(declared.get(i) != null ? declared.get(i) : inferred.get(i));
            }
            this.types = java.util.Collections.unmodifiableList(types);
        }

        @Override
        public List<SqlType> parameterTypes() {
            return types;
        }

        private List<SqlType> infer(int count) {
            List<SqlType> unknown = java.util.Collections.nCopies(count, null);
            if (count == 0 || parsed.statements().isEmpty()) {
                return unknown;
            }
            try {
                Statement statement = placeholders();
                Object bound;
                if (statement instanceof Statement.QueryStatement query) {
                    bound = new QueryBinder(engine.catalog()).bind(query.query());
                } else if (statement instanceof Statement.Insert insert) {
                    bound = new DmlBinder(engine.catalog()).insert(insert);
                } else if (statement instanceof Statement.Update update) {
                    bound = new DmlBinder(engine.catalog()).update(update);
                } else if (statement instanceof Statement.Delete delete) {
                    bound = new DmlBinder(engine.catalog()).delete(delete);
                } else {
                    return unknown;
                }
                return ParameterTypes.of(bound, count);
            } catch (RuntimeException | StackOverflowError unbindable) {
                return unknown;
            }
        }

        /** The statement with its placeholders, those of a declared type cast to it. */
        private Statement placeholders() {
            return parsed.statements((number, position) -> {
                Expression placeholder = new Expression.Parameter(number, position);
                SqlType type = number <= declared.size() ? declared.get(number - 1) : null;
                return type == null || type.kind().isText() ? placeholder
                        : new Expression.Cast(placeholder, Types.nameOf(type, position), position);
            }).get(0);
        }

        @Override
        public java.util.Optional<List<Column>> columns() {
            if (parsed.statements().isEmpty()) {
                return java.util.Optional.empty();
            }
            Statement statement = parsed.statements().get(0);
            if (statement instanceof Statement.QueryStatement) {
                try {
                    Statement.QueryStatement query = (Statement.QueryStatement) placeholders();
                    return java.util.Optional.of(new QueryBinder(engine.catalog()).bind(query.query()).columns());
                } catch (RockStreamException | StackOverflowError notWithPlaceholders) {
                    // e.g. LIMIT $1 needs a value: the shape with every parameter NULL, or the error that gives
                }
            }
            if (statement instanceof Statement.QueryStatement || statement instanceof Statement.Show
                    || statement instanceof Statement.Explain) {
                List<String> nulls = java.util.Collections.nCopies(declared.size(), null);
                return describe(statementWith(nulls), text);
            }
            return java.util.Optional.empty();
        }

        @Override
        public StatementResult execute(List<String> values) {
            if (parsed.statements().isEmpty()) {
                return new StatementResult.Command("", -1);
            }
            Statement statement = statementWith(values);
            if (parsed.parameterCount() > 0 && (statement instanceof Statement.CreateTable
                    || statement instanceof Statement.CreateView || statement instanceof Statement.Drop)) {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "parameters in CREATE and DROP statements are not supported");
            }
            return executeStatement(statement, text);
        }

        /** The statement with each {@code $n} replaced by a literal of {@code values.get(n - 1)}. */
        private Statement statementWith(List<String> values) {
            try {
                return parsed.statements((number, position) -> literal(number, position, values)).get(0);
            } catch (StackOverflowError deep) {
                throw RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES, "stack depth limit exceeded");
            }
        }

        private Expression literal(int number, io.rockstream.compiler.ast.Position position, List<String> values) {
            if (number < 1 || number > values.size()) {
                throw RockStreamException.of(ErrorCode.UNDEFINED_PARAMETER, "there is no parameter $%d", number)
                        .at(position.offset() + 1, position.line(), position.column());
            }
            String value = values.get(number - 1);
            if (value != null && value.indexOf('\0') >= 0) {
                throw RockStreamException.of(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE,
                        "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            Expression literal = value == null ? new Expression.Literal(Expression.LiteralKind.NULL, null, position)
                    : new Expression.Literal(Expression.LiteralKind.STRING, value, position);
            SqlType type = declared.get(number - 1);
            // an untyped string takes its type from the context; so do declared strings (varchar(n), char(n))
            return type == null || type.kind().isText() ? literal
                    : new Expression.Cast(literal, Types.nameOf(type, position), position);
        }
    }

    @Override
    public Subscription subscribe(String relation, boolean snapshot, boolean progress) {
        checkTransactionNotFailed();
        CatalogEntry entry = engine.catalog().entry(relation).orElseThrow(() -> RockStreamException.of(
                ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", relation));
        if (entry.relation().kind() == RelationKind.VIEW) {
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "SUBSCRIBE to view \"%s\" is not supported: only tables and materialized views are maintained;"
                            + " create it as a MATERIALIZED VIEW", relation);
        }
        return new Subscription(relation, entry.relation().columns(), snapshot, progress, engine.coordinator());
    }

    /** A COPY whose failure fails the session's open transaction, as any failed statement does. */
    private CopyIn failingTransaction(CopyIn copy) {
        Transaction open = transaction;
        if (open == null) {
            return copy;
        }
        return new CopyIn() {
            @Override
            public List<Column> columns() {
                return copy.columns();
            }

            @Override
            public void row(String[] fields) {
                try {
                    copy.row(fields);
                } catch (RuntimeException failure) {
                    open.fail();
                    throw failure;
                }
            }

            @Override
            public long finish() {
                try {
                    return copy.finish();
                } catch (RuntimeException failure) {
                    open.fail();
                    throw failure;
                }
            }

            @Override
            public void abort() {
                open.fail();
                copy.abort();
            }
        };
    }

    @Override
    public void close() {
        transaction = null;
    }

    /** Default session settings, as PostgreSQL clients expect to find them. */
    static final class Settings {
        static final Map<String, String> DEFAULTS;
        /** How fresh a read must be: {@link #SERIALIZABLE} or {@link #STRICT}. */
        static final String FRESHNESS = "freshness";
        /** Reads see the last complete epoch: every acknowledged write, this session's own included. */
        static final String SERIALIZABLE = "serializable";
        /** Reads first wait for every write submitted before them, acknowledged or not. */
        static final String STRICT = "strict";

        /** The canonical form of a freshness value, or 22023 naming the valid ones. */
        static String freshness(String value) {
            String normalized = value.strip().toLowerCase(Locale.ROOT);
            if (!normalized.equals(SERIALIZABLE) && !normalized.equals(STRICT)) {
                throw RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                        "invalid value for parameter \"freshness\": \"%s\"", value)
                        .withHint("Available values: serializable, strict.");
            }
            return normalized;
        }

        static {
            Map<String, String> defaults = new LinkedHashMap<>();
            defaults.put("server_version", "17.0");
            defaults.put("server_encoding", "UTF8");
            defaults.put("client_encoding", "UTF8");
            defaults.put("datestyle", "ISO, MDY");
            defaults.put("timezone", "UTC");
            defaults.put("integer_datetimes", "on");
            defaults.put("standard_conforming_strings", "on");
            defaults.put("search_path", "\"$user\", public");
            defaults.put("statement_timeout", "0");
            defaults.put(FRESHNESS, SERIALIZABLE);
            defaults.put("transaction_isolation", "serializable");
            defaults.put("lc_collate", "C");
            DEFAULTS = Map.copyOf(defaults);
        }

        private Settings() {
        }
    }
}
