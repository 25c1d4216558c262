package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.binder.QueryBinder;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.query.PointReads;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import io.rockstream.taskmanager.operator.RowOrdering;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point reads without a job ({@link PointReads}) answer exactly what a one-epoch job answers:
 * random writes to keyed tables with views over them, and after each batch random key-bounded
 * queries run three ways: a job over a full read of every input (no key lookup at all), the
 * fast path alone, and the session (which takes the fast path when it applies). Rows must be
 * equal as multisets, and an error must be the same error (SQLSTATE and message). In memory
 * and with storage (contents in RocksDB). The seed is printed; {@code -Dpointreads.seed=N}
 * replays one.
 */
class PointReadsTest {
    private static final String SCHEMA = """
            CREATE TABLE a (id bigint PRIMARY KEY, name text, score int);
            CREATE TABLE b (x int, y text, z numeric(10,2), PRIMARY KEY (x, y));
            CREATE TABLE nokey (id bigint, name text);
            CREATE MATERIALIZED VIEW av AS SELECT id, name, score * 2 AS doubled FROM a WHERE score > 10;
            CREATE MATERIALIZED VIEW ar AS SELECT score, id AS ident, 1000 / score AS inverse FROM a;
            CREATE MATERIALIZED VIEW bv AS SELECT y, z, x FROM b;
            CREATE MATERIALIZED VIEW whole AS SELECT * FROM a;
            CREATE MATERIALIZED VIEW agg AS SELECT name, count(*) AS n FROM a GROUP BY name;
            CREATE MATERIALIZED VIEW nv AS SELECT id, name FROM nokey;
            """;

    /**
     * Query templates: {k} a key of a, {x}/{y} a key of b, {s} a score. True: the fast path
     * must answer some of them (not all: an error falls back to the job); false: none.
     */
    private static final Map<String, Boolean> QUERIES = new TreeMap<>(Map.ofEntries(
            Map.entry("SELECT * FROM a WHERE id = {k}", true),
            Map.entry("SELECT name, score + 1 FROM a WHERE id = {k} AND score > {s}", true),
            Map.entry("SELECT score FROM a WHERE {k} = id ORDER BY score", true),
            Map.entry("SELECT * FROM a WHERE id = {k}::bigint", true),
            Map.entry("SELECT 10 / (score - {s}) FROM a WHERE id = {k}", true),
            Map.entry("SELECT * FROM av WHERE id = {k}", true),
            Map.entry("SELECT doubled, name FROM av WHERE id = {k} AND doubled > {s}", true),
            Map.entry("SELECT * FROM ar WHERE ident = {k}", true),
            Map.entry("SELECT * FROM bv WHERE x = {x} AND y = '{y}'", true),
            Map.entry("SELECT z FROM b WHERE y = '{y}' AND x = {x}", true),
            Map.entry("SELECT * FROM bv WHERE x = {x}", false),
            Map.entry("SELECT * FROM whole WHERE id = {k}", true),
            Map.entry("SELECT * FROM agg WHERE name = 'n{s}'", true),
            Map.entry("SELECT n FROM agg WHERE name = 'n{s}' AND n > 1", true),
            Map.entry("SELECT * FROM agg WHERE name IS NULL", true),
            Map.entry("SELECT * FROM nv WHERE id = {k}", false),
            Map.entry("SELECT * FROM a WHERE id = {k} OR id = {s}", false),
            Map.entry("SELECT * FROM a WHERE id = {k} LIMIT 1", false),
            // scans: no key fixed, read whole without a job, compared with the job all the same
            Map.entry("SELECT name, score FROM a WHERE score > {s}", false),
            Map.entry("SELECT * FROM agg", false),
            Map.entry("SELECT doubled / 2 FROM av WHERE doubled > {s} OR name IS NULL", false),
            Map.entry("SELECT x, z FROM bv", false)));

    @TempDir
    Path storage;

    @Test
    void inMemoryPointReadsEqualJobs() {
        try (Engine engine = Engine.startInMemory()) {
            compare(engine, Long.getLong("pointreads.seed", System.nanoTime()));
        }
    }

    @Test
    void storedPointReadsEqualJobs() {
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)))) {
            compare(engine, Long.getLong("pointreads.seed", System.nanoTime()));
        }
    }

    private static void compare(Engine engine, long seed) {
        System.out.println("PointReadsTest seed " + seed + " (replay with -Dpointreads.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<String, Integer> fast = new TreeMap<>();
        try (SqlSession writer = engine.openSession(); SqlSession reader = engine.openSession()) {
            writer.execute(SCHEMA);
            for (int round = 0; round < 40; round++) {
                writer.execute(writes(random));
                for (int q = 0; q < 25; q++) {
                    List<String> templates = new ArrayList<>(QUERIES.keySet());
                    String template = templates.get(random.nextInt(templates.size()));
                    String sql = template.replace("{k}", String.valueOf(random.nextInt(30)))
                            .replace("{s}", String.valueOf(random.nextInt(40)))
                            .replace("{x}", String.valueOf(random.nextInt(6)))
                            .replace("{y}", "y" + random.nextInt(4));
                    if (compareOne(engine, reader, sql, seed)) {
                        fast.merge(template, 1, Integer::sum);
                    }
                }
            }
        }
        QUERIES.forEach((template, expectFast) -> {
            if (expectFast) {
                assertThat(fast.getOrDefault(template, 0)).as("fast point reads of " + template).isPositive();
            } else {
                assertThat(fast).as("fast point reads").doesNotContainKey(template);
            }
        });
    }

    /** Runs {@code sql} three ways and compares them; true when the fast path answered by key. */
    static boolean compareOne(Engine engine, SqlSession session, String sql, long seed) {
        LogicalPlan plan = new QueryBinder(engine.catalog())
                .bind(((Statement.QueryStatement) SqlParser.parse(sql).get(0)).query()).plan();
        Outcome expected = outcome(() -> engine.queries().run(plan, relations -> engine.coordinator()
                .read(relations, relation -> Optional.empty())));
        Optional<List<Row>> fastRows;
        try {
            fastRows = PointReads.run(plan, engine.catalog(), engine.coordinator());
        } catch (RockStreamException error) {
            fastRows = Optional.empty();
            assertThat(Outcome.of(error)).as(sql + " (seed " + seed + "): error of the fast path").isEqualTo(expected);
        }
        fastRows.ifPresent(rows -> assertThat(Outcome.of(rows)).as(sql + " (seed " + seed + "): fast path")
                .isEqualTo(expected));
        Outcome viaSession = outcome(() -> ((StatementResult.Rows) session.execute(sql).get(0)).rows());
        assertThat(viaSession.error()).as(sql + " (seed " + seed + "): session error").isEqualTo(expected.error());
        if (expected.error() == null) {
            assertThat(viaSession.rows()).as(sql + " (seed " + seed + "): session rows")
                    .containsExactlyInAnyOrderElementsOf(expected.rows());
        }
        return fastRows.isPresent() && PointReads.keyed(plan, engine.catalog());
    }

    /** A query's answer: its rows (sorted, so equal multisets compare equal) or its error. */
    private record Outcome(List<Row> rows, String error) {
        static Outcome of(List<Row> rows) {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(RowOrdering.total(List.of()));
            return new Outcome(sorted, null);
        }

        static Outcome of(RockStreamException error) {
            return new Outcome(null, error.code().sqlState() + " " + error.getMessage());
        }
    }

    private static Outcome outcome(java.util.function.Supplier<List<Row>> query) {
        try {
            return Outcome.of(query.get());
        } catch (RockStreamException error) {
            return Outcome.of(error);
        }
    }

    /** A script of random single-row and key-less writes; scores 0 make ar's 1000 / score fail for a while. */
    private static String writes(Random random) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            int id = random.nextInt(30);
            int x = random.nextInt(6);
            String y = "y" + random.nextInt(4);
            switch (random.nextInt(7)) {
                case 0, 1 -> sql.append("DELETE FROM a WHERE id = ").append(id).append(";INSERT INTO a VALUES (")
                        .append(id).append(", 'n").append(random.nextInt(5)).append("', ")
                        .append(random.nextInt(12) == 0 ? 0 : random.nextInt(40)).append(");");
                case 2 -> sql.append("UPDATE a SET score = score + ").append(random.nextInt(5) + 1)
                        .append(" WHERE id = ").append(id).append(';');
                case 3 -> sql.append("DELETE FROM a WHERE id = ").append(id).append(';');
                case 4 -> sql.append("DELETE FROM b WHERE x = ").append(x).append(" AND y = '").append(y)
                        .append("';INSERT INTO b VALUES (").append(x).append(", '").append(y).append("', ")
                        .append(random.nextInt(1000)).append(".25);");
                case 5 -> sql.append("INSERT INTO nokey VALUES (").append(id).append(", 'n").append(id).append("');");
                default -> sql.append("UPDATE a SET score = 1 WHERE score = 0;");
            }
        }
        return sql.toString();
    }

    @Test
    void aReaderSeesEveryWriteAcknowledgedBeforeItsReadAndNeverGoesBack() throws Exception {
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)));
                SqlSession writer = engine.openSession(); SqlSession reader = engine.openSession()) {
            writer.execute("CREATE TABLE a (id bigint PRIMARY KEY, name text, score int);"
                    + "CREATE MATERIALIZED VIEW av AS SELECT id, name, score * 2 AS doubled FROM a WHERE score > 10;"
                    + "INSERT INTO a VALUES (7, 'seven', 11)");
            LogicalPlan plan = new QueryBinder(engine.catalog()).bind(((Statement.QueryStatement) SqlParser
                    .parse("SELECT doubled FROM av WHERE id = 7").get(0)).query()).plan();
            assertThat(PointReads.run(plan, engine.catalog(), engine.coordinator())).as("the fast path applies")
                    .hasValueSatisfying(rows -> assertThat(rows).singleElement()
                            .satisfies(row -> assertThat(((Number) row.get(0)).longValue()).isEqualTo(22)));
            AtomicLong acknowledged = new AtomicLong(11);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writes = new Thread(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        writer.execute("UPDATE a SET score = score + 1 WHERE id = 7");
                        acknowledged.incrementAndGet();
                    }
                } catch (Throwable error) {
                    failure.set(error);
                }
            });
            writes.start();
            long last = 0;
            int reads = 0;
            while (writes.isAlive() || reads == 0) {
                long floor = acknowledged.get();
                List<Row> rows = ((StatementResult.Rows) reader.execute("SELECT doubled FROM av WHERE id = 7").get(0))
                        .rows();
                assertThat(rows).hasSize(1);
                long score = ((Number) rows.get(0).get(0)).longValue() / 2;
                assertThat(score).as("read %d: acknowledged before the read", reads).isGreaterThanOrEqualTo(floor);
                assertThat(score).as("read %d: never older than the read before", reads).isGreaterThanOrEqualTo(last);
                last = score;
                reads++;
            }
            writes.join();
            assertThat(failure.get()).isNull();
            assertThat(((StatementResult.Rows) reader.execute("SELECT doubled FROM av WHERE id = 7").get(0)).rows())
                    .singleElement().satisfies(row -> assertThat(((Number) row.get(0)).longValue()).isEqualTo(622));
        }
    }

    /**
     * {@code sql}: the fast path, the job and the session agree (rows or error), and the fast
     * path answered iff {@code fast}; the rows as text, sorted.
     */
    private static List<String> agreed(Engine engine, SqlSession session, String sql, boolean fast) {
        assertThat(compareOne(engine, session, sql, 0)).as("the fast path answers " + sql).isEqualTo(fast);
        List<String> rows = new ArrayList<>();
        for (Row row : ((StatementResult.Rows) session.execute(sql).get(0)).rows()) {
            rows.add(row.toString());
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aGroupByViewIsReadByItsGroupKey() {
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)));
                SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE t (id bigint PRIMARY KEY, g int, v int, h text);"
                    + "INSERT INTO t VALUES (1, 42, 5, 'a'), (2, 42, 7, 'b'), (3, NULL, 1, 'a'), (4, NULL, 2, 'a'),"
                    + " (5, 7, 1, NULL), (6, 8, 3, 'c');"
                    + "CREATE MATERIALIZED VIEW agg AS SELECT g, count(*) AS n, sum(v) AS total, min(v) AS low,"
                    + " max(v) AS high FROM t GROUP BY g;"
                    + "DELETE FROM t WHERE id = 5");
            assertThat(agreed(engine, session, "SELECT * FROM agg WHERE g = 42", true))
                    .containsExactly("[42, 2, 12, 5, 7]");
            assertThat(agreed(engine, session, "SELECT high, n FROM agg WHERE 42 = g AND total > 11", true))
                    .containsExactly("[7, 2]");
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 42 AND total > 12", true)).isEmpty();
            // the NULL group is one row; g = NULL matches nothing
            assertThat(agreed(engine, session, "SELECT n, total FROM agg WHERE g IS NULL", true))
                    .containsExactly("[2, 3]");
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = NULL", false)).isEmpty();
            // a group whose rows were all deleted, and one that never was
            assertThat(agreed(engine, session, "SELECT * FROM agg WHERE g = 7", true)).isEmpty();
            assertThat(agreed(engine, session, "SELECT * FROM agg WHERE g = 1000", true)).isEmpty();
            // comparable types: the integer column widened to bigint or numeric, and literals cast to it
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 42::bigint", true)).containsExactly("[2]");
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 42.00", true)).containsExactly("[2]");
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = '42'", true)).containsExactly("[2]");
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 42::smallint", true))
                    .containsExactly("[2]");
            // values no int column holds: the job answers (nothing)
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 42.5", false)).isEmpty();
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 4200000000", false)).isEmpty();
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g + 0 = 42", false)).containsExactly("[2]");
            // the index follows later epochs: a group changes, one disappears, one appears
            session.execute("UPDATE t SET v = 100 WHERE id = 1; DELETE FROM t WHERE id = 6;"
                    + "INSERT INTO t VALUES (9, 7, 4, 'z')");
            assertThat(agreed(engine, session, "SELECT * FROM agg WHERE g = 42", true))
                    .containsExactly("[42, 2, 107, 7, 100]");
            assertThat(agreed(engine, session, "SELECT * FROM agg WHERE g = 8", true)).isEmpty();
            assertThat(agreed(engine, session, "SELECT n FROM agg WHERE g = 7", true)).containsExactly("[1]");
        }
    }

    @Test
    void aViewKeyIsWhereTheGroupKeysComeOutUnchanged() {
        try (Engine engine = Engine.startInMemory(); SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE t (id bigint PRIMARY KEY, g int, v int, h text, c char(3));"
                    + "INSERT INTO t VALUES (1, 1, 5, 'a', 'x'), (2, 1, 7, 'b', 'x'), (3, 2, 1, 'a', 'y'),"
                    + " (4, 2, 2, 'a', 'y'), (5, NULL, 1, NULL, NULL);"
                    + "CREATE MATERIALIZED VIEW two AS SELECT count(*) AS n, h, g + 1 AS next, g FROM t GROUP BY g, h;"
                    + "CREATE MATERIALIZED VIEW busy AS SELECT g, sum(v) AS total FROM t GROUP BY g"
                    + " HAVING count(*) > 1;"
                    + "CREATE MATERIALIZED VIEW dropped AS SELECT h, count(*) AS n FROM t GROUP BY g, h;"
                    + "CREATE MATERIALIZED VIEW computed AS SELECT g + 1 AS next, count(*) AS n FROM t GROUP BY g;"
                    + "CREATE MATERIALIZED VIEW total AS SELECT count(*) AS n FROM t;"
                    + "CREATE MATERIALIZED VIEW pairs AS SELECT DISTINCT h, g FROM t;"
                    + "CREATE MATERIALIZED VIEW chars AS SELECT c, count(*) AS n FROM t GROUP BY c;"
                    + "CREATE MATERIALIZED VIEW joined AS SELECT t.g, count(*) AS n FROM t JOIN t AS u ON t.h = u.h"
                    + " GROUP BY t.g");
            assertThat(viewKey(engine, "two")).containsExactly(3, 1);
            assertThat(viewKey(engine, "busy")).containsExactly(0);
            assertThat(viewKey(engine, "pairs")).isNull();
            assertThat(viewKey(engine, "joined")).containsExactly(0);
            assertThat(viewKey(engine, "dropped")).isNull();
            assertThat(viewKey(engine, "computed")).isNull();
            assertThat(viewKey(engine, "total")).isNull();
            assertThat(agreed(engine, session, "SELECT * FROM two WHERE g = 1 AND h = 'b'", true))
                    .containsExactly("[1, b, 2, 1]");
            assertThat(agreed(engine, session, "SELECT n FROM two WHERE h IS NULL AND g IS NULL", true))
                    .containsExactly("[1]");
            // every key column must be fixed: g alone matches two rows of `two`
            assertThat(agreed(engine, session, "SELECT n, h FROM two WHERE g = 1", false))
                    .containsExactly("[1, a]", "[1, b]");
            assertThat(agreed(engine, session, "SELECT total FROM busy WHERE g = 2", true)).containsExactly("[3]");
            assertThat(agreed(engine, session, "SELECT total FROM busy WHERE g IS NULL", true)).isEmpty();
            // DISTINCT has no key index (it would store every row twice)
            assertThat(agreed(engine, session, "SELECT * FROM pairs WHERE g = 2 AND h = 'a'", false))
                    .containsExactly("[a, 2]");
            assertThat(agreed(engine, session, "SELECT n FROM joined WHERE g = 1", true)).containsExactly("[4]");
            assertThat(agreed(engine, session, "SELECT n FROM dropped WHERE h = 'a'", false))
                    .containsExactly("[1]", "[2]");
            assertThat(agreed(engine, session, "SELECT n FROM computed WHERE next = 2", false)).containsExactly("[2]");
            // char(n): = ignores trailing spaces, the index does not
            assertThat(agreed(engine, session, "SELECT n FROM chars WHERE c = 'x'", false)).containsExactly("[2]");
        }
    }

    private static List<Integer> viewKey(Engine engine, String view) {
        return io.rockstream.jobmanager.catalog.ViewKey.of(engine.catalog().entry(view).orElseThrow().job())
                .map(key -> java.util.Arrays.stream(key).boxed().toList()).orElse(null);
    }

    @Test
    void keysWhoseEqualityIsNotTheIndexEqualityAreLeftToTheJob() {
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)));
                SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE c (k char(3) PRIMARY KEY, v int); INSERT INTO c VALUES ('ab', 1);"
                    + "CREATE TABLE i (k interval PRIMARY KEY, v int); INSERT INTO i VALUES ('1 month', 2)");
            // 'ab' is stored as 'ab ', and char's = ignores the padding; '1 month' = '30 days'
            for (String sql : List.of("SELECT v FROM c WHERE k = 'ab'", "SELECT v FROM i WHERE k = '30 days'")) {
                LogicalPlan plan = new QueryBinder(engine.catalog())
                        .bind(((Statement.QueryStatement) SqlParser.parse(sql).get(0)).query()).plan();
                assertThat(PointReads.keyed(plan, engine.catalog())).as(sql).isFalse();
                // read as a scan instead, which finds the row
                assertThat(PointReads.run(plan, engine.catalog(), engine.coordinator())).as(sql)
                        .hasValueSatisfying(rows -> assertThat(rows).hasSize(1));
                assertThat(engine.queries().run(plan, relations -> engine.coordinator()
                        .read(relations, relation -> Optional.empty()))).as(sql).hasSize(1);
            }
        }
    }

    @Test
    void aViewWithDataErrorsFailsAPointReadAsItFailsAJob() {
        try (Engine engine = Engine.startInMemory(); SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE t (id bigint PRIMARY KEY, g int, v int);"
                    + "CREATE MATERIALIZED VIEW inverse AS SELECT g, sum(100 / v) AS s FROM t GROUP BY g;"
                    + "INSERT INTO t VALUES (1, 1, 5), (2, 2, 4)");
            assertThat(agreed(engine, session, "SELECT s FROM inverse WHERE g = 1", true)).containsExactly("[20]");
            session.execute("INSERT INTO t VALUES (3, 2, 0)");
            LogicalPlan plan = new QueryBinder(engine.catalog()).bind(((Statement.QueryStatement) SqlParser
                    .parse("SELECT s FROM inverse WHERE g = 1").get(0)).query()).plan();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> PointReads.run(plan, engine.catalog(), engine.coordinator()))
                    .isInstanceOf(RockStreamException.class).hasMessageContaining("division by zero");
            compareOne(engine, session, "SELECT s FROM inverse WHERE g = 1", 0);
        }
    }
}
