package io.rockstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the incremental SQL core benchmark end to end at a tiny size so it never rots.
 * Asserts that every figure was produced and that no write was invisible when
 * acknowledged, never timings.
 */
class CoreBenchmarkTest {

    @Test
    void producesEveryFigure() throws Exception {
        CoreOptions options = new CoreOptions(5_000, 50, 1_000, 5, 3, 10, 20, 100, 1, true, Optional.empty());

        Figures figures = CoreBenchmark.run(options);

        List<String> names = figures.all().stream().map(Figures.Figure::name).toList();
        assertThat(names).contains(
                "load throughput",
                "load throughput per core",
                "heap per loaded row",
                "both views, ours: process CPU",
                "UPDATE t SET v = v + 1 WHERE k = ?: Java threads CPU",
                "ad-hoc SELECT k, g, v FROM t WHERE k = ? (scans t): Java threads CPU",
                "INSERT one row: Java threads CPU",
                "INSERT one row: process CPU, mean",
                "both views, PostgreSQL: wall",
                "both views, PostgreSQL: backend CPU",
                "our recompute / single-row INSERT (Java threads CPU)",
                "PostgreSQL REFRESH backend CPU / single-row INSERT CPU",
                "PostgreSQL REFRESH wall / single-row INSERT wall",
                "background writer throughput");
        assertThat(figures.all().stream().filter(f -> f.section().startsWith("freshness"))
                .filter(f -> f.name().startsWith("single-row INSERT round trip")).count()).isEqualTo(6);
        assertThat(figures.all()).allSatisfy(figure -> assertThat(figure.value()).isFinite());
        assertThat(figures.value("writes not visible in agg and j when acknowledged")).isZero();
        assertThat(figures.value("writes not visible in agg when acknowledged")).isZero();
        assertThat(figures.markdown()).contains("| load | load throughput |");
    }

    @Test
    void parsesOptions() {
        CoreOptions options = CoreOptions.parse("--rows", "1000", "--batch", "50", "--no-postgres");

        assertThat(options.rows()).isEqualTo(1000);
        assertThat(options.batch()).isEqualTo(50);
        assertThat(options.postgres()).isFalse();
        assertThat(options.groups()).isEqualTo(10_000);
    }
}
