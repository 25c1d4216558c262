package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.QueryBody;
import io.rockstream.compiler.ast.QueryBody.SetOperation;
import io.rockstream.compiler.ast.QueryBody.SetOperator;
import io.rockstream.compiler.ast.Relation;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.ast.TypeName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatementParserTest {

    private static Statement single(String sql) {
        List<Statement> statements = SqlParser.parse(sql);
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    private static Query query(String sql) {
        return ((Statement.QueryStatement) single(sql)).query();
    }

    private static QueryBody.Select select(String sql) {
        return (QueryBody.Select) query(sql).body();
    }

    @Test
    void scriptsSkipEmptyStatements() {
        assertThat(SqlParser.parse("")).isEmpty();
        assertThat(SqlParser.parse(" ; ;; -- nothing\n")).isEmpty();
        List<Statement> statements = SqlParser.parse("SELECT 1; /* a /* nested */ comment */ SELECT 2;");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).position()).isEqualTo(new Position(39, 1, 40));
    }

    @Test
    void createTable() {
        Statement.CreateTable table = (Statement.CreateTable) single("""
                CREATE TABLE IF NOT EXISTS s.Orders (
                    id bigint PRIMARY KEY,
                    "Name" varchar(20) NOT NULL UNIQUE,
                    amount numeric(10, 2) NULL DEFAULT 0.0,
                    at timestamp DEFAULT now() NOT NULL,
                    CONSTRAINT pk PRIMARY KEY (id, "Name"),
                    UNIQUE (amount)
                )""");
        assertThat(table.name().parts()).containsExactly("s", "orders");
        assertThat(table.ifNotExists()).isTrue();
        assertThat(table.primaryKey()).containsExactly("id", "Name");
        assertThat(table.columns()).extracting(Statement.ColumnDefinition::name)
                .containsExactly("id", "Name", "amount", "at");
        Statement.ColumnDefinition id = table.columns().get(0);
        assertThat(id.primaryKey()).isTrue();
        assertThat(id.type()).isEqualTo(new TypeName("bigint", List.of(), new Position(45, 2, 8)));
        assertThat(table.columns().get(1).notNull()).isTrue();
        assertThat(table.columns().get(1).type().name()).isEqualTo("varchar");
        assertThat(table.columns().get(2).notNull()).isFalse();
        assertThat(table.columns().get(2).type().modifiers()).containsExactly(10, 2);
        assertThat(ExpressionPrinter.print(table.columns().get(2).defaultValue().orElseThrow())).isEqualTo("0.0");
        assertThat(table.columns().get(3).notNull()).isTrue();
        assertThat(ExpressionPrinter.print(table.columns().get(3).defaultValue().orElseThrow())).isEqualTo("now()");
    }

    @Test
    void drop() {
        Statement.Drop drop = (Statement.Drop) single("DROP MATERIALIZED VIEW IF EXISTS a, s.b CASCADE");
        assertThat(drop.kind()).isEqualTo(Statement.ObjectKind.MATERIALIZED_VIEW);
        assertThat(drop.names()).extracting(Object::toString).containsExactly("a", "s.b");
        assertThat(drop.ifExists()).isTrue();
        assertThat(drop.cascade()).isTrue();
        Statement.Drop table = (Statement.Drop) single("drop table t restrict");
        assertThat(table.kind()).isEqualTo(Statement.ObjectKind.TABLE);
        assertThat(table.cascade()).isFalse();
        assertThat(((Statement.Drop) single("DROP VIEW v")).kind()).isEqualTo(Statement.ObjectKind.VIEW);
    }

    @Test
    void createView() {
        String sql = "CREATE OR REPLACE MATERIALIZED VIEW IF NOT EXISTS v (a, b) WITH (parallelism = 4, mode = 'x')"
                + " AS SELECT x, count(*) FROM t GROUP BY x ;";
        Statement.CreateView view = (Statement.CreateView) single(sql);
        assertThat(view.materialized()).isTrue();
        assertThat(view.orReplace()).isTrue();
        assertThat(view.ifNotExists()).isTrue();
        assertThat(view.columnNames()).containsExactly("a", "b");
        assertThat(view.options()).extracting(Statement.Option::key, Statement.Option::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("parallelism", "4"),
                        org.assertj.core.groups.Tuple.tuple("mode", "x"));
        assertThat(view.sql()).isEqualTo("SELECT x, count(*) FROM t GROUP BY x");
        assertThat(view.query().body()).isInstanceOf(QueryBody.Select.class);
        Statement.CreateView plain = (Statement.CreateView) single("create view v as with w as (select 1) select * from w");
        assertThat(plain.materialized()).isFalse();
        assertThat(plain.sql()).isEqualTo("with w as (select 1) select * from w");
    }

    @Test
    void insert() {
        Statement.Insert insert = (Statement.Insert) single("INSERT INTO t1(e,c) VALUES(103,DEFAULT),(1,2)");
        assertThat(insert.columns()).containsExactly("e", "c");
        QueryBody.Values values = (QueryBody.Values) insert.source().body();
        assertThat(values.rows()).hasSize(2);
        assertThat(values.rows().get(0).get(1)).isInstanceOf(Expression.Default.class);
        Statement.Insert fromSelect = (Statement.Insert) single("INSERT INTO t SELECT * FROM u");
        assertThat(fromSelect.columns()).isEmpty();
        assertThat(fromSelect.source().body()).isInstanceOf(QueryBody.Select.class);
        Statement.Insert defaults = (Statement.Insert) single("INSERT INTO t DEFAULT VALUES");
        assertThat(((QueryBody.Values) defaults.source().body()).rows()).containsExactly(List.of());
    }

    @Test
    void updateAndDelete() {
        Statement.Update update = (Statement.Update) single("UPDATE t AS u SET a = a + 1, b = DEFAULT WHERE u.c = 1");
        assertThat(update.alias()).contains("u");
        assertThat(update.assignments()).extracting(Statement.Assignment::column).containsExactly("a", "b");
        assertThat(update.assignments().get(1).value()).isInstanceOf(Expression.Default.class);
        assertThat(update.where()).isPresent();
        Statement.Update bare = (Statement.Update) single("UPDATE t SET a = 1");
        assertThat(bare.alias()).isEmpty();
        assertThat(bare.where()).isEmpty();
        assertThat(((Statement.Update) single("UPDATE t x SET a = 1")).alias()).contains("x");
        Statement.Delete delete = (Statement.Delete) single("DELETE FROM t x WHERE x.a > 1");
        assertThat(delete.alias()).contains("x");
        assertThat(delete.where()).isPresent();
        assertThat(((Statement.Delete) single("DELETE FROM t")).where()).isEmpty();
    }

    @Test
    void explainShowSetAndTransactions() {
        Statement.Explain explain = (Statement.Explain) single("EXPLAIN SELECT 1");
        assertThat(explain.incremental()).isFalse();
        assertThat(explain.statement()).containsInstanceOf(Statement.QueryStatement.class);
        Statement.Explain incremental = (Statement.Explain) single("EXPLAIN INCREMENTAL CREATE VIEW v AS SELECT 1");
        assertThat(incremental.incremental()).isTrue();
        assertThat(incremental.statement()).containsInstanceOf(Statement.CreateView.class);
        Statement.Explain view = (Statement.Explain) single("EXPLAIN INCREMENTAL my_view");
        assertThat(view.view().orElseThrow().parts()).containsExactly("my_view");
        assertThat(view.statement()).isEmpty();

        assertThat(((Statement.Show) single("SHOW TABLES")).what()).isEqualTo("tables");
        assertThat(((Statement.Show) single("show views")).what()).isEqualTo("views");
        assertThat(((Statement.Show) single("SHOW MATERIALIZED VIEWS")).what()).isEqualTo("materialized views");
        assertThat(((Statement.Show) single("SHOW ALL")).what()).isEqualTo("all");
        assertThat(((Statement.Show) single("SHOW search_path")).what()).isEqualTo("search_path");
        assertThat(((Statement.Show) single("SHOW TIME ZONE")).what()).isEqualTo("timezone");

        Statement.Set set = (Statement.Set) single("SET SESSION search_path TO 'a', b");
        assertThat(set.name()).isEqualTo("search_path");
        assertThat(set.value()).isEqualTo("a, b");
        assertThat(((Statement.Set) single("SET extra_float_digits = 3")).value()).isEqualTo("3");
        assertThat(((Statement.Set) single("SET LOCAL x = DEFAULT")).value()).isNull();
        assertThat(((Statement.Set) single("SET datestyle = ISO")).value()).isEqualTo("iso");
        assertThat(((Statement.Set) single("SET TIME ZONE 'UTC'")).name()).isEqualTo("timezone");

        assertThat(SqlParser.parse("BEGIN; BEGIN WORK; START TRANSACTION; COMMIT; END TRANSACTION; ROLLBACK; ABORT"))
                .extracting(statement -> ((Statement.Transaction) statement).action())
                .containsExactly(Statement.TransactionAction.BEGIN, Statement.TransactionAction.BEGIN,
                        Statement.TransactionAction.BEGIN, Statement.TransactionAction.COMMIT,
                        Statement.TransactionAction.COMMIT, Statement.TransactionAction.ROLLBACK,
                        Statement.TransactionAction.ROLLBACK);
    }

    @Test
    void selectClauses() {
        QueryBody.Select select = select(
                "SELECT DISTINCT a AS x, b y, t.*, *, c \"Z\", d AS select FROM t WHERE a > 1 GROUP BY 1, b HAVING count(*) > 2");
        assertThat(select.distinct()).isTrue();
        assertThat(select.items()).hasSize(6);
        assertThat(((QueryBody.ExpressionItem) select.items().get(0)).alias()).contains("x");
        assertThat(((QueryBody.ExpressionItem) select.items().get(1)).alias()).contains("y");
        assertThat(((QueryBody.AllColumns) select.items().get(2)).qualifier().orElseThrow().parts())
                .containsExactly("t");
        assertThat(((QueryBody.AllColumns) select.items().get(3)).qualifier()).isEmpty();
        assertThat(((QueryBody.ExpressionItem) select.items().get(4)).alias()).contains("Z");
        assertThat(((QueryBody.ExpressionItem) select.items().get(5)).alias()).contains("select");
        assertThat(select.where()).isPresent();
        assertThat(select.groupBy()).extracting(ExpressionPrinter::print).containsExactly("1", "b");
        assertThat(select.having()).isPresent();
        assertThat(select("SELECT ALL 1").distinct()).isFalse();
        assertThat(select("SELECT").items()).isEmpty();
        assertThat(select("SELECT 1").from()).isEmpty();
    }

    @Test
    void orderByLimitOffsetFetch() {
        Query query = query("SELECT a FROM t ORDER BY a DESC NULLS FIRST, b ASC, c NULLS LAST LIMIT 10 OFFSET 5");
        assertThat(query.orderBy()).extracting(Query.OrderItem::descending).containsExactly(true, false, false);
        assertThat(query.orderBy()).extracting(Query.OrderItem::nullsFirst)
                .containsExactly(Optional.of(true), Optional.empty(), Optional.of(false));
        assertThat(query.limit().map(ExpressionPrinter::print)).contains("10");
        assertThat(query.offset().map(ExpressionPrinter::print)).contains("5");
        assertThat(query("SELECT a FROM t LIMIT ALL").limit()).isEmpty();
        Query fetch = query("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY");
        assertThat(fetch.limit().map(ExpressionPrinter::print)).contains("3");
        assertThat(fetch.offset().map(ExpressionPrinter::print)).contains("2");
        assertThat(query("SELECT a FROM t FETCH NEXT ROW ONLY").limit().map(ExpressionPrinter::print)).contains("1");
    }

    @Test
    void setOperationsBindIntersectTighterAndAssociateLeft() {
        SetOperation union = (SetOperation) query(
                "SELECT 1 UNION SELECT 2 INTERSECT ALL SELECT 3 EXCEPT DISTINCT SELECT 4").body();
        assertThat(union.operator()).isEqualTo(SetOperator.EXCEPT);
        assertThat(union.all()).isFalse();
        SetOperation left = (SetOperation) union.left();
        assertThat(left.operator()).isEqualTo(SetOperator.UNION);
        SetOperation intersect = (SetOperation) left.right();
        assertThat(intersect.operator()).isEqualTo(SetOperator.INTERSECT);
        assertThat(intersect.all()).isTrue();

        Query nested = query("(SELECT a FROM t ORDER BY a LIMIT 3) UNION ALL (SELECT b FROM u) ORDER BY 1");
        SetOperation operation = (SetOperation) nested.body();
        assertThat(operation.all()).isTrue();
        assertThat(operation.left()).isInstanceOf(QueryBody.Nested.class);
        assertThat(operation.right()).isInstanceOf(QueryBody.Select.class);
        assertThat(nested.orderBy()).hasSize(1);

        SetOperation grouped = (SetOperation) query("SELECT 1 EXCEPT (SELECT 2 UNION SELECT 3)").body();
        assertThat(grouped.right()).isInstanceOf(SetOperation.class);
        assertThat(query("VALUES (1, 'a'), (2, 'b')").body()).isInstanceOf(QueryBody.Values.class);
        assertThat(query("TABLE t").body()).isInstanceOf(QueryBody.Select.class);
    }

    @Test
    void with() {
        Query query = query("WITH a (x) AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b");
        assertThat(query.with()).extracting(Query.CommonTableExpression::name).containsExactly("a", "b");
        assertThat(query.with().get(0).columnNames()).containsExactly("x");
    }

    @Test
    void joins() {
        QueryBody.Select select = select("""
                SELECT * FROM a, b AS x (c1, c2)
                  JOIN c ON x.c1 = c.c1
                  LEFT OUTER JOIN d USING (c1)
                  RIGHT JOIN e ON true
                  FULL JOIN f ON true
                  CROSS JOIN g
                  NATURAL LEFT JOIN h
                  INNER JOIN (i JOIN j ON true) ON true""");
        assertThat(select.from()).hasSize(2);
        assertThat(select.from().get(0)).isEqualTo(new Relation.Table(
                new io.rockstream.compiler.ast.QualifiedName(List.of("a"), new Position(14, 1, 15)),
                Optional.empty(), List.of(), new Position(14, 1, 15)));
        Relation.Join last = (Relation.Join) select.from().get(1);
        assertThat(last.kind()).isEqualTo(Relation.JoinKind.INNER);
        assertThat(last.right()).isInstanceOf(Relation.Join.class);
        Relation.Join natural = (Relation.Join) last.left();
        assertThat(natural.natural()).isTrue();
        assertThat(natural.kind()).isEqualTo(Relation.JoinKind.LEFT);
        Relation.Join cross = (Relation.Join) natural.left();
        assertThat(cross.kind()).isEqualTo(Relation.JoinKind.CROSS);
        Relation.Join full = (Relation.Join) cross.left();
        assertThat(full.kind()).isEqualTo(Relation.JoinKind.FULL);
        Relation.Join right = (Relation.Join) full.left();
        assertThat(right.kind()).isEqualTo(Relation.JoinKind.RIGHT);
        Relation.Join using = (Relation.Join) right.left();
        assertThat(using.kind()).isEqualTo(Relation.JoinKind.LEFT);
        assertThat(using.using()).containsExactly("c1");
        Relation.Join inner = (Relation.Join) using.left();
        assertThat(inner.on()).isPresent();
        Relation.Table aliased = (Relation.Table) inner.left();
        assertThat(aliased.alias()).contains("x");
        assertThat(aliased.columnAliases()).containsExactly("c1", "c2");
    }

    @Test
    void subqueriesInFrom() {
        QueryBody.Select select = select("SELECT * FROM (SELECT 1) AS s (a), (VALUES (2)) v, (SELECT 3)");
        Relation.Subquery first = (Relation.Subquery) select.from().get(0);
        assertThat(first.alias()).contains("s");
        assertThat(first.columnAliases()).containsExactly("a");
        assertThat(((Relation.Subquery) select.from().get(1)).alias()).contains("v");
        assertThat(((Relation.Subquery) select.from().get(2)).alias()).isEmpty();
    }

    @Test
    void keywordsAsNames() {
        QueryBody.Select select = select(
                "SELECT key, value, date, time, year, text, name, type, first, last, count, sum, left, right"
                        + " FROM data AS year JOIN time ON year.key = time.key");
        assertThat(select.items()).hasSize(14);
        Statement.CreateTable table = (Statement.CreateTable) single(
                "CREATE TABLE events (key int, value text, date date, time time, year int, name text, type text,"
                        + " first int, last int, count bigint, sum numeric, timestamp timestamp, interval interval)");
        assertThat(table.columns()).extracting(Statement.ColumnDefinition::name).contains("date", "timestamp");
        assertThat(select("SELECT 1 AS from").items().get(0)).extracting(item -> ((QueryBody.ExpressionItem) item)
                .alias().orElseThrow()).isEqualTo("from");
        QueryBody.Select bare = select("SELECT extract(year FROM d) year, a date, b first, INTERVAL '1' day FROM t");
        assertThat(bare.items()).extracting(item -> ((QueryBody.ExpressionItem) item).alias().orElse("-"))
                .containsExactly("year", "date", "first", "-");
        Relation.Table left = (Relation.Table) ((Relation.Join) select("SELECT * FROM a LEFT JOIN b ON true")
                .from().get(0)).left();
        assertThat(left.alias()).isEmpty();
    }
}
