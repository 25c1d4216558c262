package io.rockstream.jobmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobmanager.SeededRuns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link CheckpointRound} through seeded checkpoints: jobs placed on random processes
 * (some not asked: lost before the checkpoint), views on processes and in the JobManager,
 * answers and silences in random order, second answers and strays from processes not
 * asked, processes answering without a state, jobs placed again meanwhile (an answer naming
 * another deployment) or busy (not idle), views moving. After every event the round is
 * complete exactly when every process asked has settled, and its first word counts; at the
 * end it records exactly the views whose every slot's process answered with the job idle at
 * the deployment asked about, plus the JobManager's own views, never a moving one. A failing
 * seed is printed.
 */
class CheckpointRoundSimulationTest {
    private static final String LOCAL = "";

    @Test
    void thousandsOfSeedsRecordExactlyTheViewsEverySlotOfWhichAnswered() {
        SeededRuns.forSeeds("CheckpointRound", 5_000, seed -> new Run(seed).run());
    }

    @Test
    @Tag("soak")
    void aHundredThousandSeeds() {
        SeededRuns.forSeeds("CheckpointRound", 100_000, seed -> new Run(seed).run());
    }

    @Test
    void aRunIsAFunctionOfItsSeed() {
        assertThat(new Run(42).run()).isEqualTo(new Run(42).run());
        assertThat(new Run(42).run()).isNotEqualTo(new Run(43).run());
    }

    @Test
    void aJobIsHeldWhenEverySlotAnsweredIdleAtItsDeployment() {
        JobId job = JobId.of("v");
        CheckpointRound round = new CheckpointRound(Set.of("a", "b"), Map.of(job,
                new CheckpointRound.Placement(2, List.of("a", "b", "a"))));
        assertThat(round.answered("c", answer(job, 2))).as("not asked").isFalse();
        assertThat(round.answered("a", answer(job, 2))).isTrue();
        assertThat(round.silent("a")).as("settled already").isFalse();
        assertThat(round.complete()).isFalse();
        assertThat(round.answered("b", answer(job, 1))).as("counts, but for another deployment").isTrue();
        assertThat(round.complete()).isTrue();
        assertThat(round.holds(job)).isFalse();
        Map<String, CheckpointRound.View> views = new LinkedHashMap<>();
        views.put("v", new CheckpointRound.View(job, 3));
        views.put("w", new CheckpointRound.View(JobId.of("w"), 2));
        assertThat(round.where(views, Set.of(), LOCAL)).containsExactly(Map.entry("w", List.of(LOCAL, LOCAL)));

        round = new CheckpointRound(Set.of("a", "b"), Map.of(job, new CheckpointRound.Placement(2,
                List.of("a", "b", "a"))));
        round.answered("b", answer(job, 2));
        round.answered("a", answer(job, 2));
        assertThat(round.where(views, Set.of(), LOCAL)).containsEntry("v", List.of("a", "b", "a"));
        assertThat(round.where(views, Set.of("v"), LOCAL)).as("moving: left out").doesNotContainKey("v");
    }

    private static CheckpointRound.Answer answer(JobId job, long attempt) {
        return new CheckpointRound.Answer(new byte[] {1}, Map.of(job, attempt));
    }

    /** One seeded checkpoint; {@link #run} returns its trace. */
    private static final class Run {
        private final Random random;
        private final List<String> trace = new ArrayList<>();

        Run(long seed) {
            this.random = new Random(seed);
        }

        List<String> run() {
            List<String> hosts = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                hosts.add("tm-" + i);
            }
            Set<String> asked = new TreeSet<>();
            hosts.forEach(host -> {
                if (random.nextInt(6) != 0) {
                    asked.add(host);
                }
            });
            Map<JobId, CheckpointRound.Placement> placements = new HashMap<>();
            Map<String, CheckpointRound.View> views = new LinkedHashMap<>();
            for (int i = 0, n = random.nextInt(5); i < n; i++) {
                JobId job = JobId.of("v" + i);
                int slots = 1 + random.nextInt(4);
                if (random.nextInt(4) != 0) {
                    List<String> where = new ArrayList<>();
                    for (int slot = 0; slot < slots; slot++) {
                        where.add(hosts.get(random.nextInt(hosts.size())));
                    }
                    placements.put(job, new CheckpointRound.Placement(1 + random.nextInt(3), where));
                }
                views.put("v" + i, new CheckpointRound.View(job, slots));
            }
            // what each process asked will say: an answer (its jobs idle at their deployment, at another
            // one, or busy; sometimes no state at all) or silence
            Map<String, CheckpointRound.Answer> says = new HashMap<>();
            for (String host : asked) {
                if (random.nextInt(5) == 0) {
                    continue; // silent: lost, failed, out of time
                }
                Map<JobId, Long> idle = new HashMap<>();
                placements.forEach((job, placement) -> {
                    if (placement.slots().contains(host)) {
                        int fate = random.nextInt(6);
                        if (fate < 4) {
                            idle.put(job, placement.attempt());
                        } else if (fate == 4) {
                            idle.put(job, placement.attempt() + 1); // placed again meanwhile
                        } // else busy: not idle
                    }
                });
                says.put(host, new CheckpointRound.Answer(random.nextInt(8) == 0 ? new byte[0] : new byte[] {1},
                        idle));
            }
            CheckpointRound round = new CheckpointRound(asked, placements);
            List<String> events = new ArrayList<>(asked);
            for (int i = random.nextInt(4); i > 0; i--) {
                events.add(hosts.get(random.nextInt(hosts.size()))); // second words, and strays from processes not asked
            }
            Collections.shuffle(events, random);
            Set<String> settled = new HashSet<>();
            Map<String, CheckpointRound.Answer> counted = new HashMap<>();
            for (String host : events) {
                boolean first = asked.contains(host) && !settled.contains(host);
                CheckpointRound.Answer answer = says.get(host);
                boolean silence = answer == null || random.nextInt(10) == 0 && !first;
                if (silence) {
                    assertThat(round.silent(host)).as("silence of %s settles it exactly when first", host)
                            .isEqualTo(first);
                    trace.add("silent " + host);
                } else {
                    boolean counts = first && answer.state().length > 0;
                    assertThat(round.answered(host, answer)).as("answer of %s counts", host).isEqualTo(counts);
                    if (counts) {
                        counted.put(host, answer);
                    }
                    trace.add("answer " + host + (counts ? "" : " (ignored)"));
                }
                if (first) {
                    settled.add(host);
                }
                assertThat(round.complete()).as("complete exactly when every process asked settled")
                        .isEqualTo(settled.containsAll(asked));
                assertThat(round.answers()).isEqualTo(counted);
            }
            assertThat(round.complete()).isTrue();
            assertThat(round.waiting()).isEmpty();
            Set<String> moving = new HashSet<>();
            views.keySet().forEach(view -> {
                if (random.nextInt(5) == 0) {
                    moving.add(view);
                }
            });
            Map<String, List<String>> where = round.where(views, moving, LOCAL);
            views.forEach((name, view) -> {
                CheckpointRound.Placement placement = placements.get(view.job());
                boolean everySlot = placement != null && placement.slots().stream().allMatch(host ->
                        counted.containsKey(host) && Long.valueOf(placement.attempt())
                                .equals(counted.get(host).idleJobs().get(view.job())));
                assertThat(round.holds(view.job())).as("%s held", name).isEqualTo(everySlot);
                if (moving.contains(name)) {
                    assertThat(where).as("%s moving: not recorded", name).doesNotContainKey(name);
                } else if (placement == null) {
                    assertThat(where.get(name)).as("%s in the JobManager's store", name)
                            .isEqualTo(Collections.nCopies(view.slots(), LOCAL));
                } else if (everySlot) {
                    assertThat(where.get(name)).as("%s from its processes' stores", name).isEqualTo(placement.slots());
                    assertThat(counted.keySet()).as("%s: every store recorded answered", name)
                            .containsAll(where.get(name));
                } else {
                    assertThat(where).as("%s: a slot is missing, not recorded", name).doesNotContainKey(name);
                }
            });
            trace.add("recorded " + new TreeSet<>(where.keySet()));
            return trace;
        }
    }
}
