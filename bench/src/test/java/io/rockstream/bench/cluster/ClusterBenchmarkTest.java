package io.rockstream.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster benchmark at smoke size, so it does not rot: real TaskManager processes, the
 * views checked against their queries, figures that are really measured.
 */
class ClusterBenchmarkTest {
    @TempDir
    Path work;

    @Test
    void scalingOverTwoTaskManagersMeasuresThroughputAndTheExchange() throws Exception {
        ClusterBenchmark.Options options = ClusterBenchmark.Options.parse(new String[] {"--rows", "8000",
                "--parallelism", "4"});
        ClusterBenchmark.Scaling run = ClusterBenchmark.scaling(work, 2, options);
        assertThat(run.matched()).as("views equal their queries").isTrue();
        assertThat(run.rowsPerSecond()).isPositive();
        assertThat(run.cpuSeconds()).as("CPU of the JobManager and both TaskManagers").isPositive();
        assertThat(run.jobPlaneBytes()).as("job plane: inputs out, view changes back").isGreaterThan(8000L * 8);
        assertThat(run.exchangeRows()).as("rows hashed to the other TaskManager").isPositive();
        assertThat(run.exchangeBytes()).isGreaterThan(run.exchangeRows());
    }

    @Test
    void recoveryIsTimedFromTheKillAndTheViewsStillMatch() throws Exception {
        ClusterBenchmark.Options options = ClusterBenchmark.Options.parse(new String[] {"--parallelism", "3"});
        ClusterBenchmark.Recovery rebuilt = ClusterBenchmark.recovery(work, 5_000, options, false);
        assertThat(rebuilt.matched()).isTrue();
        assertThat(rebuilt.recoveryMillis()).isPositive();
        assertThat(rebuilt.restores()).as("heap state: rebuilt from the inputs").isZero();
        // orders with notes the join keeps in its state
        ClusterBenchmark.Options padded = ClusterBenchmark.Options.parse(new String[] {"--parallelism", "3",
                "--pad-bytes", "100"});
        ClusterBenchmark.Recovery restored = ClusterBenchmark.recovery(work, 5_000, padded, true);
        assertThat(restored.matched()).isTrue();
        assertThat(restored.restores()).as("RocksDB state: restored from the checkpoint").isPositive();
        assertThat(restored.restored().families()).as("the lost slots' state families imported whole").isPositive();
        assertThat(restored.restored().bytes()).as("the notes are in the restored state")
                .isGreaterThan(5_000L * 100 / 3 / 2);
        ClusterBenchmark.Rebalance rebalance = restored.rebalance();
        assertThat(rebalance.moves()).as("views moved to the TaskManager that joined").isPositive();
        assertThat(rebalance.millis()).as("the load became even").isNotNegative();
        assertThat(rebalance.matched()).as("views equal their queries after the moves").isTrue();
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> ClusterBenchmark.Options.parse(new String[] {"--nodes", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage: ClusterBenchmark");
        assertThatThrownBy(() -> ClusterBenchmark.Options.parse(new String[] {"--rows"}))
                .hasMessageContaining("--rows needs a value");
    }
}
