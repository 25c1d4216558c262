package io.rockstream.compiler.binder;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Binds INSERT, UPDATE and DELETE into queries the engine runs over a table's current
 * rows: the rows to insert (in table column order), the rows to delete, or each updated
 * row's old and new values. Values are converted to the column types with assignment
 * casts by the engine when it writes them.
 */
public final class DmlBinder {
    private final CatalogReader catalog;

    public DmlBinder(CatalogReader catalog) {
        this.catalog = catalog;
    }

    /** Rows to insert: one column per table column, of the type given in {@code sourceTypes}. */
    public record InsertPlan(RelationEntry table, LogicalPlan rows) {
    }

    /** Rows to delete, whole. */
    public record DeletePlan(RelationEntry table, LogicalPlan rows) {
    }

    /** Each updated row: its old values, then its new values. */
    public record UpdatePlan(RelationEntry table, LogicalPlan rows) {
    }

    public InsertPlan insert(Statement.Insert insert) {
        RelationEntry table = table(insert.table().last(), insert.table());
        List<Integer> targets = new ArrayList<>();
        if (insert.columns().isEmpty()) {
            for (int i = 0; i < table.columns().size(); i++) {
                targets.add(i);
            }
        } else {
            for (String name : insert.columns()) {
                int index = table.columnIndex(name);
                if (index < 0) {
                    throw Scope.error(ErrorCode.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \""
                            + table.name() + "\" does not exist", insert.position());
                }
                if (targets.contains(index)) {
                    throw Scope.error(ErrorCode.DUPLICATE_COLUMN, "column \"" + name + "\" specified more than once",
                            insert.position());
                }
                targets.add(index);
            }
        }
        Query source = insert.source();
        LogicalPlan rows;
        if (source.body() instanceof QueryBody.Values values && source.orderBy().isEmpty() && source.limit().isEmpty()
                && source.with().isEmpty()) {
            rows = insertValues(table, targets, values);
        } else {
            BoundQuery bound = new QueryBinder(catalog).bind(source);
            LogicalPlan plan = bound.visiblePlan();
            if (plan.width() > targets.size()) {
                throw Scope.error(ErrorCode.SYNTAX_ERROR, "INSERT has more expressions than target columns",
                        source.position());
            }
            if (plan.width() < targets.size()) {
                throw Scope.error(ErrorCode.SYNTAX_ERROR, "INSERT has more target columns than expressions",
                        source.position());
            }
            Expr[] full = defaults(table);
            for (int i = 0; i < targets.size(); i++) {
                full[targets.get(i)] = assignable(Plans.ref(plan, i), table.columns().get(targets.get(i)), source.position());
            }
            rows = new LogicalPlan.Project(plan, Arrays.asList(full), columnsOf(table, full));
        }
        return new InsertPlan(table, rows);
    }

    private LogicalPlan insertValues(RelationEntry table, List<Integer> targets, QueryBody.Values values) {
        ExpressionBinder expressions = new ExpressionBinder(Scope.empty(null), null, "VALUES", null);
        List<List<Expr>> rows = new ArrayList<>();
        List<Column> columns = null;
        for (List<Expression> row : values.rows()) {
            if (row.size() > targets.size()) {
                throw Scope.error(ErrorCode.SYNTAX_ERROR, "INSERT has more expressions than target columns",
                        row.get(targets.size()).position());
            }
            if (row.size() < targets.size() && !(row.isEmpty() && targets.size() == table.columns().size())) {
                throw Scope.error(ErrorCode.SYNTAX_ERROR, "INSERT has more target columns than expressions",
                        row.isEmpty() ? values.position() : row.get(row.size() - 1).position());
            }
            Expr[] full = defaults(table);
            for (int i = 0; i < row.size(); i++) {
                Expression expression = row.get(i);
                int target = targets.get(i);
                if (!(expression instanceof Expression.Default)) {
                    full[target] = assignable(expressions.bind(expression), table.columns().get(target), expression.position());
                }
            }
            rows.add(Arrays.asList(full));
        }
        // every row must have one type per column: unify them as the table columns' types
        columns = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            List<SqlType> types = new ArrayList<>();
            for (List<Expr> row : rows) {
                types.add(row.get(c).type());
            }
            SqlType type = allSame(types) ? types.get(0) : assignmentSource(table.columns().get(c).type());
            columns.add(Column.of(table.columns().get(c).name(), type));
        }
        return QueryBinder.valuesPlan(rows, columns);
    }

    private static boolean allSame(List<SqlType> types) {
        return types.stream().distinct().count() == 1;
    }

    /**
     * The type a value is brought to in the plan before the engine's assignment cast to the
     * column: the column's type without length or precision, so that an over-long string
     * raises 22001 and numeric precision is checked by the assignment, not silently cut by
     * an explicit cast.
     */
    private static SqlType assignmentSource(SqlType column) {
        return column.kind().isText() ? SqlType.TEXT : column.unconstrained();
    }

    /** The value or, when it cannot be assigned to the column's type, a 42804 error. */
    private static Expr assignable(Expr value, Column column, Position position) {
        SqlType target = column.type();
        if (value.type().kind() == TypeKind.UNKNOWN) {
            return ExpressionBinder.coerce(value, assignmentSource(target));
        }
        if (!TypeCoercion.canAssign(value.type(), target)) {
            throw Scope.error(ErrorCode.DATATYPE_MISMATCH, "column \"" + column.name() + "\" is of type " + target
                    + " but expression is of type " + value.type(), position)
                    .withHint("You will need to rewrite or cast the expression.");
        }
        return value;
    }

    /** Each column's DEFAULT expression, or a typed NULL. */
    private static Expr[] defaults(RelationEntry table) {
        Expr[] defaults = new Expr[table.columns().size()];
        for (int i = 0; i < defaults.length; i++) {
            Expr bound = table.defaults().size() > i ? table.defaults().get(i) : null;
            defaults[i] = bound == null ? Literal.nullOf(table.columns().get(i).type()) : bound;
        }
        return defaults;
    }

    /** Binds a column's DEFAULT expression at CREATE TABLE: constant, assignable to the column. */
    public static Expr bindDefault(Expression expression, Column column) {
        Expr bound = new ExpressionBinder(Scope.empty(null), null, "DEFAULT expressions", null).bind(expression);
        return assignable(bound, column, expression.position());
    }

    private static List<Column> columnsOf(RelationEntry table, Expr[] values) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            columns.add(Column.of(table.columns().get(i).name(), values[i].type()));
        }
        return columns;
    }

    public DeletePlan delete(Statement.Delete delete) {
        RelationEntry table = table(delete.table().last(), delete.table());
        return new DeletePlan(table, filtered(table, delete.alias(), delete.where(), List.of(), List.of()));
    }

    public UpdatePlan update(Statement.Update update) {
        RelationEntry table = table(update.table().last(), update.table());
        List<Integer> targets = new ArrayList<>();
        List<Expression> values = new ArrayList<>();
        for (Statement.Assignment assignment : update.assignments()) {
            int index = table.columnIndex(assignment.column());
            if (index < 0) {
                throw Scope.error(ErrorCode.UNDEFINED_COLUMN, "column \"" + assignment.column() + "\" of relation \""
                        + table.name() + "\" does not exist", assignment.position());
            }
            if (targets.contains(index)) {
                throw Scope.error(ErrorCode.DUPLICATE_COLUMN, "multiple assignments to same column \""
                        + assignment.column() + "\"", assignment.position());
            }
            targets.add(index);
            values.add(assignment.value());
        }
        return new UpdatePlan(table, filtered(table, update.alias(), update.where(), targets, values));
    }

    /**
     * The table's rows matching {@code where}, followed, for an UPDATE, by the new row: each
     * column either unchanged or its assigned value.
     */
    private LogicalPlan filtered(RelationEntry table, Optional<String> alias, Optional<Expression> where,
            List<Integer> targets, List<Expression> values) {
        String qualifier = alias.orElse(table.name());
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Column column = table.columns().get(i);
            fields.add(new Scope.Field(qualifier, column.name(), column.type(), i, true, true));
        }
        Scope scope = new Scope(fields, null);
        QueryBinder queries = new QueryBinder(catalog);
        SubqueryPlanner subqueries = new SubqueryPlanner(queries);
        SubqueryPlanner.Host host = new SubqueryPlanner.Host(new LogicalPlan.Scan(table.name(), table.columns()));
        if (where.isPresent()) {
            Expr condition = new ExpressionBinder(scope, null, "WHERE",
                    (expression, probe) -> subqueries.plan(host, scope, expression, probe))
                    .bindBoolean(where.get(), "WHERE");
            host.plan = QueryBinder.filter(host.plan, Quals.clause(condition));
        }
        List<Expr> projection = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            projection.add(new ColumnRef(i, table.columns().get(i).type()));
            columns.add(table.columns().get(i));
        }
        if (!targets.isEmpty()) {
            ExpressionBinder setter = new ExpressionBinder(scope, null, "UPDATE",
                    (expression, probe) -> subqueries.plan(host, scope, expression, probe));
            Expr[] updated = new Expr[table.columns().size()];
            for (int i = 0; i < updated.length; i++) {
                updated[i] = new ColumnRef(i, table.columns().get(i).type());
            }
            Expr[] defaults = defaults(table);
            for (int i = 0; i < targets.size(); i++) {
                int target = targets.get(i);
                Expression value = values.get(i);
                updated[target] = value instanceof Expression.Default ? defaults[target]
                        : assignable(setter.bind(value), table.columns().get(target), value.position());
            }
            for (int i = 0; i < updated.length; i++) {
                projection.add(updated[i]);
                columns.add(Column.of(table.columns().get(i).name(), updated[i].type()));
            }
        }
        return new LogicalPlan.Project(host.plan, projection, columns);
    }

    private RelationEntry table(String name, io.rockstream.compiler.ast.QualifiedName qualified) {
        RelationEntry entry = catalog.relation(name).orElseThrow(() -> Scope.error(ErrorCode.UNDEFINED_TABLE,
                "relation \"" + qualified + "\" does not exist", qualified.position()));
        if (entry.kind() != RelationKind.TABLE) {
            throw Scope.error(ErrorCode.WRONG_OBJECT_TYPE, "cannot change " + entry.kind().title() + " \""
                    + entry.name() + "\"", qualified.position());
        }
        return entry;
    }
}
