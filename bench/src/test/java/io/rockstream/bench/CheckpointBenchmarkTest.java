package io.rockstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the checkpoint benchmark end to end at a tiny size (two sizes, a killed child JVM)
 * so it never rots. Asserts the shape of the output and that the figures are sane (an
 * incremental checkpoint uploads less state than a full one, recovery restores both views
 * and replays the killed writer's log), never timings.
 */
class CheckpointBenchmarkTest {

    @Test
    void producesEveryFigure(@TempDir Path storage) throws Exception {
        CheckpointOptions options = new CheckpointOptions(List.of(2_000L, 6_000L), 1_000, 200, 100, 0.01, 5, 20,
                Optional.of(storage), Optional.empty());

        CheckpointBenchmark.Result result = CheckpointBenchmark.run(options);

        assertThat(result.outcomes()).extracting(CheckpointBenchmark.Outcome::rows).containsExactly(2_000L, 6_000L);
        for (CheckpointBenchmark.Outcome outcome : result.outcomes()) {
            assertThat(outcome.changedRows()).isEqualTo(outcome.rows() / 100);
            // the table's rows are in the checkpoint, in the JobManager snapshot or in the state
            assertThat(outcome.full().snapshotBytes() + outcome.full().stateUploadedBytes())
                    .isGreaterThan(outcome.rows() * 200);
            assertThat(outcome.rowBytes()).isEqualTo(220);
            // state on disk: the local RocksDB directory and the object store's state/ hold the rows
            assertThat(outcome.localStateBytes()).isGreaterThan(outcome.rows() * 200);
            assertThat(outcome.storedStateBytes()).isGreaterThanOrEqualTo(outcome.full().stateUploadedBytes());
            assertThat(outcome.full().snapshotBytes()).isPositive();
            assertThat(outcome.full().stateUploadedBytes()).isPositive();
            assertThat(outcome.full().stateReusedBytes()).isZero();
            assertThat(outcome.incremental().id()).isGreaterThan(outcome.full().id());
            assertThat(outcome.incremental().stateUploadedBytes()).isPositive()
                    .isLessThan(outcome.full().stateUploadedBytes());
            assertThat(outcome.incremental().stateReusedBytes()).isPositive();
            assertThat(outcome.recovered().restoredViews()).isEqualTo(2);
            assertThat(outcome.recovered().replayedRecords()).isZero();
            assertThat(outcome.replayed()).hasValueSatisfying(replayed -> {
                assertThat(replayed.replayedRecords()).isGreaterThanOrEqualTo(20);
                assertThat(replayed.restoredViews()).isEqualTo(2);
            });
            assertThat(outcome.startSeconds()).isPositive();
            assertThat(outcome.firstWriteMillis()).isPositive();
            assertThat(outcome.line()).startsWith("checkpoint (").contains("full ", "incremental ", "recovery of ",
                    "log records to replay");
        }
        Figures figures = result.figures();
        assertThat(figures.all()).allSatisfy(figure -> assertThat(figure.value()).isFinite());
        assertThat(figures.all()).extracting(Figures.Figure::section).contains(
                "2,000 rows: load", "2,000 rows: full checkpoint", "2,000 rows: incremental checkpoint",
                "2,000 rows: recovery from the checkpoint", "2,000 rows: recovery with log replay",
                "6,000 rows: memory");
        assertThat(figures.all()).extracting(Figures.Figure::name).contains(
                "engine.checkpoint(): wall", "RocksDB state uploaded", "RocksDB state reused",
                "incremental / full: state bytes uploaded", "Engine.start(): wall until ready",
                "first write after recovery: round trip", "peak resident set of this JVM so far (VmHWM)",
                "local RocksDB directory on disk", "local RocksDB directory restored", "object store state/");
        assertThat(CheckpointBenchmark.table(result.outcomes()).lines()).hasSize(4);
        try (Stream<Path> left = Files.list(storage)) {
            assertThat(left).as("the benchmark deletes the storage it created").isEmpty();
        }
    }

    @Test
    void parsesOptions() {
        CheckpointOptions options = CheckpointOptions.parse("--sizes", "100000,1_000_000", "--change", "0.01",
                "--replay-writes", "0", "--storage", "/tmp/x", "--pad-bytes", "4_000");

        assertThat(options.sizes()).containsExactly(100_000L, 1_000_000L);
        assertThat(options.changes(1_000_000)).isEqualTo(10_000);
        assertThat(options.replayWrites()).isZero();
        assertThat(options.storage()).contains(Path.of("/tmp/x"));
        assertThat(options.batch()).isEqualTo(CheckpointOptions.BATCH);
        assertThat(options.padBytes()).isEqualTo(4_000);
        assertThat(CheckpointOptions.defaults().padBytes()).isEqualTo(PaddedRows.DEFAULT_PAD_LENGTH);
    }
}
