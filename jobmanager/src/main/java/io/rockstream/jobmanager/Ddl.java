package io.rockstream.jobmanager;

import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.binder.BoundQuery;
import io.rockstream.compiler.binder.DmlBinder;
import io.rockstream.compiler.binder.Types;
import io.rockstream.compiler.binder.QueryBinder;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.compiler.planner.JobGraphBuilder;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Case;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.function.FunctionCatalog;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.catalog.CatalogEntry;
import io.rockstream.jobmanager.catalog.TableData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** CREATE and DROP of tables, views and materialized views; runs on the epoch coordinator's thread. */
final class Ddl {
    private final Engine engine;

    Ddl(Engine engine) {
        this.engine = engine;
    }

    StatementResult createTable(Statement.CreateTable create) {
        String name = create.name().last();
        if (engine.catalog().entry(name).isPresent()) {
            if (create.ifNotExists()) {
                return new StatementResult.Command("CREATE TABLE", -1, List.of(new StatementResult.Notice("42P07",
                        "relation \"" + name + "\" already exists, skipping")));
            }
            throw error(ErrorCode.DUPLICATE_TABLE, "relation \"" + name + "\" already exists", create);
        }
        List<Column> columns = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        List<Integer> primaryKey = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Statement.ColumnDefinition definition : create.columns()) {
            if (!names.add(definition.name())) {
                throw error(ErrorCode.DUPLICATE_COLUMN, "column \"" + definition.name() + "\" specified more than once",
                        definition);
            }
            SqlType type = Types.of(definition.type());
            if (definition.primaryKey()) {
                primaryKey.add(columns.size());
            }
            Column column = new Column(definition.name(), type, !(definition.notNull() || definition.primaryKey()));
            columns.add(column);
            defaults.add(definition.defaultValue().map(d -> DmlBinder.bindDefault(d, column)).orElse(null));
        }
        for (String key : create.primaryKey()) {
            int index = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(key)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw error(ErrorCode.UNDEFINED_COLUMN, "column \"" + key + "\" named in key does not exist", create);
            }
            if (!primaryKey.contains(index)) {
                primaryKey.add(index);
            }
            Column column = columns.get(index);
            columns.set(index, new Column(column.name(), column.type(), false));
        }
        RelationEntry entry = new RelationEntry(name, RelationKind.TABLE, columns, primaryKey, defaults, null);
        engine.catalog().add(new CatalogEntry(entry, Set.of(), null));
        TableData table = new TableData(entry, engine.tableContents(name,
                primaryKey.stream().mapToInt(Integer::intValue).toArray()));
        engine.tables().put(name, table);
        engine.coordinator().createTable(name, table.visibleContents());
        return new StatementResult.Command("CREATE TABLE", -1);
    }

    StatementResult createView(Statement.CreateView create) {
        String name = create.name().last();
        var existing = engine.catalog().entry(name);
        if (existing.isPresent()) {
            if (create.ifNotExists()) {
                return new StatementResult.Command(create.materialized() ? "CREATE MATERIALIZED VIEW" : "CREATE VIEW", -1,
                        List.of(new StatementResult.Notice("42P07", "relation \"" + name + "\" already exists, skipping")));
            }
            if (!(create.orReplace() && !create.materialized()
                    && existing.get().relation().kind() == RelationKind.VIEW)) {
                throw error(ErrorCode.DUPLICATE_TABLE, "relation \"" + name + "\" already exists", create);
            }
        }
        QueryBinder binder = new QueryBinder(engine.catalog());
        BoundQuery bound = binder.bind(create.query());
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < bound.columns().size(); i++) {
            Column column = bound.columns().get(i);
            String columnName = i < create.columnNames().size() ? create.columnNames().get(i) : column.name();
            columns.add(new Column(columnName, column.type(), true));
        }
        if (create.columnNames().size() > columns.size()) {
            throw error(ErrorCode.SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns", create);
        }
        Set<String> dependencies = new LinkedHashSet<>(binder.dependencies());
        if (!create.materialized()) {
            RelationEntry entry = new RelationEntry(name, RelationKind.VIEW, columns, List.of(),
                    columns.stream().map(c -> (Expr) null).toList(), create.sql());
            engine.catalog().add(new CatalogEntry(entry, dependencies, null));
            return new StatementResult.Command("CREATE VIEW", -1);
        }
        int parallelism = engine.config().parallelism();
        Long freshness = null;
        for (Statement.Option option : create.options()) {
            if (option.key().equals("freshness")) {
                freshness = freshnessTarget(option);
            } else if (option.key().equals("parallelism")) {
                parallelism = parallelism(option);
            } else {
                throw error(ErrorCode.INVALID_PARAMETER_VALUE, "unrecognized parameter \"" + option.key() + "\"", option);
            }
        }
        LogicalPlan plan = bound.visiblePlan();
        JobGraph graph = JobGraphBuilder.build(JobId.of(name), plan, name, parallelism);
        requireDeterministic(graph, create);
        RelationEntry entry = new RelationEntry(name, RelationKind.MATERIALIZED_VIEW, columns, List.of(),
                columns.stream().map(c -> (Expr) null).toList(), create.sql());
        var restored = engine.takeRestoredView(name, graph);
        if (restored.isPresent()) {
            engine.restoreView(name, graph, restored.get());
        } else {
            engine.coordinator().deployView(name, graph);
        }
        engine.catalog().add(new CatalogEntry(entry, dependencies, graph));
        engine.monitor().forget(name);
        engine.monitor().target(name, freshness);
        return new StatementResult.Command("CREATE MATERIALIZED VIEW", -1);
    }

    /**
     * {@code ALTER MATERIALIZED VIEW v SET (freshness = '1s')} or {@code RESET (freshness)}:
     * options that leave what the view computes alone. The statement is kept with the view
     * (logged, and replayed after its CREATE at recovery).
     */
    StatementResult alterView(Statement.AlterView alter, String sql) {
        String name = alter.name().last();
        CatalogEntry entry = engine.catalog().entry(name).orElseThrow(() -> error(ErrorCode.UNDEFINED_TABLE,
                "relation \"" + name + "\" does not exist", alter));
        if (entry.job() == null) {
            throw error(ErrorCode.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a materialized view", alter);
        }
        boolean set = false;
        Long target = null;
        Integer parallelism = null;
        for (Statement.Option option : alter.set()) {
            if (option.key().equals("parallelism")) {
                parallelism = parallelism(option);
                continue;
            }
            if (!option.key().equals("freshness")) {
                throw unalterable(option.key(), option);
            }
            target = freshnessTarget(option);
            set = true;
        }
        for (String key : alter.reset()) {
            if (!key.equals("freshness")) {
                throw unalterable(key, alter);
            }
        }
        if (parallelism != null) {
            JobGraph rescaled = compile(entry, parallelism);
            engine.coordinator().rescaleView(name, rescaled);
            engine.replacedByAlter(entry, new CatalogEntry(entry.relation(), entry.dependencies(), rescaled));
        }
        if (set || !alter.reset().isEmpty()) {
            engine.monitor().target(name, set ? target : null);
        }
        engine.amended(name, sql);
        return new StatementResult.Command("ALTER MATERIALIZED VIEW", -1);
    }

    /** A parallelism option: 1 to 128 (the key groups of a job). */
    private static int parallelism(Statement.Option option) {
        int parallelism;
        try {
            parallelism = Integer.parseInt(option.value());
        } catch (NumberFormatException e) {
            parallelism = -1;
        }
        if (parallelism < 1 || parallelism > 128) {
            throw error(ErrorCode.INVALID_PARAMETER_VALUE, "parallelism must be between 1 and 128", option);
        }
        return parallelism;
    }

    /** The job graph of a materialized view's definition, compiled again at {@code parallelism}. */
    private JobGraph compile(CatalogEntry entry, int parallelism) {
        Statement parsed = io.rockstream.compiler.parser.SqlParser.parse(entry.relation().definition()).get(0);
        io.rockstream.compiler.ast.Query query = parsed instanceof Statement.CreateView create ? create.query()
                : ((Statement.QueryStatement) parsed).query();
        BoundQuery bound = new QueryBinder(engine.catalog()).bind(query);
        return JobGraphBuilder.build(entry.job().id(), bound.visiblePlan(), entry.name(), parallelism);
    }

    private static RockStreamException unalterable(String key, io.rockstream.compiler.ast.Node node) {
        return error(ErrorCode.INVALID_PARAMETER_VALUE, "unrecognized parameter \"" + key + "\"", node);
    }

    /** A freshness target: a positive duration such as '1s', '250ms' or '2min'. */
    static Long freshnessTarget(Statement.Option option) {
        long millis;
        try {
            millis = Durations.millis("freshness", option.value() == null ? "" : option.value());
        } catch (RockStreamException invalid) {
            throw error(ErrorCode.INVALID_PARAMETER_VALUE, "invalid value for option \"freshness\": \""
                    + option.value() + "\"", option).withHint("Use a duration such as '1s', '250ms' or '2min'.");
        }
        if (millis <= 0) {
            throw error(ErrorCode.INVALID_PARAMETER_VALUE, "option \"freshness\" must be a positive duration", option);
        }
        return millis;
    }

    /** A view maintained under change cannot depend on the clock: now() would be frozen at each row's epoch. */
    private static void requireDeterministic(JobGraph graph, Statement.CreateView create) {
        for (JobVertex vertex : graph.vertices()) {
            List<Expr> expressions = new ArrayList<>();
            if (vertex.operator() instanceof OperatorSpec.Calc calc) {
                if (calc.filter() != null) {
                    expressions.add(calc.filter());
                }
                expressions.addAll(calc.projections());
            } else if (vertex.operator() instanceof OperatorSpec.Join join && join.residual() != null) {
                expressions.add(join.residual());
            }
            for (Expr expr : expressions) {
                String function = nonDeterministic(expr);
                if (function != null) {
                    throw error(ErrorCode.FEATURE_NOT_SUPPORTED, "materialized views cannot use the non-deterministic function "
                            + function + "()", create).withHint("Temporal filters are planned for a later release.");
                }
            }
        }
    }

    private static String nonDeterministic(Expr expr) {
        if (expr instanceof Call call) {
            if (!FunctionCatalog.isDeterministic(call.function())) {
                return call.function();
            }
            for (Expr arg : call.args()) {
                String found = nonDeterministic(arg);
                if (found != null) {
                    return found;
                }
            }
        } else if (expr instanceof Cast cast) {
            return nonDeterministic(cast.input());
        } else if (expr instanceof Case caseExpr) {
            for (Case.When when : caseExpr.whens()) {
                String found = nonDeterministic(when.condition());
                if (found == null) {
                    found = nonDeterministic(when.result());
                }
                if (found != null) {
                    return found;
                }
            }
            return nonDeterministic(caseExpr.otherwise());
        }
        return null;
    }

    StatementResult drop(Statement.Drop drop) {
        RelationKind kind = switch (drop.kind()) {
            case TABLE -> RelationKind.TABLE;
            case VIEW -> RelationKind.VIEW;
            case MATERIALIZED_VIEW -> RelationKind.MATERIALIZED_VIEW;
        };
        String tag = "DROP " + kind.title().toUpperCase();
        List<CatalogEntry> targets = new ArrayList<>();
        List<StatementResult.Notice> notices = new ArrayList<>();
        for (var name : drop.names()) {
            var entry = engine.catalog().entry(name.last());
            if (entry.isEmpty()) {
                if (drop.ifExists()) {
                    notices.add(new StatementResult.Notice("00000", kind.title() + " \"" + name.last()
                            + "\" does not exist, skipping"));
                    continue;
                }
                throw error(ErrorCode.UNDEFINED_TABLE, kind.title() + " \"" + name + "\" does not exist", name);
            }
            if (entry.get().relation().kind() != kind) {
                String actual = entry.get().relation().kind().title();
                throw error(ErrorCode.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a " + kind.title(), name)
                        .withHint("Use DROP " + actual.toUpperCase() + " to remove a " + actual + ".");
            }
            targets.add(entry.get());
        }
        List<String> order = new ArrayList<>();
        for (CatalogEntry target : targets) {
            collectDependents(target, drop, order, new HashSet<>(targets.stream().map(CatalogEntry::name).toList()));
        }
        for (String name : order) {
            engine.coordinator().drop(name);
            engine.monitor().forget(name);
            engine.catalog().remove(name);
            engine.tables().remove(name);
        }
        return new StatementResult.Command(tag, -1, notices);
    }

    /** Dependents first (deepest first), then the object; without CASCADE any dependent is an error. */
    private void collectDependents(CatalogEntry entry, Statement.Drop drop, List<String> order, Set<String> named) {
        for (CatalogEntry dependent : engine.catalog().dependents(entry.name())) {
            if (!drop.cascade() && !named.contains(dependent.name())) {
                throw error(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop " + entry.relation().kind().title()
                        + " " + entry.name() + " because other objects depend on it", drop)
                        .withDetail(dependent.relation().kind().title() + " " + dependent.name() + " depends on "
                                + entry.relation().kind().title() + " " + entry.name())
                        .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
            }
            collectDependents(dependent, drop, order, named);
        }
        if (!order.contains(entry.name())) {
            order.add(entry.name());
        }
    }

    static RockStreamException error(ErrorCode code, String message, io.rockstream.compiler.ast.Node node) {
        RockStreamException error = RockStreamException.of(code, message);
        var position = node.position();
        return position.known() ? error.at(position.offset() + 1, position.line(), position.column()) : error;
    }
}
