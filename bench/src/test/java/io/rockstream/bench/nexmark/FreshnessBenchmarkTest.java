package io.rockstream.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The freshness benchmark end to end at its short size (a few seconds): a smoke test, not a timing test. */
class FreshnessBenchmarkTest {
    @Test
    void everyProbeShowsInTheViewAndTheLoadedPhaseOffersHalfTheHighestRate() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FreshnessBenchmark.Options options = new FreshnessBenchmark.Options(2, 1_000, 40, 1, 2, 7, FreshnessBenchmark.DEFAULT_VIEWS);
        FreshnessBenchmark.Result result = new FreshnessBenchmark(options,
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(result.highestRate()).isPositive();
        for (FreshnessBenchmark.Phase phase : new FreshnessBenchmark.Phase[] {result.idle(), result.loaded()}) {
            assertThat(phase.writeToVisible().size()).isEqualTo(40);
            // a write cannot show before it was sent, and no write is seen before its epoch completed
            assertThat(phase.writeToVisible().min()).isPositive();
            assertThat(phase.writeToAck().min()).isPositive();
        }
        assertThat(result.idle().offeredRate()).isZero();
        assertThat(result.loaded().offeredRate()).isEqualTo(result.highestRate() / 2);
        // the paced writers really wrote: at least a quarter of the highest rate got through
        assertThat(result.loaded().achievedRate()).isGreaterThan(result.highestRate() / 4);
        assertThat(output).contains("freshness highest sustained rate", "freshness idle", "freshness 50% load")
                .contains(result.summary());
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> FreshnessBenchmark.Options.parse("--probes", "0"))
                .hasMessageContaining("positive").hasMessageContaining("usage:");
        assertThatThrownBy(() -> FreshnessBenchmark.Options.parse("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThat(FreshnessBenchmark.Options.parse("--short", "--probes", "5").probes()).isEqualTo(5);
        assertThat(FreshnessBenchmark.Options.parse("--views", "none").views()).isEmpty();
        assertThat(FreshnessBenchmark.Options.parse("--views", "q5,q9").views()).containsExactly("q5", "q9");
        assertThatThrownBy(() -> FreshnessBenchmark.Options.parse("--views", "q12"))
                .hasMessageContaining("runnable Nexmark queries");
    }
}
