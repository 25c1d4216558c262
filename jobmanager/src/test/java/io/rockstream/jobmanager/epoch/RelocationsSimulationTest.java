package io.rockstream.jobmanager.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobmanager.SeededRuns;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link Relocations} through seeded runs of what the cluster does to it: views'
 * deployments lost at random moments, loss reports delayed and duplicated, placements that
 * take time on one relocation thread and succeed, lose a TaskManager again, fail to restore
 * or fail, aborts that come too late, views dropped mid-move. After every event the
 * machine's invariants hold; once losses stop, every view is either placed on a live
 * deployment or given up, and nothing moves any more. A failing seed is printed.
 */
class RelocationsSimulationTest {
    private static final List<String> VIEWS = List.of("a", "b", "c");

    @Test
    void thousandsOfSeedsKeepEveryViewPlacedOrGivenUp() {
        SeededRuns.forSeeds("Relocations", 3_000, seed -> new Run(seed).run());
    }

    @Test
    @Tag("soak")
    void aHundredThousandSeeds() {
        SeededRuns.forSeeds("Relocations", 100_000, seed -> new Run(seed).run());
    }

    @Test
    void aRunIsAFunctionOfItsSeed() {
        assertThat(new Run(42).run()).isEqualTo(new Run(42).run());
        assertThat(new Run(42).run()).isNotEqualTo(new Run(43).run());
    }

    @Test
    void lossesWhileQueuedAreOneAndALossWhilePlacingAbortsThePlacement() {
        Relocations machine = new Relocations();
        assertThat(machine.lost("v")).containsExactly(new Relocations.Place("v", 1, true, 0));
        assertThat(machine.lost("v")).as("queued: the same loss").isEmpty();
        long placement = machine.start("v");
        assertThat(machine.start("v")).as("one placement at a time").isZero();
        assertThat(machine.lost("v")).containsExactly(new Relocations.Abort("v"));
        assertThat(machine.lost("v")).as("aborted already").isEmpty();
        assertThat(machine.failed("v", placement, Relocations.Failure.LOST_AGAIN))
                .containsExactly(new Relocations.Place("v", 2, true, Relocations.BACKOFF_MILLIS));
        placement = machine.start("v");
        assertThat(machine.failed("v", placement, Relocations.Failure.RESTORE_FAILED))
                .containsExactly(new Relocations.Place("v", 3, false, 0));
        placement = machine.start("v");
        assertThat(machine.moving("v")).isTrue();
        assertThat(machine.placed("v", placement)).isEmpty();
        assertThat(machine.moving("v")).isFalse();
    }

    /** One simulated run; {@link #run} returns its trace of commands. */
    static final class Run {
        private final Random random;
        private final Relocations machine = new Relocations();
        private final PriorityQueue<long[]> timeline = new PriorityQueue<>((x, y) -> x[0] != y[0]
                ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        private final Map<Long, Runnable> actions = new HashMap<>();
        private long now;
        private long sequence;
        private final List<String> trace = new ArrayList<>();

        /** The views whose current deployment was lost. */
        private final Set<String> deploymentLost = new HashSet<>();
        private final Set<String> dropped = new HashSet<>();
        private final Set<String> givenUp = new HashSet<>();
        /** The relocation thread: queued placements, one running at a time. */
        private final ArrayDeque<Relocations.Place> queue = new ArrayDeque<>();
        private String running;
        private long runningPlacement;
        private boolean runningAborted;
        private boolean runningBroken;
        /** Per view, restore was refused since its last loss: later placements of that loss must rebuild. */
        private final Set<String> restoreFailed = new HashSet<>();

        Run(long seed) {
            this.random = new Random(seed);
        }

        private void at(long time, Runnable action) {
            long id = sequence++;
            actions.put(id, action);
            timeline.add(new long[] {time, id});
        }

        List<String> run() {
            int losses = 1 + random.nextInt(8);
            for (int i = 0; i < losses; i++) {
                at(random.nextInt(5_000), this::loseSomething);
            }
            if (random.nextInt(4) == 0) {
                String view = VIEWS.get(random.nextInt(VIEWS.size()));
                at(random.nextInt(5_000), () -> drop(view));
            }
            while (!timeline.isEmpty()) {
                long[] next = timeline.poll();
                now = next[0];
                actions.remove(next[1]).run();
                invariants();
            }
            // quiet: every view is placed on a live deployment, given up or dropped, and nothing moves
            for (String view : VIEWS) {
                assertThat(machine.moving(view)).as("view %s still moving at the end", view).isFalse();
                if (!dropped.contains(view) && !givenUp.contains(view)) {
                    assertThat(deploymentLost).as("view %s left on a lost deployment", view).doesNotContain(view);
                }
            }
            assertThat(queue).isEmpty();
            return trace;
        }

        private void invariants() {
            for (String view : dropped) {
                assertThat(machine.moving(view)).as("dropped view %s moving", view).isFalse();
            }
            if (running != null && runningPlacement != 0 && !dropped.contains(running)) {
                assertThat(machine.moving(running)).as("placing %s, which is not moving", running).isTrue();
            }
        }

        /** A TaskManager is lost: one view's deployment with it; its loss is reported once or more, late. */
        private void loseSomething() {
            List<String> live = VIEWS.stream().filter(view -> !dropped.contains(view)).toList();
            if (live.isEmpty()) {
                return;
            }
            String view = live.get(random.nextInt(live.size()));
            boolean placing = view.equals(running) && runningPlacement != 0;
            if (!placing && deploymentLost.contains(view)) {
                return; // already lost: nothing left of it to lose
            }
            if (!placing) {
                deploymentLost.add(view);
            } else {
                runningBroken = true; // the deployment being made is lost: the placement fails unless done already
            }
            int reports = 1 + (random.nextInt(3) == 0 ? 1 : 0);
            for (int i = 0; i < reports; i++) {
                at(now + random.nextInt(50), () -> report(view));
            }
        }

        private void report(String view) {
            if (dropped.contains(view)) {
                return; // a dropped view's job is not monitored: its loss goes nowhere
            }
            if (givenUp.contains(view)) {
                return; // a failed view's job is cancelled
            }
            execute(machine.lost(view));
        }

        private void drop(String view) {
            dropped.add(view);
            machine.abandon(view);
            trace.add(now + " drop " + view);
        }

        private void execute(List<Relocations.Command> commands) {
            for (Relocations.Command command : commands) {
                trace.add(now + " " + command);
                assertThat(dropped).as("a command for a dropped view: %s", command).doesNotContain(command.view());
                if (command instanceof Relocations.Place place) {
                    assertThat(place.attempt()).isBetween(1, Relocations.MAX_ATTEMPTS);
                    if (place.attempt() == 1) {
                        restoreFailed.remove(place.view());
                    } else if (restoreFailed.contains(place.view())) {
                        assertThat(place.restore()).as("restored again after its restore failed: %s", place)
                                .isFalse();
                    }
                    queue.add(place);
                    if (running == null) {
                        at(now, this::startNext);
                    }
                } else if (command instanceof Relocations.Abort) {
                    if (command.view().equals(running)) {
                        runningAborted = true;
                    }
                } else if (command instanceof Relocations.GiveUp) {
                    givenUp.add(command.view());
                }
            }
        }

        private void startNext() {
            if (running != null || queue.isEmpty()) {
                return;
            }
            Relocations.Place place = queue.poll();
            running = place.view();
            at(now + place.delayMillis(), () -> begin(place));
        }

        private void begin(Relocations.Place place) {
            String view = place.view();
            if (dropped.contains(view)) {
                machine.abandon(view); // the job was dropped meanwhile: the relocation finds another job
                finish();
                return;
            }
            long placement = machine.start(view);
            if (placement == 0) {
                finish();
                return;
            }
            runningPlacement = placement;
            runningAborted = false;
            runningBroken = false;
            at(now + 1 + random.nextInt(400), () -> complete(place));
        }

        private void complete(Relocations.Place place) {
            String view = place.view();
            boolean broken = runningBroken;
            boolean aborted = runningAborted;
            boolean healthy = !broken && !aborted;
            int roll = random.nextInt(100);
            List<Relocations.Command> next;
            if (dropped.contains(view)) {
                next = machine.placed(view, runningPlacement);
                assertThat(next).as("commands for a view dropped while placed").isEmpty();
            } else if (!healthy && random.nextInt(4) != 0) {
                next = machine.failed(view, runningPlacement, Relocations.Failure.LOST_AGAIN);
            } else if (healthy && roll < 8) {
                next = machine.failed(view, runningPlacement, Relocations.Failure.LOST_AGAIN);
            } else if (healthy && place.restore() && roll < 16) {
                restoreFailed.add(view);
                next = machine.failed(view, runningPlacement, Relocations.Failure.RESTORE_FAILED);
            } else if (healthy && roll < 18) {
                next = machine.failed(view, runningPlacement, Relocations.Failure.ERROR);
            } else {
                // placed: a new deployment, lost already if it broke as it was made (the abort, if any, came too late)
                if (broken) {
                    deploymentLost.add(view);
                } else {
                    deploymentLost.remove(view);
                }
                next = machine.placed(view, runningPlacement);
                if (aborted) {
                    assertThat(next).as("a placement lost as it completed is placed once more")
                            .containsExactly(new Relocations.Place(view, 1, true, 0));
                } else {
                    assertThat(next).isEmpty();
                }
            }
            finish();
            execute(next);
        }

        private void finish() {
            running = null;
            runningPlacement = 0;
            runningAborted = false;
            runningBroken = false;
            at(now, this::startNext);
        }
    }
}
