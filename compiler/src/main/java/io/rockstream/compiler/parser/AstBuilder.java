package io.rockstream.compiler.parser;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.Relation;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.ast.Statement.ObjectKind;
import io.rockstream.compiler.ast.Statement.TransactionAction;
import io.rockstream.compiler.parser.RockSqlParser.*;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.RuleNode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds statements, queries and relations from the parse tree; expressions are delegated
 * to {@link ExpressionBuilder}. Labeled grammar alternatives are visited, the rest walked.
 */
final class AstBuilder extends RockSqlBaseVisitor<Object> {
    private final CharStream input;
    private final ParameterValues parameters;
    private final ExpressionBuilder expressions = new ExpressionBuilder(this);
    /** The highest {@code $n} seen so far. */
    private int highestParameter;

    AstBuilder(CharStream input) {
        this(input, null);
    }

    /** A builder that replaces each {@code $n} by what {@code parameters} gives (null: keep the placeholders). */
    AstBuilder(CharStream input, ParameterValues parameters) {
        this.input = input;
        this.parameters = parameters;
    }

    /** The node for placeholder {@code $number}: the placeholder itself, or its value when values were given. */
    Expression parameter(int number, Position position) {
        highestParameter = Math.max(highestParameter, number);
        return parameters == null ? new Expression.Parameter(number, position) : parameters.value(number, position);
    }

    CharStream input() {
        return input;
    }

    int highestParameter() {
        return highestParameter;
    }

    List<Statement> script(ScriptContext context) {
        List<Statement> result = new ArrayList<>();
        for (StatementContext statement : context.statement()) {
            result.add(statement(statement));
        }
        return result;
    }

    Expression singleExpression(SingleExpressionContext context) {
        return expressions.expression(context.expr());
    }

    private Statement statement(StatementContext context) {
        return (Statement) visit(context);
    }

    // ------------------------------------------------------------ statements

    @Override
    public Statement visitQueryStatement(QueryStatementContext context) {
        return new Statement.QueryStatement(query(context.query()), position(context));
    }

    @Override
    public Statement visitCreateTableStatement(CreateTableStatementContext statement) {
        CreateTableContext context = statement.createTable();
        List<Statement.ColumnDefinition> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        for (TableElementContext element : context.tableElement()) {
            if (element.columnDefinition() != null) {
                columns.add(columnDefinition(element.columnDefinition()));
                continue;
            }
            TableConstraintBodyContext constraint = element.tableConstraint().tableConstraintBody();
            if (constraint instanceof TablePrimaryKeyContext key) {
                if (!primaryKey.isEmpty()) {
                    throw error(ErrorCode.INVALID_TABLE_DEFINITION,
                            "multiple primary keys for table are not allowed", key.getStart());
                }
                primaryKey.addAll(identifiers(key.identifierList()));
            } else if (constraint instanceof TableCheckContext || constraint instanceof TableForeignKeyContext) {
                throw unsupportedConstraint(constraint);
            }
            // UNIQUE is accepted and not recorded: RockStream does not enforce it
        }
        return new Statement.CreateTable(tableName(context.tableName()), context.EXISTS() != null, columns,
                primaryKey, position(statement));
    }

    private Statement.ColumnDefinition columnDefinition(ColumnDefinitionContext context) {
        boolean notNull = false;
        boolean primaryKey = false;
        Optional<Expression> defaultValue = Optional.empty();
        for (ColumnConstraintContext constraint : context.columnConstraint()) {
            ColumnConstraintBodyContext body = constraint.columnConstraintBody();
            if (body instanceof NotNullConstraintContext) {
                notNull = true;
            } else if (body instanceof PrimaryKeyConstraintContext) {
                primaryKey = true;
            } else if (body instanceof DefaultConstraintContext defaultConstraint) {
                defaultValue = Optional.of(expressions.expression(defaultConstraint.expr()));
            } else if (body instanceof CheckConstraintContext || body instanceof ReferencesConstraintContext) {
                throw unsupportedConstraint(body);
            }
            // NULL is the default and UNIQUE is accepted and not recorded
        }
        return new Statement.ColumnDefinition(identifier(context.identifier()),
                expressions.typeName(context.typeName()), notNull, primaryKey, defaultValue, position(context));
    }

    private static RockStreamException unsupportedConstraint(ParserRuleContext constraint) {
        String kind = constraint.getStart().getText().toUpperCase(Locale.ROOT);
        if (kind.equals("FOREIGN")) {
            kind = "FOREIGN KEY";
        }
        return error(ErrorCode.FEATURE_NOT_SUPPORTED, kind + " constraints are not supported", constraint.getStart());
    }

    @Override
    public Statement visitCreateViewStatement(CreateViewStatementContext statement) {
        CreateViewContext context = statement.createView();
        List<String> columns = context.identifierList() == null ? List.of() : identifiers(context.identifierList());
        List<Statement.Option> options = new ArrayList<>();
        for (ViewOptionContext option : context.viewOption()) {
            options.add(viewOption(option));
        }
        QueryContext query = context.query();
        String sql = input.getText(Interval.of(query.getStart().getStartIndex(), query.getStop().getStopIndex()));
        return new Statement.CreateView(tableName(context.tableName()), context.MATERIALIZED() != null,
                context.REPLACE() != null, context.EXISTS() != null, columns, options, query(query), sql,
                position(statement));
    }

    private static String optionValue(OptionValueContext context) {
        if (context.string() != null) {
            return ExpressionBuilder.string(context.string());
        }
        if (context.identifier() != null) {
            return identifier(context.identifier());
        }
        return context.getText().toLowerCase(Locale.ROOT);
    }

    @Override
    public Statement visitDropStatement(DropStatementContext statement) {
        DropContext context = statement.drop();
        ObjectKind kind = context.TABLE() != null ? ObjectKind.TABLE
                : context.MATERIALIZED() != null ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
        List<QualifiedName> names = new ArrayList<>();
        for (TableNameContext name : context.tableName()) {
            names.add(tableName(name));
        }
        return new Statement.Drop(kind, names, context.EXISTS() != null, context.CASCADE() != null,
                position(statement));
    }

    @Override
    public Statement visitInsertStatement(InsertStatementContext statement) {
        InsertContext context = statement.insert();
        List<String> columns = context.identifierList() == null ? List.of() : identifiers(context.identifierList());
        InsertSourceContext source = context.insertSource();
        Query query;
        if (source.query() != null) {
            query = query(source.query());
        } else {
            // DEFAULT VALUES: one row that gives no value, so every column takes its default
            Position at = position(source);
            query = new Query(List.of(), new QueryBody.Values(List.of(List.of()), at), List.of(), Optional.empty(),
                    Optional.empty(), at);
        }
        return new Statement.Insert(tableName(context.tableName()), columns, query, position(statement));
    }

    @Override
    public Statement visitUpdateStatement(UpdateStatementContext statement) {
        UpdateContext context = statement.update();
        List<Statement.Assignment> assignments = new ArrayList<>();
        for (AssignmentContext assignment : context.assignment()) {
            Expression value = assignment.DEFAULT() != null
                    ? new Expression.Default(position(assignment.DEFAULT()))
                    : expressions.expression(assignment.expr());
            assignments.add(new Statement.Assignment(identifier(assignment.identifier()), value, position(assignment)));
        }
        return new Statement.Update(tableName(context.tableName()), alias(context.colId()), assignments,
                expressions.optional(context.expr()), position(statement));
    }

    @Override
    public Statement visitDeleteStatement(DeleteStatementContext statement) {
        DeleteContext context = statement.delete();
        return new Statement.Delete(tableName(context.tableName()), alias(context.colId()),
                expressions.optional(context.expr()), position(statement));
    }

    @Override
    public Statement visitExplainStatement(ExplainStatementContext context) {
        return new Statement.Explain(context.INCREMENTAL() != null, Optional.of(statement(context.statement())),
                Optional.empty(), position(context));
    }

    @Override
    public Statement visitExplainViewStatement(ExplainViewStatementContext context) {
        return new Statement.Explain(true, Optional.empty(), Optional.of(tableName(context.tableName())),
                position(context));
    }

    private Statement.Option viewOption(ViewOptionContext option) {
        List<String> key = new ArrayList<>();
        for (IdentifierContext part : option.identifier()) {
            key.add(identifier(part));
        }
        String value = option.optionValue() == null ? "true" : optionValue(option.optionValue());
        return new Statement.Option(String.join(".", key), value, position(option));
    }

    @Override
    public Statement visitAlterViewSetStatement(AlterViewSetStatementContext context) {
        List<Statement.Option> options = new ArrayList<>();
        for (ViewOptionContext option : context.viewOption()) {
            options.add(viewOption(option));
        }
        return new Statement.AlterView(tableName(context.tableName()), options, List.of(), position(context));
    }

    @Override
    public Statement visitAlterViewResetStatement(AlterViewResetStatementContext context) {
        List<String> keys = new ArrayList<>();
        for (IdentifierContext key : context.identifier()) {
            keys.add(identifier(key));
        }
        return new Statement.AlterView(tableName(context.tableName()), List.of(), keys, position(context));
    }

    @Override
    public Statement visitRefreshStatement(RefreshStatementContext context) {
        return new Statement.Refresh(tableName(context.tableName()), position(context));
    }

    @Override
    public Statement visitShowStatement(ShowStatementContext context) {
        ShowTargetContext target = context.showTarget();
        String what;
        if (target.TABLES() != null) {
            what = "tables";
        } else if (target.VIEWS() != null) {
            what = target.MATERIALIZED() != null ? "materialized views" : "views";
        } else if (target.ALL() != null) {
            what = "all";
        } else if (target.ZONE() != null) {
            what = "timezone";
        } else {
            what = dottedName(target.identifier());
        }
        return new Statement.Show(what, position(context));
    }

    @Override
    public Statement visitSetStatement(SetStatementContext context) {
        return new Statement.Set(dottedName(context.setTarget().identifier()), setValue(context.setValue()),
                position(context));
    }

    @Override
    public Statement visitSetTimeZoneStatement(SetTimeZoneStatementContext context) {
        String value = context.setValue() == null ? "local" : setValue(context.setValue());
        return new Statement.Set("timezone", value, position(context));
    }

    private static String setValue(SetValueContext context) {
        if (context.DEFAULT() != null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (OptionValueContext value : context.optionValue()) {
            values.add(optionValue(value));
        }
        return String.join(", ", values);
    }

    @Override
    public Statement visitBeginStatement(BeginStatementContext context) {
        return new Statement.Transaction(TransactionAction.BEGIN, position(context));
    }

    @Override
    public Statement visitCommitStatement(CommitStatementContext context) {
        return new Statement.Transaction(TransactionAction.COMMIT, position(context));
    }

    @Override
    public Statement visitRollbackStatement(RollbackStatementContext context) {
        return new Statement.Transaction(TransactionAction.ROLLBACK, position(context));
    }

    // ------------------------------------------------------------ queries

    Query query(QueryContext context) {
        if (context.lockingClause() != null) {
            throw error(ErrorCode.FEATURE_NOT_SUPPORTED, "SELECT FOR UPDATE/SHARE is not supported: RockStream"
                    + " reads complete epochs and never locks rows", context.lockingClause().getStart());
        }
        List<Query.CommonTableExpression> with = List.of();
        if (context.withClause() != null) {
            with = withClause(context.withClause());
        }
        QueryBody body = queryExpression(context.queryExpression());
        List<Query.OrderItem> orderBy = context.orderByClause() == null ? List.of() : orderBy(context.orderByClause());
        Optional<Expression> limit = Optional.empty();
        Optional<Expression> offset = Optional.empty();
        boolean limitSeen = false;
        boolean offsetSeen = false;
        for (LimitClauseContext clause : context.limitClause()) {
            if (clause instanceof OffsetContext offsetClause) {
                if (offsetSeen) {
                    throw error(ErrorCode.SYNTAX_ERROR, "multiple OFFSET clauses not allowed", clause.getStart());
                }
                offsetSeen = true;
                offset = Optional.of(expressions.expression(offsetClause.expr()));
                continue;
            }
            if (limitSeen) {
                throw error(ErrorCode.SYNTAX_ERROR, "multiple LIMIT clauses not allowed", clause.getStart());
            }
            limitSeen = true;
            if (clause instanceof LimitContext limitClause) {
                limit = expressions.optional(limitClause.expr());
            } else {
                FetchFirstContext fetch = (FetchFirstContext) clause;
                limit = Optional.of(fetch.expr() == null
                        ? new Expression.Literal(Expression.LiteralKind.INTEGER, "1", position(fetch))
                        : expressions.expression(fetch.expr()));
            }
        }
        return new Query(with, body, orderBy, limit, offset, position(context));
    }

    private List<Query.CommonTableExpression> withClause(WithClauseContext context) {
        if (context.RECURSIVE() != null) {
            throw error(ErrorCode.FEATURE_NOT_SUPPORTED, "WITH RECURSIVE is not supported yet",
                    context.RECURSIVE().getSymbol());
        }
        List<Query.CommonTableExpression> result = new ArrayList<>();
        for (CommonTableExpressionContext cte : context.commonTableExpression()) {
            List<String> columns = cte.identifierList() == null ? List.of() : identifiers(cte.identifierList());
            result.add(new Query.CommonTableExpression(identifier(cte.identifier()), columns, query(cte.query()),
                    position(cte)));
        }
        return result;
    }

    private QueryBody queryExpression(QueryExpressionContext context) {
        // children: term ((UNION|EXCEPT) quantifier? term)*, folded left
        QueryBody result = null;
        Token operator = null;
        boolean all = false;
        for (ParseTree child : context.children) {
            if (child instanceof QueryTermContext term) {
                QueryBody right = queryTerm(term);
                result = result == null ? right : new QueryBody.SetOperation(
                        operator.getType() == RockSqlLexer.UNION ? QueryBody.SetOperator.UNION
                                : QueryBody.SetOperator.EXCEPT, all, result, right, position(operator));
                all = false;
            } else if (child instanceof SetQuantifierContext quantifier) {
                all = quantifier.ALL() != null;
            } else {
                operator = ((TerminalNode) child).getSymbol();
            }
        }
        return result;
    }

    private QueryBody queryTerm(QueryTermContext context) {
        QueryBody result = null;
        Token operator = null;
        boolean all = false;
        for (ParseTree child : context.children) {
            if (child instanceof QueryPrimaryContext primary) {
                QueryBody right = (QueryBody) visit(primary);
                result = result == null ? right
                        : new QueryBody.SetOperation(QueryBody.SetOperator.INTERSECT, all, result, right,
                                position(operator));
                all = false;
            } else if (child instanceof SetQuantifierContext quantifier) {
                all = quantifier.ALL() != null;
            } else {
                operator = ((TerminalNode) child).getSymbol();
            }
        }
        return result;
    }

    @Override
    public QueryBody visitSelectPrimary(SelectPrimaryContext primary) {
        SelectCoreContext context = primary.selectCore();
        if (context.ON() != null) {
            throw error(ErrorCode.FEATURE_NOT_SUPPORTED, "SELECT DISTINCT ON is not supported yet",
                    context.ON().getSymbol());
        }
        if (context.windowClause() != null) {
            throw ExpressionBuilder.namedWindow(context.windowClause().WINDOW().getSymbol());
        }
        List<QueryBody.SelectItem> items = new ArrayList<>();
        if (context.selectList() != null) {
            for (SelectItemContext item : context.selectList().selectItem()) {
                items.add((QueryBody.SelectItem) visit(item));
            }
        }
        List<Relation> from = new ArrayList<>();
        if (context.fromClause() != null) {
            for (TableReferenceContext reference : context.fromClause().tableReference()) {
                from.add(tableReference(reference));
            }
        }
        List<Expression> groupBy = expressions.expressions(context.groupBy);
        return new QueryBody.Select(context.DISTINCT() != null, items, from, expressions.optional(context.where),
                groupBy, expressions.optional(context.having), position(context));
    }

    @Override
    public QueryBody visitValuesPrimary(ValuesPrimaryContext context) {
        List<List<Expression>> rows = new ArrayList<>();
        for (ValuesRowContext row : context.valuesClause().valuesRow()) {
            List<Expression> values = new ArrayList<>();
            for (ValuesItemContext item : row.valuesItem()) {
                values.add(item.DEFAULT() != null ? new Expression.Default(position(item))
                        : expressions.expression(item.expr()));
            }
            rows.add(values);
        }
        return new QueryBody.Values(rows, position(context));
    }

    @Override
    public QueryBody visitTablePrimaryQuery(TablePrimaryQueryContext context) {
        Position at = position(context);
        Relation table = new Relation.Table(tableName(context.tableName()), Optional.empty(), List.of(), at);
        return new QueryBody.Select(false, List.of(new QueryBody.AllColumns(Optional.empty(), at)), List.of(table),
                Optional.empty(), List.of(), Optional.empty(), at);
    }

    @Override
    public QueryBody visitNestedPrimary(NestedPrimaryContext context) {
        Query query = query(context.query());
        if (query.with().isEmpty() && query.orderBy().isEmpty() && query.limit().isEmpty()
                && query.offset().isEmpty()) {
            return query.body();
        }
        return new QueryBody.Nested(query, position(context));
    }

    @Override
    public QueryBody.SelectItem visitAllColumns(AllColumnsContext context) {
        return new QueryBody.AllColumns(Optional.empty(), position(context));
    }

    @Override
    public QueryBody.SelectItem visitQualifiedAllColumns(QualifiedAllColumnsContext context) {
        return new QueryBody.AllColumns(Optional.of(qualifiedName(context.qualifiedName())), position(context));
    }

    @Override
    public QueryBody.SelectItem visitExpressionItem(ExpressionItemContext context) {
        Optional<String> alias = Optional.empty();
        if (context.label() != null) {
            alias = Optional.of(word(context.label()));
        } else if (context.bareLabel() != null) {
            alias = Optional.of(word(context.bareLabel()));
        }
        return new QueryBody.ExpressionItem(expressions.expression(context.expr()), alias, position(context));
    }

    List<Query.OrderItem> orderBy(OrderByClauseContext context) {
        List<Query.OrderItem> result = new ArrayList<>();
        for (SortItemContext item : context.sortItem()) {
            boolean descending = item.direction != null && item.direction.getType() == RockSqlLexer.DESC;
            Optional<Boolean> nullsFirst = item.nulls == null ? Optional.empty()
                    : Optional.of(item.nulls.getType() == RockSqlLexer.FIRST);
            result.add(new Query.OrderItem(expressions.expression(item.expr()), descending, nullsFirst,
                    position(item)));
        }
        return result;
    }

    // ------------------------------------------------------------ relations

    private Relation tableReference(TableReferenceContext context) {
        Relation result = (Relation) visit(context.tablePrimary());
        for (JoinPartContext part : context.joinPart()) {
            Position at = position(part);
            if (part instanceof CrossJoinContext cross) {
                result = new Relation.Join(Relation.JoinKind.CROSS, result, (Relation) visit(cross.tablePrimary()),
                        Optional.empty(), List.of(), false, at);
            } else if (part instanceof NaturalJoinContext natural) {
                result = new Relation.Join(joinKind(natural.joinType()), result,
                        (Relation) visit(natural.tablePrimary()), Optional.empty(), List.of(), true, at);
            } else {
                ConditionalJoinContext join = (ConditionalJoinContext) part;
                JoinConditionContext condition = join.joinCondition();
                List<String> using = condition.identifierList() == null
                        ? List.of() : identifiers(condition.identifierList());
                result = new Relation.Join(joinKind(join.joinType()), result, (Relation) visit(join.tablePrimary()),
                        expressions.optional(condition.expr()), using, false, at);
            }
        }
        return result;
    }

    private static Relation.JoinKind joinKind(JoinTypeContext context) {
        if (context == null || context.INNER() != null) {
            return Relation.JoinKind.INNER;
        }
        if (context.LEFT() != null) {
            return Relation.JoinKind.LEFT;
        }
        return context.RIGHT() != null ? Relation.JoinKind.RIGHT : Relation.JoinKind.FULL;
    }

    @Override
    public Relation visitNamedTable(NamedTableContext context) {
        AliasClauseContext alias = context.aliasClause();
        return new Relation.Table(tableName(context.tableName()), alias == null ? Optional.empty()
                : Optional.of(identifier(alias.colId())), columnAliases(alias), position(context));
    }

    @Override
    public Relation visitFunctionTable(FunctionTableContext context) {
        AliasClauseContext alias = context.aliasClause();
        return new Relation.Function(qualifiedName(context.functionName().qualifiedName()),
                expressions.expressions(context.expr()), alias == null ? Optional.empty()
                : Optional.of(identifier(alias.colId())), columnAliases(alias), position(context));
    }

    @Override
    public Relation visitSubqueryTable(SubqueryTableContext context) {
        AliasClauseContext alias = context.aliasClause();
        return new Relation.Subquery(query(context.query()), alias == null ? Optional.empty()
                : Optional.of(identifier(alias.colId())), columnAliases(alias), position(context));
    }

    @Override
    public Relation visitParenthesizedJoin(ParenthesizedJoinContext context) {
        return tableReference(context.tableReference());
    }

    private static List<String> columnAliases(AliasClauseContext alias) {
        return alias == null || alias.identifierList() == null ? List.of() : identifiers(alias.identifierList());
    }

    // ------------------------------------------------------------ names

    QualifiedName qualifiedName(QualifiedNameContext context) {
        List<String> parts = new ArrayList<>();
        for (IdentifierContext part : context.identifier()) {
            parts.add(identifier(part));
        }
        return new QualifiedName(parts, position(context));
    }

    private static QualifiedName tableName(TableNameContext context) {
        List<String> parts = new ArrayList<>();
        parts.add(identifier(context.colId()));
        for (IdentifierContext part : context.identifier()) {
            parts.add(identifier(part));
        }
        return new QualifiedName(parts, position(context));
    }

    private static Optional<String> alias(ColIdContext context) {
        return context == null ? Optional.empty() : Optional.of(identifier(context));
    }

    private static String dottedName(List<IdentifierContext> parts) {
        List<String> names = new ArrayList<>();
        for (IdentifierContext part : parts) {
            names.add(identifier(part));
        }
        return String.join(".", names);
    }

    static List<String> identifiers(IdentifierListContext context) {
        List<String> result = new ArrayList<>();
        for (IdentifierContext identifier : context.identifier()) {
            result.add(identifier(identifier));
        }
        return result;
    }

    static String identifier(IdentifierContext context) {
        return word(context);
    }

    static String identifier(ColIdContext context) {
        return word(context);
    }

    /** The name a one-token rule (identifier, keyword used as a name, label) stands for. */
    private static String word(ParserRuleContext context) {
        return Lexemes.identifier(context.getStart());
    }

    // ------------------------------------------------------------ positions and errors

    static Position position(ParserRuleContext context) {
        return position(context.getStart());
    }

    static Position position(TerminalNode node) {
        return position(node.getSymbol());
    }

    static Position position(Token token) {
        return new Position(token.getStartIndex(), token.getLine(), token.getCharPositionInLine() + 1);
    }

    static RockStreamException error(ErrorCode code, String message, Token at) {
        return RockStreamException.of(code, message)
                .at(at.getStartIndex() + 1, at.getLine(), at.getCharPositionInLine() + 1);
    }

    @Override
    public Object visitChildren(RuleNode node) {
        // every visited alternative has its own method; reaching here is a grammar/builder mismatch
        throw RockStreamException.internal("no AST builder for " + node.getClass().getSimpleName(), null);
    }
}
