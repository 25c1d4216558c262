package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL half of {@link OracleLawTest}, runnable before the engine exists: every
 * view's SQL is valid PostgreSQL, the random writes apply, and results compare equal to
 * themselves after normalization.
 */
class OracleWorkloadOnPostgresTest {
    @Test
    void viewsAndWritesRunOnPostgres() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            OracleWorkload workload = new OracleWorkload(random);
            List<OracleViews.View> views = OracleViews.build(workload, random);
            try (Connection postgres = PostgresOracle.newDatabase("workload")) {
                for (OracleWorkload.Table table : workload.tables) {
                    PostgresOracle.execute(postgres, table.ddl());
                }
                for (OracleViews.View view : views) {
                    PostgresOracle.execute(postgres, "CREATE VIEW " + view.name() + " AS " + view.postgresSql());
                }
                long nonEmpty = 0;
                for (int epoch = 0; epoch < 40; epoch++) {
                    List<Long> sizes = new java.util.ArrayList<>();
                    for (OracleWorkload.Table table : workload.tables) {
                        sizes.add((Long) PostgresOracle.query(postgres, "SELECT count(*) FROM " + table.name).get(0).get(0));
                    }
                    for (String statement : workload.epoch(sizes)) {
                        PostgresOracle.execute(postgres, statement);
                    }
                    for (OracleViews.View view : views) {
                        List<List<Object>> rows = PostgresOracle.query(postgres, view.postgresSql());
                        List<List<Object>> normalized = rows.stream().map(OracleValues::normalizeRow).toList();
                        assertThat(OracleValues.diff(normalized, normalized).isEmpty()).isTrue();
                        nonEmpty += rows.isEmpty() ? 0 : 1;
                    }
                }
                assertThat(nonEmpty).as("views with rows, seed " + seed).isGreaterThan(views.size() * 20L);
            }
        }
    }

    @Test
    void topKGetsEveryOutputColumnAsTieBreakOnPostgres() {
        assertThat(OracleViews.postgresForm("SELECT id, k, n FROM t1 ORDER BY n DESC LIMIT 5"))
                .isEqualTo("SELECT id, k, n FROM t1 ORDER BY n DESC, 1, 2, 3 LIMIT 5");
        assertThat(OracleViews.postgresForm("SELECT k, count(*) AS c FROM t GROUP BY k")).isEqualTo("SELECT k, count(*) AS c FROM t GROUP BY k");
    }

    @Test
    void valuesCompareByValueWithTolerance() {
        List<Object> left = OracleValues.normalizeRow(List.of(1, new java.math.BigDecimal("2.50"), 0.1 + 0.2, "a"));
        List<Object> right = OracleValues.normalizeRow(List.of(1L, new java.math.BigDecimal("2.5"), 0.3, "a"));
        assertThat(OracleValues.rowsEqual(left, right)).isTrue();
        assertThat(OracleValues.equal(new java.math.BigDecimal("1.0000000000000000001"), new java.math.BigDecimal("1"))).isTrue();
        assertThat(OracleValues.equal(new java.math.BigDecimal("1.001"), new java.math.BigDecimal("1"))).isFalse();
        assertThat(OracleValues.equal("a", "A")).isFalse();
        OracleValues.Diff diff = OracleValues.diff(List.of(left, left), List.of(right));
        assertThat(diff.missing()).hasSize(1);
        assertThat(diff.extra()).isEmpty();
    }
}
