package io.rockstream.bench.ivm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Runs the incremental-versus-recompute benchmark at its short size so it never rots:
 * asserts that every view equalled its recompute (and PostgreSQL's refresh) after every
 * change and that every figure is positive, never timings.
 */
class RecomputeBenchmarkTest {

    @Test
    void shortRunMatchesAndMeasuresEveryStep() throws Exception {
        RecomputeReport report = RecomputeBenchmark.run(RecomputeOptions.parse("--short"));

        assertThat(report.steps()).hasSize(
                TpchView.ALL.size() * Step.Method.values().length * Step.Change.values().length);
        assertThat(report.allMatched()).as(report.text()).isTrue();
        assertThat(report.postgresAgreed()).as(report.text()).isTrue();
        assertThat(report.figuresPositive()).as(report.text()).isTrue();
        assertThat(report.steps()).filteredOn(step -> step.change() == Step.Change.ONE_ROW)
                .allSatisfy(step -> assertThat(step.rowsChanged()).isEqualTo(1));
        assertThat(report.steps()).filteredOn(step -> step.change() == Step.Change.HALF)
                .allSatisfy(step -> assertThat(step.rowsChanged()).isBetween(report.lineitems() / 2,
                        report.lineitems() / 2 + 7));
        assertThat(report.steps()).allSatisfy(step -> assertThat(step.postgresRefreshCpu()).isPresent());
        assertThat(report.markdown()).contains("| ivm_q5 | insert | 50% |").contains("| ivm_q3 | update | 1% |");
        assertThat(report.text()).contains("not comparable to official TPC results");
    }

    @Test
    void generatesTheSameRowsEveryTime() {
        TpchData data = new TpchData(0.001);
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        data.rows(TpchData.Table.LINEITEM, fields -> first.append(String.join("|", fields)).append('\n'));
        new TpchData(0.001).rows(TpchData.Table.LINEITEM,
                fields -> second.append(String.join("|", fields)).append('\n'));

        assertThat(first.toString()).isEqualTo(second.toString());
        assertThat(first.toString().lines().count()).isEqualTo(data.lineitems());
        assertThat(data.lineitems()).isBetween(data.orders() * 3, data.orders() * 5);
    }

    @Test
    void parsesOptions() {
        RecomputeOptions options = RecomputeOptions.parse("--scale", "0.5", "--no-postgres");

        assertThat(options.scale()).isEqualTo(0.5);
        assertThat(options.postgres()).isFalse();
        assertThat(RecomputeOptions.parse("--short", "--scale", "0.01").scale()).isEqualTo(0.01);
        assertThatThrownBy(() -> RecomputeOptions.parse("--bogus")).hasMessageContaining("unknown option");
        RecomputeOptions some = RecomputeOptions.parse("--view", "ivm_q5", "--no-half");
        assertThat(some.selectedViews()).containsExactly(TpchView.Q5);
        assertThat(some.half()).isFalse();
        assertThatThrownBy(() -> RecomputeOptions.parse("--view", "q7")).hasMessageContaining("unknown view");
    }
}
