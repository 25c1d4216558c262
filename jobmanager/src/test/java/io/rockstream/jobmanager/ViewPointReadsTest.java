package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.binder.QueryBinder;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.query.PointReads;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point reads of GROUP BY views by their group key ({@link PointReads} over the views'
 * key index) answer what a job answers, and the GROUP BY view's answer is the one a model of
 * the table gives: random inserts, updates and deletes (of single rows and of whole groups,
 * NULL groups included) over many epochs, and after each batch reads of present, deleted,
 * never-seen and NULL groups. In memory, with storage, and across a restart from a checkpoint.
 * The seed is printed; {@code -Dviewpointreads.seed=N} replays one.
 */
class ViewPointReadsTest {
    private static final String SCHEMA = """
            CREATE TABLE t (id int PRIMARY KEY, g int, h text, v bigint);
            CREATE MATERIALIZED VIEW agg AS SELECT g, count(*) AS n, sum(v) AS total, min(v) AS low, max(v) AS high
              FROM t GROUP BY g;
            CREATE MATERIALIZED VIEW pairs AS SELECT h, max(v) AS high, g, count(*) AS n FROM t GROUP BY g, h
              HAVING count(*) < 4;
            """;

    /** Templates: {g} a group (present, deleted, or never seen), {h} a value of h. The fast path answers them all. */
    private static final List<String> QUERIES = List.of(
            "SELECT * FROM agg WHERE g = {g}",
            "SELECT * FROM agg WHERE g IS NULL",
            "SELECT n, total FROM agg WHERE g = {g}::bigint AND n > 1",
            "SELECT low, high, g FROM agg WHERE g = {g}.0",
            "SELECT * FROM pairs WHERE g = {g} AND h = '{h}'",
            "SELECT high FROM pairs WHERE h IS NULL AND g = {g}",
            "SELECT n FROM pairs WHERE g IS NULL AND h = '{h}'");

    @TempDir
    Path storage;

    @Test
    void inMemoryGroupReadsEqualJobsAndTheModel() {
        try (Engine engine = Engine.startInMemory()) {
            run(engine, Long.getLong("viewpointreads.seed", System.nanoTime()));
        }
    }

    @Test
    void storedGroupReadsEqualJobsAndTheModel() {
        try (Engine engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)))) {
            run(engine, Long.getLong("viewpointreads.seed", System.nanoTime()));
        }
    }

    private static void run(Engine engine, long seed) {
        System.out.println("ViewPointReadsTest seed " + seed + " (replay with -Dviewpointreads.seed=" + seed + ")");
        Random random = new Random(seed);
        Model model = new Model();
        Map<String, Integer> kinds = new TreeMap<>();
        try (SqlSession writer = engine.openSession(); SqlSession reader = engine.openSession()) {
            writer.execute(SCHEMA);
            for (int round = 0; round < 40; round++) {
                writer.execute(model.writes(random));
                for (int q = 0; q < 30; q++) {
                    String kind = readOne(engine, reader, model, random, seed);
                    kinds.merge(kind, 1, Integer::sum);
                }
            }
        }
        assertThat(kinds).as("groups read (seed " + seed + ")").containsKeys("present", "deleted", "never", "null");
    }

    /** One random read, checked; what kind of group it read. */
    private static String readOne(Engine engine, SqlSession session, Model model, Random random, long seed) {
        String template = QUERIES.get(random.nextInt(QUERIES.size()));
        String kind;
        Integer group;
        int pick = random.nextInt(10);
        if (pick < 2 && !model.deleted().isEmpty()) {
            List<Integer> deleted = new ArrayList<>(model.deleted());
            deleted.sort(null);
            group = deleted.get(random.nextInt(deleted.size()));
            kind = "deleted";
        } else if (pick < 3) {
            group = 100 + random.nextInt(10);
            kind = "never";
        } else {
            group = random.nextInt(Model.GROUPS);
            kind = model.groupRows(group).isEmpty() ? "absent" : "present";
        }
        if (template.contains("g IS NULL")) {
            kind = "null";
        }
        String sql = template.replace("{g}", String.valueOf(group))
                .replace("{h}", Model.TEXTS[random.nextInt(Model.TEXTS.length - 1)]);
        assertThat(PointReadsTest.compareOne(engine, session, sql, seed))
                .as(sql + " (seed " + seed + "): answered by the fast path").isTrue();
        if (template.startsWith("SELECT * FROM agg WHERE g ")) {
            Integer read = template.contains("IS NULL") ? null : group;
            assertThat(fast(engine, sql).stream().map(ViewPointReadsTest::numbers).toList())
                    .as(sql + " (seed " + seed + "): as the model says").isEqualTo(model.aggregate(read));
        }
        return kind;
    }

    private static LogicalPlan plan(Engine engine, String sql) {
        return new QueryBinder(engine.catalog()).bind(((Statement.QueryStatement) SqlParser.parse(sql).get(0)).query())
                .plan();
    }

    private static List<Row> fast(Engine engine, String sql) {
        Optional<List<Row>> rows = PointReads.run(plan(engine, sql), engine.catalog(), engine.coordinator());
        assertThat(rows).as(sql + ": answered by the fast path").isPresent();
        return rows.get();
    }

    /** A row of numbers (or NULLs) as longs, whatever their SQL type. */
    private static List<Long> numbers(Row row) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            values.add(row.get(i) == null ? null : ((Number) row.get(i)).longValue());
        }
        return values;
    }

    /** What the table holds, id → (g, h, v), and the groups that existed once and are gone. */
    private static final class Model {
        static final int GROUPS = 8;
        static final String[] TEXTS = {"a", "b", "c", null};
        private final Map<Integer, Object[]> rows = new HashMap<>();
        private final Set<Integer> everSeen = new HashSet<>();
        private int nextId;

        Set<Integer> deleted() {
            Set<Integer> gone = new HashSet<>(everSeen);
            for (Object[] row : rows.values()) {
                gone.remove(row[0]);
            }
            return gone;
        }

        List<Object[]> groupRows(Integer group) {
            return rows.values().stream().filter(row -> Objects.equals(row[0], group)).toList();
        }

        /** agg's rows for {@code group}: none, or (g, n, total, low, high). */
        List<List<Long>> aggregate(Integer group) {
            List<Object[]> members = groupRows(group);
            if (members.isEmpty()) {
                return List.of();
            }
            long total = 0;
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            for (Object[] row : members) {
                long v = (Long) row[2];
                total += v;
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            return List.of(Arrays.asList(group == null ? null : (long) group, (long) members.size(), total, low, high));
        }

        /** A script of random writes, each applied to the model too; some in one transaction (one epoch). */
        String writes(Random random) {
            StringBuilder sql = new StringBuilder();
            boolean transaction = random.nextInt(3) == 0;
            if (transaction) {
                sql.append("BEGIN;");
            }
            for (int i = 0; i < 8; i++) {
                List<Integer> ids = new ArrayList<>(rows.keySet());
                ids.sort(null);
                int operation = ids.isEmpty() ? 0 : random.nextInt(10);
                if (operation < 4) {
                    Integer g = random.nextInt(7) == 0 ? null : random.nextInt(GROUPS);
                    String h = TEXTS[random.nextInt(TEXTS.length)];
                    long v = random.nextInt(101) - 50;
                    int id = nextId++;
                    rows.put(id, new Object[] {g, h, v});
                    sql.append("INSERT INTO t VALUES (").append(id).append(", ").append(g).append(", ")
                            .append(h == null ? "NULL" : "'" + h + "'").append(", ").append(v).append(");");
                    if (g != null) {
                        everSeen.add(g);
                    }
                } else if (operation < 6) {
                    int id = ids.get(random.nextInt(ids.size()));
                    Integer g = random.nextInt(7) == 0 ? null : random.nextInt(GROUPS);
                    Object[] row = rows.get(id);
                    rows.put(id, new Object[] {g, row[1], (Long) row[2] + 1});
                    sql.append("UPDATE t SET g = ").append(g).append(", v = v + 1 WHERE id = ").append(id).append(';');
                    if (g != null) {
                        everSeen.add(g);
                    }
                } else if (operation < 9) {
                    int id = ids.get(random.nextInt(ids.size()));
                    rows.remove(id);
                    sql.append("DELETE FROM t WHERE id = ").append(id).append(';');
                } else {
                    Integer g = random.nextInt(5) == 0 ? null : random.nextInt(GROUPS);
                    rows.values().removeIf(row -> Objects.equals(row[0], g));
                    sql.append("DELETE FROM t WHERE g ").append(g == null ? "IS NULL" : "= " + g).append(';');
                }
            }
            if (transaction) {
                sql.append("COMMIT;");
            }
            return sql.toString();
        }
    }

    // ------------------------------------------------------------------ restart

    private Engine start() {
        return Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage))
                .withCheckpoints(5, 0, 2));
    }

    @Test
    void aRestartedEngineReadsGroupsByKey() {
        long seed = Long.getLong("viewpointreads.seed", System.nanoTime());
        System.out.println("ViewPointReadsTest restart seed " + seed + " (replay with -Dviewpointreads.seed=" + seed
                + ")");
        Random random = new Random(seed);
        Model model = new Model();
        try (Engine first = start(); SqlSession session = first.openSession()) {
            session.execute(SCHEMA);
            for (int round = 0; round < 12; round++) {
                session.execute(model.writes(random));
            }
            first.awaitCheckpoint();
            // writes after the checkpoint come back from the log
            session.execute(model.writes(random));
            checkEveryGroup(first, session, model, seed);
        }
        try (Engine second = start(); SqlSession session = second.openSession()) {
            // the views came back from the checkpoint with their contents (and so their key index)
            assertThat(second.recovered().restoredViews()).isEqualTo(2);
            checkEveryGroup(second, session, model, seed);
            for (int round = 0; round < 5; round++) {
                session.execute(model.writes(random));
            }
            checkEveryGroup(second, session, model, seed);
        }
    }

    /** Every group, NULL and some never seen, by the fast path: as the job and the model say. */
    private static void checkEveryGroup(Engine engine, SqlSession session, Model model, long seed) {
        List<Integer> groups = new ArrayList<>(Arrays.asList(null, 100, 101));
        for (int g = 0; g < Model.GROUPS; g++) {
            groups.add(g);
        }
        for (Integer group : groups) {
            String sql = "SELECT * FROM agg WHERE g " + (group == null ? "IS NULL" : "= " + group);
            assertThat(PointReadsTest.compareOne(engine, session, sql, seed)).as(sql + ": fast").isTrue();
            assertThat(fast(engine, sql).stream().map(ViewPointReadsTest::numbers).toList())
                    .as(sql + " (seed " + seed + "): as the model says").isEqualTo(model.aggregate(group));
            for (String h : new String[] {"a", "b"}) {
                String pair = "SELECT * FROM pairs WHERE h = '" + h + "' AND g "
                        + (group == null ? "IS NULL" : "= " + group);
                assertThat(PointReadsTest.compareOne(engine, session, pair, seed)).as(pair + ": fast").isTrue();
            }
        }
    }
}
