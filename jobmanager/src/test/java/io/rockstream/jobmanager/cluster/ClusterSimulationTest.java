package io.rockstream.jobmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster coordinator under the seeded simulator: TaskManagers killed, cut off and
 * restarted, the JobManager restarted, messages reordered, lost and duplicated. Every seed
 * checks the rules after each event (placement on live TaskManagers within their slots,
 * key groups covered, restores from the latest complete checkpoint only, checkpoints that
 * complete only with every subtask of the same attempt) and that every job runs and
 * checkpoints again once the faults stop. A failing seed names itself; replay it with
 * {@code -Dcluster.seed=N}.
 */
class ClusterSimulationTest {
    private static final long FIRST_SEED = Long.getLong("cluster.firstSeed", 1);

    private static ClusterSimulator run(long seed) {
        ClusterSimulator simulator = new ClusterSimulator(seed);
        simulator.run(40_000, 30_000);
        return simulator;
    }

    @Test
    void thousandsOfSeeds() {
        String replay = System.getProperty("cluster.seed");
        if (replay != null) {
            run(Long.parseLong(replay));
            return;
        }
        long crashes = 0;
        long cuts = 0;
        long jobManagerRestarts = 0;
        long restarts = 0;
        long checkpoints = 0;
        long events = 0;
        int seeds = Integer.getInteger("cluster.seeds", 2_000);
        for (long seed = FIRST_SEED; seed < FIRST_SEED + seeds; seed++) {
            ClusterSimulator simulator = run(seed);
            crashes += simulator.crashes;
            cuts += simulator.cuts;
            jobManagerRestarts += simulator.jobManagerRestarts;
            restarts += simulator.restarts;
            checkpoints += simulator.completedCheckpoints;
            events += simulator.events;
        }
        System.out.printf("cluster simulation: %d seeds, %d events, %d TaskManager crashes, %d network cuts,"
                + " %d JobManager restarts, %d job restarts, %d checkpoints completed%n", seeds, events, crashes, cuts,
                jobManagerRestarts, restarts, checkpoints);
        // the faults really happened, and work got done through them
        assertThat(crashes).isGreaterThan(seeds);
        assertThat(cuts).isGreaterThan(seeds);
        assertThat(jobManagerRestarts).isGreaterThan(seeds / 4);
        assertThat(restarts).isGreaterThan(seeds);
        assertThat(checkpoints).isGreaterThan(10L * seeds);
    }

    /**
     * Seeds that once caught a broken coordinator, kept so the same break is caught first:
     * 4 when events of stale attempts were accepted (a job "ran" with subtasks of an older
     * attempt), 1 when a restart restored nothing instead of the latest checkpoint.
     */
    @Test
    void regressionSeeds() {
        for (long seed : new long[] {4, 1}) {
            ClusterSimulator simulator = run(seed);
            assertThat(simulator.restarts).as("seed %d restarts jobs", seed).isPositive();
        }
    }

    @Test
    @Tag("soak")
    void aHundredThousandSeeds() {
        for (long seed = 1_000_000; seed < 1_100_000; seed++) {
            run(seed);
        }
    }
}
