package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Relation;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.graph.OperatorSpec.SetOpKind;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds queries: FROM (tables, views inlined, CTEs, subqueries, joins with ON/USING/
 * NATURAL), WHERE, GROUP BY/HAVING with aggregates, the select list, DISTINCT, set
 * operations, VALUES, ORDER BY (with hidden sort columns) and LIMIT/OFFSET as top-k.
 */
public final class QueryBinder {
    private final CatalogReader catalog;
    private final Map<String, Query.CommonTableExpression> ctes;
    private final Set<String> dependencies;
    private final int viewDepth;

    public QueryBinder(CatalogReader catalog) {
        this(catalog, Map.of(), new LinkedHashSet<>(), 0);
    }

    private QueryBinder(CatalogReader catalog, Map<String, Query.CommonTableExpression> ctes, Set<String> dependencies,
            int viewDepth) {
        this.catalog = catalog;
        this.ctes = ctes;
        this.dependencies = dependencies;
        this.viewDepth = viewDepth;
    }

    /** A binder for a nested query: same catalog, CTEs and dependency record. */
    QueryBinder child() {
        return new QueryBinder(catalog, ctes, dependencies, viewDepth);
    }

    /** The tables and materialized views the bound queries read (plain views are inlined). */
    public Set<String> dependencies() {
        return dependencies;
    }

    public BoundQuery bind(Query query) {
        return SystemFunctions.withCatalog(catalog, () -> bindQuery(query, null));
    }

    BoundQuery bindQuery(Query query, Scope outer) {
        QueryBinder binder = this;
        if (!query.with().isEmpty()) {
            Map<String, Query.CommonTableExpression> scoped = new HashMap<>(ctes);
            Set<String> names = new java.util.HashSet<>();
            for (Query.CommonTableExpression cte : query.with()) {
                if (!names.add(cte.name())) {
                    throw Scope.error(ErrorCode.DUPLICATE_ALIAS,
                            "WITH query name \"" + cte.name() + "\" specified more than once", cte.position());
                }
                scoped.put(cte.name(), cte);
            }
            binder = new QueryBinder(catalog, Map.copyOf(scoped), dependencies, viewDepth);
        }
        BoundQuery body;
        if (query.body() instanceof QueryBody.Select select) {
            body = binder.bindSelect(select, query.orderBy(), outer);
        } else {
            body = binder.bindBody(query.body(), outer);
            if (!query.orderBy().isEmpty()) {
                body = orderByOutput(body, query.orderBy());
            }
        }
        long limit = constant(query.limit(), "LIMIT", -1);
        long offset = constant(query.offset(), "OFFSET", 0);
        if (limit >= 0 || offset > 0) {
            LogicalPlan topK = new LogicalPlan.TopK(body.plan(), List.of(), body.order(), limit, offset);
            body = new BoundQuery(topK, body.columns(), body.order());
        }
        return body;
    }

    private long constant(Optional<Expression> expression, String clause, long absent) {
        if (expression.isEmpty()) {
            return absent;
        }
        Expr bound = new ExpressionBinder(Scope.empty(null), null, clause, null).bind(expression.get());
        Object value = foldNumber(bound);
        if (value == null && bound instanceof Literal literal && literal.value() == null) {
            return absent;
        }
        if (!(value instanceof Number number)) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, clause + " must be an integer constant",
                    expression.get().position());
        }
        long result = number.longValue();
        if (result < 0) {
            throw Scope.error(clause.equals("LIMIT") ? ErrorCode.INVALID_ROW_COUNT_IN_LIMIT
                    : ErrorCode.INVALID_ROW_COUNT_IN_RESULT_OFFSET, clause + " must not be negative",
                    expression.get().position());
        }
        return result;
    }

    private static Object foldNumber(Expr expr) {
        if (expr instanceof Literal literal) {
            return literal.value() instanceof String text ? parseLong(text) : literal.value();
        }
        if (expr instanceof Cast cast) {
            return foldNumber(cast.input());
        }
        if (expr instanceof Call call && call.function().equals("neg") && call.args().size() == 1) {
            Object inner = foldNumber(call.args().get(0));
            return inner instanceof Number number ? -number.longValue() : null;
        }
        return null;
    }

    private static Object parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- bodies

    private BoundQuery bindBody(QueryBody body, Scope outer) {
        if (body instanceof QueryBody.Select select) {
            return bindSelect(select, List.of(), outer);
        }
        if (body instanceof QueryBody.Nested nested) {
            return child().bindQuery(nested.query(), outer);
        }
        if (body instanceof QueryBody.Values values) {
            return bindValues(values, outer);
        }
        QueryBody.SetOperation setOperation = (QueryBody.SetOperation) body;
        LogicalPlan left = bindBody(setOperation.left(), outer).visiblePlan();
        LogicalPlan right = bindBody(setOperation.right(), outer).visiblePlan();
        String name = setOperation.operator().name();
        if (left.width() != right.width()) {
            throw Scope.error(ErrorCode.SYNTAX_ERROR, "each " + name + " query must have the same number of columns",
                    setOperation.right().position());
        }
        List<Column> columns = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < left.width(); i++) {
            SqlType type = Types.resolved(TypeCoercion.commonType(
                    List.of(left.columns().get(i).type(), right.columns().get(i).type()), name));
            types.add(type);
            columns.add(Column.of(left.columns().get(i).name(), type));
        }
        left = castColumns(left, types, columns);
        right = castColumns(right, types, columns);
        LogicalPlan plan = switch (setOperation.operator()) {
            case UNION -> {
                LogicalPlan union = new LogicalPlan.UnionAll(List.of(left, right), columns);
                yield setOperation.all() ? union : new LogicalPlan.Distinct(union);
            }
            case INTERSECT -> new LogicalPlan.SetOp(SetOpKind.INTERSECT, setOperation.all(), left, right);
            case EXCEPT -> new LogicalPlan.SetOp(SetOpKind.EXCEPT, setOperation.all(), left, right);
        };
        return new BoundQuery(plan, columns, List.of());
    }

    private static LogicalPlan castColumns(LogicalPlan plan, List<SqlType> types, List<Column> columns) {
        boolean same = true;
        for (int i = 0; i < types.size(); i++) {
            same &= plan.columns().get(i).type().equals(types.get(i));
        }
        if (same) {
            return plan;
        }
        List<Expr> expressions = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            expressions.add(ExpressionBinder.coerce(Plans.ref(plan, i), types.get(i)));
        }
        return new LogicalPlan.Project(plan, expressions, columns);
    }

    private BoundQuery bindValues(QueryBody.Values values, Scope outer) {
        int width = values.rows().get(0).size();
        List<List<Expr>> rows = new ArrayList<>();
        ExpressionBinder expressions = new ExpressionBinder(Scope.empty(outer), null, "VALUES", null);
        for (List<Expression> row : values.rows()) {
            if (row.size() != width) {
                throw Scope.error(ErrorCode.SYNTAX_ERROR, "VALUES lists must all be the same length",
                        row.isEmpty() ? values.position() : row.get(0).position());
            }
            List<Expr> bound = new ArrayList<>();
            for (Expression expression : row) {
                bound.add(expressions.bind(expression));
            }
            rows.add(bound);
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            List<SqlType> types = new ArrayList<>();
            for (List<Expr> row : rows) {
                types.add(row.get(c).type());
            }
            columns.add(Column.of("column" + (c + 1), Types.resolved(TypeCoercion.commonType(types, "VALUES"))));
        }
        return new BoundQuery(valuesPlan(rows, columns), columns, List.of());
    }

    /** Literal rows become a Values node; rows with expressions a projection of one empty row each. */
    static LogicalPlan valuesPlan(List<List<Expr>> rows, List<Column> columns) {
        List<List<Literal>> literalRows = new ArrayList<>();
        List<LogicalPlan> computed = new ArrayList<>();
        LogicalPlan oneRow = new LogicalPlan.Values(List.of(List.of()), List.of());
        for (List<Expr> row : rows) {
            List<Expr> coerced = new ArrayList<>();
            boolean literal = true;
            for (int c = 0; c < row.size(); c++) {
                Expr expr = ExpressionBinder.coerce(row.get(c), columns.get(c).type());
                coerced.add(expr);
                literal &= expr instanceof Literal;
            }
            if (literal) {
                literalRows.add(coerced.stream().map(Literal.class::cast).toList());
            } else {
                computed.add(new LogicalPlan.Project(oneRow, coerced, columns));
            }
        }
        List<LogicalPlan> parts = new ArrayList<>();
        if (!literalRows.isEmpty() || computed.isEmpty()) {
            parts.add(new LogicalPlan.Values(literalRows, columns));
        }
        parts.addAll(computed);
        return parts.size() == 1 ? parts.get(0) : new LogicalPlan.UnionAll(parts, columns);
    }

    /** ORDER BY of a set operation or VALUES: output column names and ordinals only. */
    private BoundQuery orderByOutput(BoundQuery body, List<Query.OrderItem> orderBy) {
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < body.columns().size(); i++) {
            Column column = body.columns().get(i);
            fields.add(new Scope.Field(null, column.name(), column.type(), i, true, true));
        }
        ExpressionBinder expressions = new ExpressionBinder(new Scope(fields, null), null, "ORDER BY", null);
        List<SortKey> keys = new ArrayList<>();
        for (Query.OrderItem item : orderBy) {
            int column = ordinal(item.expression(), body.columns().size());
            if (column < 0) {
                Expr bound = expressions.bind(item.expression());
                if (!(bound instanceof ColumnRef ref)) {
                    throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                            "invalid UNION/INTERSECT/EXCEPT ORDER BY clause: only result column names can be used",
                            item.position());
                }
                column = ref.index();
            }
            keys.add(sortKey(column, item));
        }
        return new BoundQuery(body.plan(), body.columns(), keys);
    }

    private static SortKey sortKey(int column, Query.OrderItem item) {
        return new SortKey(column, item.descending(), item.nullsFirst().orElse(item.descending()));
    }

    /** The 0-based column of an ORDER BY/GROUP BY ordinal, -1 if not an ordinal; out of range is an error. */
    private static int ordinal(Expression expression, int width) {
        if (expression instanceof Expression.Literal literal && literal.kind() == Expression.LiteralKind.INTEGER) {
            long value = Long.parseLong(literal.text());
            if (value < 1 || value > width) {
                throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE, "ORDER BY position " + value
                        + " is not in select list", literal.position());
            }
            return (int) value - 1;
        }
        return -1;
    }

    // ---------------------------------------------------------------- SELECT

    private BoundQuery bindSelect(QueryBody.Select select, List<Query.OrderItem> orderBy, Scope outer) {
        select = SetReturningSelect.rewrite(select);
        From from = select.from().isEmpty()
                ? new From(new LogicalPlan.Values(List.of(List.of()), List.of()), List.of())
                : bindFrom(select.from(), outer);
        Scope scope = new Scope(from.fields(), outer);
        SubqueryPlanner subqueries = new SubqueryPlanner(this);
        SubqueryPlanner.Host host = new SubqueryPlanner.Host(from.plan());
        if (select.where().isPresent()) {
            ExpressionBinder where = new ExpressionBinder(scope, null, "WHERE",
                    (expression, probe) -> subqueries.plan(host, scope, expression, probe));
            Expr condition = Quals.clause(where.bindBoolean(select.where().get(), "WHERE"));
            host.plan = filter(host.plan, condition);
        }
        boolean aggregating = !select.groupBy().isEmpty() || select.having().isPresent()
                || select.items().stream().anyMatch(item -> item instanceof QueryBody.ExpressionItem e
                        && Aggregation.containsAggregate(e.expression()))
                || orderBy.stream().anyMatch(item -> Aggregation.containsAggregate(item.expression()));
        if (aggregating) {
            return new Aggregation(this, select, orderBy, scope, host, subqueries).bind();
        }
        // select list over the (filtered) FROM rows
        Windowing windows = new Windowing();
        ExpressionBinder.SubqueryHandler attach = (expression, probe) -> subqueries.plan(host, scope, expression, probe);
        ExpressionBinder windowArguments = new ExpressionBinder(scope, null, "window function arguments", attach);
        ExpressionBinder expressions = new ExpressionBinder(scope, null, "SELECT", attach,
                window -> windows.window(window, windowArguments));
        List<Expr> outputs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        bindSelectList(select, scope, expressions, outputs, columns);
        return finishSelect(host, select.distinct(), outputs, columns, orderBy, expressions, windows);
    }

    /**
     * A WHERE filter; a clause that is constant FALSE empties the plan without running it,
     * as PostgreSQL's one-time filter does (so nothing below can raise an error).
     */
    static LogicalPlan filter(LogicalPlan input, Expr condition) {
        if (Quals.isFalseClause(condition)) {
            return new LogicalPlan.Values(List.of(), input.columns());
        }
        if (Exprs.isTrueLiteral(condition)) {
            return input;
        }
        return new LogicalPlan.Filter(input, condition);
    }

    /** Expands * and binds each select item; unknown-typed outputs become text. */
    void bindSelectList(QueryBody.Select select, Scope scope, ExpressionBinder expressions, List<Expr> outputs,
            List<Column> columns) {
        for (QueryBody.SelectItem item : select.items()) {
            if (item instanceof QueryBody.AllColumns all) {
                String qualifier = all.qualifier().map(q -> q.last()).orElse(null);
                List<Scope.Field> fields = scope.star(qualifier, all.position());
                if (fields.isEmpty() && qualifier == null && !select.from().isEmpty()) {
                    continue;
                }
                if (qualifier == null && select.from().isEmpty()) {
                    throw Scope.error(ErrorCode.SYNTAX_ERROR, "SELECT * with no tables specified is not valid",
                            all.position());
                }
                for (Scope.Field field : fields) {
                    outputs.add(new ColumnRef(field.index(), field.type()));
                    columns.add(Column.of(field.name(), field.type()));
                }
            } else {
                QueryBody.ExpressionItem expressionItem = (QueryBody.ExpressionItem) item;
                Expr bound = expressions.bind(expressionItem.expression());
                if (bound.type().kind() == TypeKind.UNKNOWN) {
                    bound = ExpressionBinder.coerce(bound, SqlType.TEXT);
                }
                outputs.add(bound);
                columns.add(Column.of(expressionItem.alias().orElseGet(() -> columnName(expressionItem.expression())),
                        bound.type()));
            }
        }
    }

    /**
     * Projects the select list (plus hidden ORDER BY columns), applies DISTINCT, and
     * resolves ORDER BY: ordinals, output names, select-list expressions, or (not with
     * DISTINCT) any expression over the input as a hidden column.
     */
    BoundQuery finishSelect(SubqueryPlanner.Host host, boolean distinct, List<Expr> outputs, List<Column> columns,
            List<Query.OrderItem> orderBy, ExpressionBinder inputExpressions, Windowing windows) {
        List<Expr> projection = new ArrayList<>(outputs);
        List<Column> projected = new ArrayList<>(columns);
        List<SortKey> keys = new ArrayList<>();
        for (Query.OrderItem item : orderBy) {
            int column = ordinal(item.expression(), columns.size());
            if (column < 0 && item.expression() instanceof Expression.Identifier identifier
                    && identifier.name().parts().size() == 1) {
                String name = identifier.name().last();
                for (int i = 0; i < columns.size() && column < 0; i++) {
                    if (columns.get(i).name().equals(name)) {
                        column = i;
                    }
                }
            }
            if (column < 0) {
                Expr bound = inputExpressions.bind(item.expression());
                column = projection.indexOf(bound);
                if (column < 0) {
                    if (distinct) {
                        throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE,
                                "for SELECT DISTINCT, ORDER BY expressions must appear in select list", item.position());
                    }
                    column = projection.size();
                    projection.add(bound);
                    projected.add(Column.of("?order?", bound.type()));
                }
            }
            keys.add(sortKey(column, item));
        }
        LogicalPlan input = host.plan;
        if (!windows.isEmpty()) {
            input = windows.apply(input);
            projection.replaceAll(windows::resolve);
        }
        LogicalPlan plan = new LogicalPlan.Project(input, projection, projected);
        if (distinct) {
            plan = new LogicalPlan.Distinct(plan);
        }
        return new BoundQuery(plan, columns, keys);
    }

    /** PostgreSQL's default output column name for an expression. */
    static String columnName(Expression expression) {
        if (expression instanceof Expression.Identifier identifier) {
            return identifier.name().last();
        }
        if (expression instanceof Expression.FunctionCall call) {
            return call.name().last();
        }
        if (expression instanceof Expression.Cast cast) {
            String inner = columnName(cast.operand());
            if (!inner.equals("?column?")) {
                return inner;
            }
            return SystemFunctions.isCatalogType(cast.type()) ? SystemFunctions.columnName(cast.type())
                    : Types.of(cast.type()).kind().name().toLowerCase();
        }
        if (expression instanceof Expression.ArrayConstructor || expression instanceof Expression.ArraySubquery) {
            return "array";
        }
        if (expression instanceof Expression.Subscript subscript) {
            return columnName(subscript.array());
        }
        if (expression instanceof Expression.FieldSelection selection) {
            return selection.field();
        }
        if (expression instanceof Expression.Case) {
            return "case";
        }
        if (expression instanceof Expression.Exists) {
            return "exists";
        }
        if (expression instanceof Expression.ScalarSubquery subquery
                && subquery.subquery().body() instanceof QueryBody.Select select && select.items().size() == 1
                && select.items().get(0) instanceof QueryBody.ExpressionItem item) {
            return item.alias().orElseGet(() -> columnName(item.expression()));
        }
        if (expression instanceof Expression.Row row && row.values().size() == 1) {
            return columnName(row.values().get(0));
        }
        return "?column?";
    }

    // ---------------------------------------------------------------- FROM

    /** A bound FROM clause: its plan and the names it makes visible. */
    record From(LogicalPlan plan, List<Scope.Field> fields) {
    }

    private From bindFrom(List<Relation> relations, Scope outer) {
        From result = null;
        for (Relation relation : relations) {
            From next = bindRelation(relation, outer);
            result = result == null ? next : join(result, next, JoinType.INNER, null);
        }
        return result;
    }

    private From join(From left, From right, JoinType type, Expr condition) {
        java.util.Set<String> leftNames = new java.util.HashSet<>();
        left.fields().forEach(field -> leftNames.add(field.qualifier()));
        for (Scope.Field field : right.fields()) {
            if (field.qualifier() != null && leftNames.contains(field.qualifier())) {
                throw RockStreamException.of(ErrorCode.DUPLICATE_ALIAS,
                        "table name \"" + field.qualifier() + "\" specified more than once");
            }
        }
        List<Scope.Field> fields = new ArrayList<>(left.fields());
        int offset = left.plan().width();
        for (Scope.Field field : right.fields()) {
            fields.add(new Scope.Field(field.qualifier(), field.name(), field.type(), field.index() + offset,
                    field.inStar(), field.unqualified()));
        }
        return new From(new LogicalPlan.Join(type, left.plan(), right.plan(), condition), fields);
    }

    private From bindRelation(Relation relation, Scope outer) {
        if (relation instanceof Relation.Table table) {
            return bindTable(table);
        }
        if (relation instanceof Relation.Subquery subquery) {
            BoundQuery bound = child().bindQuery(subquery.query(), outer);
            return named(bound.visiblePlan(), subquery.alias().orElse(null), subquery.columnAliases(),
                    subquery.position());
        }
        if (relation instanceof Relation.Function function) {
            List<Expr> constants = new ArrayList<>();
            for (Expression arg : function.args()) {
                Expr bound;
                try {
                    bound = new ExpressionBinder(Scope.empty(null), null, "FROM", null).bind(arg);
                } catch (RockStreamException notConstant) {
                    break;
                }
                if (!Exprs.isConstant(bound)) {
                    break;
                }
                constants.add(bound);
            }
            Query query = SystemFunctions.setReturningFunction(function, constants);
            BoundQuery bound = child().bindQuery(query, outer);
            String alias = function.alias().orElse(function.name().last());
            List<String> columnAliases = function.columnAliases().isEmpty() ? List.of(alias)
                    : function.columnAliases();
            return named(bound.visiblePlan(), alias, columnAliases, function.position());
        }
        Relation.Join join = (Relation.Join) relation;
        From left = bindRelation(join.left(), outer);
        From right = bindRelation(join.right(), outer);
        JoinType type = switch (join.kind()) {
            case INNER, CROSS -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
        };
        List<String> using = join.using();
        if (join.natural()) {
            using = new ArrayList<>();
            for (Scope.Field field : left.fields()) {
                if (field.inStar() && right.fields().stream().anyMatch(f -> f.inStar() && f.name().equals(field.name()))) {
                    using.add(field.name());
                }
            }
        }
        if (!using.isEmpty()) {
            return joinUsing(left, right, type, using, join.position());
        }
        From joined = join(left, right, type, null);
        if (join.on().isEmpty()) {
            return joined;
        }
        Scope scope = new Scope(joined.fields(), outer);
        Expr condition = Quals.clause(new ExpressionBinder(scope, null, "JOIN conditions", null)
                .bindBoolean(join.on().get(), "JOIN/ON"));
        return new From(new LogicalPlan.Join(type, left.plan(), right.plan(), condition), joined.fields());
    }

    private From joinUsing(From left, From right, JoinType type, List<String> using, Position position) {
        int leftWidth = left.plan().width();
        List<Expr> conjuncts = new ArrayList<>();
        List<Scope.Field[]> pairs = new ArrayList<>();
        for (String name : using) {
            Scope.Field l = findUsing(left, name, "left", position);
            Scope.Field r = findUsing(right, name, "right", position);
            Expr lRef = new ColumnRef(l.index(), l.type());
            Expr rRef = new ColumnRef(r.index() + leftWidth, r.type());
            conjuncts.add(ExpressionBinder.call("=", List.of(lRef, rRef), position));
            pairs.add(new Scope.Field[] {l, r});
        }
        LogicalPlan joined = new LogicalPlan.Join(type, left.plan(), right.plan(), Exprs.and(conjuncts));
        List<Expr> expressions = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < using.size(); i++) {
            Scope.Field l = pairs.get(i)[0];
            Scope.Field r = pairs.get(i)[1];
            SqlType common = TypeCoercion.commonType(List.of(l.type(), r.type()), "JOIN/USING");
            Expr lRef = ExpressionBinder.coerce(new ColumnRef(l.index(), l.type()), common);
            Expr rRef = ExpressionBinder.coerce(new ColumnRef(r.index() + leftWidth, r.type()), common);
            Expr merged = switch (type) {
                case INNER, LEFT -> lRef;
                case RIGHT -> rRef;
                case FULL -> ExpressionBinder.call("coalesce", List.of(lRef, rRef), position);
            };
            fields.add(new Scope.Field(null, using.get(i), common, expressions.size(), true, true));
            expressions.add(merged);
            columns.add(Column.of(using.get(i), common));
        }
        int base = expressions.size();
        for (int i = 0; i < joined.width(); i++) {
            expressions.add(Plans.ref(joined, i));
            columns.add(joined.columns().get(i));
        }
        for (Scope.Field field : left.fields()) {
            boolean merged = using.contains(field.name());
            fields.add(new Scope.Field(field.qualifier(), field.name(), field.type(), base + field.index(),
                    field.inStar() && !merged, field.unqualified() && !merged));
        }
        for (Scope.Field field : right.fields()) {
            boolean merged = using.contains(field.name());
            fields.add(new Scope.Field(field.qualifier(), field.name(), field.type(), base + leftWidth + field.index(),
                    field.inStar() && !merged, field.unqualified() && !merged));
        }
        return new From(new LogicalPlan.Project(joined, expressions, columns), fields);
    }

    private static Scope.Field findUsing(From side, String name, String which, Position position) {
        Scope.Field found = null;
        for (Scope.Field field : side.fields()) {
            if (field.unqualified() && field.name().equals(name)) {
                if (found != null) {
                    throw Scope.error(ErrorCode.AMBIGUOUS_COLUMN,
                            "common column name \"" + name + "\" appears more than once in " + which + " table", position);
                }
                found = field;
            }
        }
        if (found == null) {
            throw Scope.error(ErrorCode.UNDEFINED_COLUMN,
                    "column \"" + name + "\" specified in USING clause does not exist in " + which + " table", position);
        }
        return found;
    }

    /**
     * The catalog name of a table reference: {@code public} relations by their bare name,
     * system relations as {@code schema.name}. An unqualified name finds pg_catalog's
     * relations first, as PostgreSQL's implicit search path does.
     */
    private String catalogName(QualifiedName name) {
        String last = name.last();
        if (name.parts().size() == 1) {
            String system = "pg_catalog." + last;
            return catalog.relation(system).isPresent() ? system : last;
        }
        String schema = name.parts().get(name.parts().size() - 2);
        if (name.parts().size() > 3 || (name.parts().size() == 3 && !name.parts().get(0).equals(SystemFunctions.DATABASE))) {
            throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "cross-database references are not implemented: "
                    + name, name.position());
        }
        if (schema.equals("public")) {
            return last;
        }
        if (schema.equals("pg_catalog") || schema.equals("information_schema")) {
            return schema + "." + last;
        }
        throw Scope.error(ErrorCode.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist", name.position());
    }

    private From bindTable(Relation.Table table) {
        String name = table.name().last();
        String alias = table.alias().orElse(name);
        Query.CommonTableExpression cte = table.name().parts().size() == 1 ? ctes.get(name) : null;
        if (cte != null) {
            Map<String, Query.CommonTableExpression> visible = new HashMap<>(ctes);
            visible.remove(name);
            BoundQuery bound = new QueryBinder(catalog, Map.copyOf(visible), dependencies, viewDepth)
                    .bindQuery(cte.query(), null);
            LogicalPlan plan = bound.visiblePlan();
            if (!cte.columnNames().isEmpty()) {
                plan = rename(plan, cte.columnNames(), cte.position());
            }
            return named(plan, alias, table.columnAliases(), table.position());
        }
        RelationEntry entry = catalog.relation(catalogName(table.name())).orElseThrow(() -> Scope.error(
                ErrorCode.UNDEFINED_TABLE, "relation \"" + table.name() + "\" does not exist", table.name().position()));
        if (entry.kind() == RelationKind.VIEW) {
            if (viewDepth > 32) {
                throw Scope.error(ErrorCode.FEATURE_NOT_SUPPORTED, "views nested more than 32 deep",
                        table.position());
            }
            dependencies.add(entry.name());
            List<Statement> parsed = SqlParser.parse(entry.definition());
            Query query = ((Statement.QueryStatement) parsed.get(0)).query();
            BoundQuery bound = new QueryBinder(catalog, Map.of(), dependencies, viewDepth + 1).bindQuery(query, null);
            LogicalPlan plan = rename(bound.visiblePlan(), entry.columns().stream().map(Column::name).toList(),
                    table.position());
            return named(plan, alias, table.columnAliases(), table.position());
        }
        dependencies.add(entry.name());
        return named(new LogicalPlan.Scan(entry.name(), entry.columns()), alias, table.columnAliases(),
                table.position());
    }

    private static LogicalPlan rename(LogicalPlan plan, List<String> names, Position position) {
        if (names.size() > plan.width()) {
            throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE, "too many column names were specified", position);
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < plan.width(); i++) {
            Column column = plan.columns().get(i);
            columns.add(new Column(i < names.size() ? names.get(i) : column.name(), column.type(), column.nullable()));
        }
        return Plans.projectPrefix(plan, columns);
    }

    private static From named(LogicalPlan plan, String alias, List<String> columnAliases, Position position) {
        if (columnAliases.size() > plan.width()) {
            throw Scope.error(ErrorCode.INVALID_COLUMN_REFERENCE, "table \"" + alias + "\" has " + plan.width()
                    + " columns available but " + columnAliases.size() + " columns specified", position);
        }
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < plan.width(); i++) {
            Column column = plan.columns().get(i);
            String name = i < columnAliases.size() ? columnAliases.get(i) : column.name();
            boolean visible = !name.startsWith("?");
            fields.add(new Scope.Field(alias, name, column.type(), i, visible, visible));
        }
        return new From(plan, fields);
    }
}
