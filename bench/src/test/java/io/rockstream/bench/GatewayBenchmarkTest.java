package io.rockstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the gateway benchmark end to end at a tiny size (2,000 rows, one second a case, a
 * real child server and PostgreSQL) so it never rots. Asserts that every case ran and
 * answered correctly (the program checks every row it reads), never timings.
 */
class GatewayBenchmarkTest {

    @Test
    void measuresEveryCaseOnBothSystems(@TempDir Path storage) throws Exception {
        GatewayOptions options = new GatewayOptions(2_000, 50, 1, 0, List.of(2), List.of("kv", "agg", "t"), 500,
                "256m", List.of(), Optional.of(storage), Optional.empty());

        GatewayBenchmark.Result result = GatewayBenchmark.run(options);

        assertThat(result.comparisons()).hasSize(6);
        assertThat(result.comparisons()).extracting(GatewayBenchmark.Comparison::target)
                .containsExactly("kv", "kv", "agg", "agg", "t", "t");
        assertThat(result.comparisons()).allSatisfy(comparison -> {
            assertThat(comparison.postgres().queries()).isPositive();
            assertThat(comparison.rockstream().queries()).isPositive();
            assertThat(comparison.ratio()).isPositive().isFinite();
        });
        assertThat(result.ingests()).extracting(GatewayBenchmark.Ingest::name)
                .containsExactly("COPY text", "COPY csv", "INSERTs of 1000 rows");
        assertThat(result.ingests()).allSatisfy(ingest -> {
            assertThat(ingest.postgresRowsPerSecond()).isPositive();
            assertThat(ingest.rockstreamRowsPerSecond().isPresent() || ingest.rockstreamError().isPresent()).isTrue();
        });
        assertThat(result.ingests().get(2).rockstreamRowsPerSecond()).hasValueSatisfying(
                rate -> assertThat(rate).isPositive());
        assertThat(result.table()).contains("| kv | simple | 2 |", "| agg | prepared | 2 |", "COPY csv");
    }

    @Test
    void parsesOptions() {
        GatewayOptions options = GatewayOptions.parse("--rows", "1_000", "--clients", "10,50", "--targets", "kv",
                "--server-jvm-option", "-XX:+FlightRecorder", "--seconds", "5");

        assertThat(options.rows()).isEqualTo(1_000);
        assertThat(options.clients()).containsExactly(10, 50);
        assertThat(options.targets()).containsExactly("kv");
        assertThat(options.serverJvmOptions()).containsExactly("-XX:+FlightRecorder");
        assertThat(options.seconds()).isEqualTo(5);
    }
}
