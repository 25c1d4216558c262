package io.rockstream.it;

import static org.assertj.core.api.Assertions.fail;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correctness law against a real PostgreSQL: random tables, views that together use every
 * operator RockStream maintains, then epochs of random inserts, updates and deletes applied to
 * both systems (one {@code BEGIN..COMMIT} per epoch on RockStream). After every epoch each
 * view ({@code SELECT * FROM v}) and its query run ad hoc on RockStream must equal the query
 * recomputed from scratch by PostgreSQL, as multisets compared by value.
 *
 * <p>Every failure names its seed; {@code -Doracle.seed=N} reruns it ({@code -Doracle.epochs},
 * {@code -Doracle.maxSeconds} bound a run). Half the views exist before any data, the other
 * half are created after the first epoch, so both maintenance and the initial load are checked.
 */
class OracleLawTest {
    private static final int DIFF_ROWS = 10;

    @Test
    void randomSeed() throws Exception {
        String property = System.getProperty("oracle.seed");
        long seed = property == null || property.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(property);
        run(seed, Integer.getInteger("oracle.epochs", 200), Integer.getInteger("oracle.maxSeconds", 25));
    }

    /** Seeds that once found bugs (or cover table counts 2, 3 and 4); they always run. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 20240611L})
    void regressionSeeds(long seed) throws Exception {
        run(seed, 60, 10);
    }

    @Tag("soak")
    @Test
    void soak() throws Exception {
        long first = Long.getLong("oracle.seed", ThreadLocalRandom.current().nextLong());
        int seeds = Integer.getInteger("oracle.soak.seeds", 20);
        for (int i = 0; i < seeds; i++) {
            run(first + i, Integer.getInteger("oracle.soak.epochs", 1000), Integer.MAX_VALUE);
        }
    }

    private static void run(long seed, int epochs, int maxSeconds) throws Exception {
        System.out.println("OracleLawTest: seed " + seed + " (reproduce with -Doracle.seed=" + seed + ")");
        Random random = new Random(seed);
        OracleWorkload workload = new OracleWorkload(random);
        List<OracleViews.View> views = OracleViews.build(workload, random);
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        try (Connection postgres = PostgresOracle.newDatabase("oracle");
                Engine engine = Engine.startInMemory();
                SqlSession rock = engine.openSession()) {
            Run state = new Run(seed, postgres, rock);
            for (OracleWorkload.Table table : workload.tables) {
                state.both(table.ddl(), 0);
            }
            for (OracleViews.View view : views) {
                PostgresOracle.execute(postgres, "CREATE VIEW " + view.name() + " AS " + view.postgresSql());
            }
            int late = views.size() / 2;
            for (OracleViews.View view : views.subList(0, late)) {
                state.createView(view, 0);
            }
            for (int epoch = 1; epoch <= epochs && System.nanoTime() < deadline; epoch++) {
                state.epoch(workload.epoch(state.sizes(workload)), epoch);
                if (epoch == 1) {
                    for (OracleViews.View view : views.subList(late, views.size())) {
                        state.createView(view, epoch);
                    }
                }
                state.check(views, epoch);
            }
        }
    }

    /** One run's connections, seed and the messages it fails with. */
    private static final class Run {
        private final long seed;
        private final Connection postgres;
        private final SqlSession rock;

        Run(long seed, Connection postgres, SqlSession rock) {
            this.seed = seed;
            this.postgres = postgres;
            this.rock = rock;
        }

        void both(String sql, int epoch) throws SQLException {
            PostgresOracle.execute(postgres, sql);
            try {
                rock.execute(sql);
            } catch (RuntimeException e) {
                fail(where(epoch) + "RockStream failed on: " + sql + "\n  " + e, e);
            }
        }

        void createView(OracleViews.View view, int epoch) {
            try {
                rock.execute("CREATE MATERIALIZED VIEW " + view.name() + " AS " + view.rockSql());
            } catch (RuntimeException e) {
                fail(where(epoch) + "cannot create view " + view.name() + ": " + e + "\n  SQL: " + view.rockSql(), e);
            }
        }

        List<Long> sizes(OracleWorkload workload) throws SQLException {
            List<Long> sizes = new ArrayList<>();
            for (OracleWorkload.Table table : workload.tables) {
                sizes.add(((Number) PostgresOracle.query(postgres, "SELECT count(*) FROM " + table.name).get(0).get(0)).longValue());
            }
            return sizes;
        }

        void epoch(List<String> statements, int epoch) throws SQLException {
            postgres.setAutoCommit(false);
            try {
                for (String statement : statements) {
                    PostgresOracle.execute(postgres, statement);
                }
                postgres.commit();
            } finally {
                postgres.setAutoCommit(true);
            }
            String current = "BEGIN";
            try {
                rock.execute("BEGIN");
                for (String statement : statements) {
                    current = statement;
                    rock.execute(statement);
                }
                current = "COMMIT";
                rock.execute("COMMIT");
            } catch (RuntimeException e) {
                fail(where(epoch) + "RockStream failed on: " + current + "\n  epoch: " + statements + "\n  " + e, e);
            }
        }

        void check(List<OracleViews.View> views, int epoch) throws SQLException {
            List<String> mismatches = new ArrayList<>();
            for (OracleViews.View view : views) {
                List<List<Object>> expected = normalize(PostgresOracle.query(postgres, "SELECT * FROM " + view.name()));
                compare(mismatches, view, "view", "SELECT * FROM " + view.name(), expected);
                compare(mismatches, view, "ad hoc", view.rockSql(), expected);
            }
            if (!mismatches.isEmpty()) {
                fail(where(epoch) + mismatches.size() + " mismatches\n" + String.join("\n", mismatches));
            }
        }

        private void compare(List<String> mismatches, OracleViews.View view, String mode, String sql,
                List<List<Object>> expected) {
            List<List<Object>> actual;
            try {
                actual = rows(rock.execute(sql));
            } catch (RuntimeException e) {
                mismatches.add("  " + view.name() + " (" + mode + "): " + e + "\n    SQL: " + view.rockSql());
                return;
            }
            OracleValues.Diff diff = OracleValues.diff(expected, actual);
            if (!diff.isEmpty()) {
                mismatches.add("  " + view.name() + " (" + mode + ") differs from PostgreSQL:\n    SQL: " + view.rockSql()
                        + "\n    " + diff.describe(DIFF_ROWS));
            }
        }

        private String where(int epoch) {
            return "seed " + seed + " (reproduce with -Doracle.seed=" + seed + "), epoch " + epoch + ": ";
        }
    }

    private static List<List<Object>> rows(List<StatementResult> results) {
        StatementResult last = results.get(results.size() - 1);
        if (!(last instanceof StatementResult.Rows rows)) {
            throw new IllegalStateException("expected rows, got " + last);
        }
        List<List<Object>> converted = new ArrayList<>();
        for (Row row : rows.rows()) {
            converted.add(OracleValues.normalizeRow(Arrays.asList(row.toArray())));
        }
        return converted;
    }

    private static List<List<Object>> normalize(List<List<Object>> rows) {
        List<List<Object>> normalized = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            normalized.add(OracleValues.normalizeRow(row));
        }
        return normalized;
    }
}
