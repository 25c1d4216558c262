package io.rockstream.jobmanager.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.SeededRuns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link EpochRound} through seeded epochs: random graphs of views over tables and
 * other views, random writes (some tables unchanged), views' answers delivered in random
 * order and some twice, views held while they are placed again (their answer lost, then given
 * again by the new deployment), views failing before or after they answered. Checked on every
 * command and event: a view starts once, only when its inputs are done, never while held or
 * failed, with exactly the non-empty changes of its inputs; the round is complete exactly
 * when every view is done; once holds end and answers arrive it completes, and every view's
 * change equals the one computed from scratch over the same graph. A failing seed is printed.
 */
class EpochRoundSimulationTest {
    private static final List<String> TABLES = List.of("t0", "t1", "t2");

    @Test
    void thousandsOfSeedsStartEachViewOnceWithItsInputsAndComplete() {
        SeededRuns.forSeeds("EpochRound", 5_000, seed -> new Run(seed).run());
    }

    @Test
    @Tag("soak")
    void aHundredThousandSeeds() {
        SeededRuns.forSeeds("EpochRound", 100_000, seed -> new Run(seed).run());
    }

    @Test
    void aRunIsAFunctionOfItsSeed() {
        assertThat(new Run(42).run()).isEqualTo(new Run(42).run());
        assertThat(new Run(42).run()).isNotEqualTo(new Run(43).run());
    }

    @Test
    void aViewWaitsForItsInputsAndAViewWithNoInputChangeIsNotWoken() {
        Map<String, Set<String>> views = new LinkedHashMap<>();
        views.put("b", Set.of("a"));
        views.put("a", Set.of("t"));
        views.put("c", Set.of("u"));
        ZSet written = ZSet.of(Row.of(1), 1);
        EpochRound round = new EpochRound(7, Map.of("t", written), Set.of("t", "u", "a", "b", "c"), views);
        List<EpochRound.Start> starts = round.advance(view -> false, view -> false);
        assertThat(starts).extracting(EpochRound.Start::view).containsExactly("a");
        assertThat(round.started("c")).as("found done: u did not change").isTrue();
        assertThat(round.complete()).isFalse();
        assertThat(round.completed("b", written, new ZSet())).as("b was not started").isFalse();
        assertThat(round.completed("a", ZSet.of(Row.of(2), 1), new ZSet())).isTrue();
        assertThat(round.completed("a", ZSet.of(Row.of(3), 1), new ZSet())).as("a second answer").isFalse();
        assertThat(round.advance(view -> view.equals("b"), view -> false)).as("b is held").isEmpty();
        starts = round.advance(view -> false, view -> false);
        assertThat(starts).extracting(EpochRound.Start::view).containsExactly("b");
        assertThat(starts.get(0).inputs().get("a").toMap()).isEqualTo(Map.of(Row.of(2), 1L));
        round.failed("b");
        assertThat(round.advance(view -> false, view -> false)).isEmpty();
        assertThat(round.complete()).isTrue();
        assertThat(round.delta("b")).as("failed before answering: no change").isNull();
    }

    /** One seeded epoch; {@link #run} returns its trace. */
    private static final class Run {
        private final Random random;
        private final long seed;
        private final Map<String, Set<String>> views = new LinkedHashMap<>();
        private final Map<String, ZSet> written = new HashMap<>();
        private final Set<String> held = new HashSet<>();
        private final Set<String> failed = new HashSet<>();
        /** The model: views done (answered, failed while started, or found done), their first answers. */
        private final Set<String> done = new HashSet<>(TABLES);
        private final Map<String, ZSet> answers = new HashMap<>();
        private final Set<String> started = new HashSet<>();
        /** Answers on their way, by view (a view's answer is dropped when it is held: its TaskManager was lost). */
        private final List<String> inFlight = new ArrayList<>();
        private final Set<String> dropped = new LinkedHashSet<>();
        private final List<String> trace = new ArrayList<>();
        private EpochRound round;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        List<String> run() {
            int count = 1 + random.nextInt(6);
            List<String> relations = new ArrayList<>(TABLES);
            for (int i = 0; i < count; i++) {
                Set<String> inputs = new TreeSet<>();
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    inputs.add(relations.get(random.nextInt(relations.size())));
                }
                String view = "v" + i;
                views.put(view, inputs);
                relations.add(view);
            }
            // deployment order need not be the graph's order
            List<String> order = new ArrayList<>(views.keySet());
            java.util.Collections.shuffle(order, random);
            Map<String, Set<String>> deployed = new LinkedHashMap<>();
            order.forEach(view -> deployed.put(view, views.get(view)));
            for (String table : TABLES) {
                ZSet delta = new ZSet();
                for (int n = random.nextInt(3); n > 0; n--) {
                    delta.add(Row.of(table + "-" + random.nextInt(4)), 1 + random.nextInt(2));
                }
                if (!delta.isEmpty() || random.nextBoolean()) {
                    written.put(table, delta);
                }
            }
            for (String view : views.keySet()) {
                if (random.nextInt(8) == 0) {
                    failed.add(view);
                }
                if (random.nextInt(5) == 0) {
                    held.add(view);
                }
            }
            round = new EpochRound(9, written, new HashSet<>(relations), deployed);
            advance();
            for (int step = 0; step < 40; step++) {
                int choice = random.nextInt(10);
                if (choice < 5 && !inFlight.isEmpty()) {
                    deliver(inFlight.remove(random.nextInt(inFlight.size())));
                } else if (choice == 5 && !answers.isEmpty()) {
                    List<String> answered = new ArrayList<>(new TreeSet<>(answers.keySet()));
                    deliver(answered.get(random.nextInt(answered.size()))); // delivered twice
                } else if (choice == 6) {
                    hold(pick());
                } else if (choice == 7 && !held.isEmpty()) {
                    release(new ArrayList<>(new TreeSet<>(held)).get(random.nextInt(held.size())));
                } else if (choice == 8) {
                    fail(pick());
                } else {
                    advance();
                }
            }
            // the faults stop: every relocation ends, every answer arrives
            for (String view : new TreeSet<>(held)) {
                release(view);
            }
            while (!inFlight.isEmpty()) {
                deliver(inFlight.remove(random.nextInt(inFlight.size())));
            }
            advance();
            assertThat(round.complete()).as("complete once holds end and answers arrive; waiting for %s",
                    round.waiting()).isTrue();
            for (String view : views.keySet()) {
                assertThat(toMap(round.delta(view))).as("change of %s", view).isEqualTo(fromScratch(view));
            }
            trace.add("complete " + new TreeSet<>(round.deltas().keySet()));
            return trace;
        }

        private String pick() {
            List<String> names = new ArrayList<>(views.keySet());
            return names.get(random.nextInt(names.size()));
        }

        private void advance() {
            Set<String> startedBefore = new HashSet<>(round.startedViews());
            List<EpochRound.Start> starts = round.advance(held::contains, failed::contains);
            Set<String> commanded = new HashSet<>();
            starts.forEach(start -> commanded.add(start.view()));
            // first the views the round found done without a start (no input change, or failed),
            // in an order where each one's inputs are done before it
            Set<String> skipped = new HashSet<>(round.startedViews());
            skipped.removeAll(startedBefore);
            skipped.removeAll(commanded);
            boolean progress = true;
            while (progress && !skipped.isEmpty()) {
                progress = false;
                for (String view : new TreeSet<>(skipped)) {
                    if (done.containsAll(views.get(view))) {
                        boolean unchanged = views.get(view).stream().allMatch(input -> toMap(changeOf(input)).isEmpty());
                        assertThat(unchanged || failed.contains(view)).as("%s skipped though its inputs changed", view)
                                .isTrue();
                        assertThat(held).as("%s skipped while held", view).doesNotContain(view);
                        done.add(view);
                        skipped.remove(view);
                        trace.add("skip " + view);
                        progress = true;
                    }
                }
            }
            assertThat(skipped).as("views skipped before their inputs were done").isEmpty();
            for (EpochRound.Start start : starts) {
                String view = start.view();
                trace.add("start " + view + " " + new TreeSet<>(start.inputs().keySet()));
                assertThat(started.add(view)).as("%s started twice", view).isTrue();
                assertThat(held).as("%s started while held", view).doesNotContain(view);
                assertThat(failed).as("%s started though failed", view).doesNotContain(view);
                assertThat(done).as("%s started before its inputs were done", view).containsAll(views.get(view));
                Map<String, Map<Row, Long>> expected = new HashMap<>();
                for (String input : views.get(view)) {
                    Map<Row, Long> change = toMap(changeOf(input));
                    if (!change.isEmpty()) {
                        expected.put(input, change);
                    }
                }
                Map<String, Map<Row, Long>> given = new HashMap<>();
                start.inputs().forEach((input, delta) -> given.put(input, toMap(delta)));
                assertThat(given).as("inputs given to %s", view).isEqualTo(expected);
                assertThat(given).as("%s woken with no input change", view).isNotEmpty();
                inFlight.add(view);
            }
            checkComplete();
        }

        private void deliver(String view) {
            if (dropped.contains(view)) {
                return;
            }
            ZSet answer = compute(view);
            boolean first = !done.contains(view) && started.contains(view);
            boolean taken = round.completed(view, answer, new ZSet());
            trace.add("answer " + view + (taken ? "" : " (ignored)"));
            assertThat(taken).as("the answer of %s counts exactly when it is the first of a started view", view)
                    .isEqualTo(first);
            if (taken) {
                done.add(view);
                answers.put(view, answer);
            }
            advance();
        }

        /** A relocation begins: while it runs the view is held, and an answer on its way is lost. */
        private void hold(String view) {
            trace.add("hold " + view);
            held.add(view);
            if (inFlight.remove(view)) {
                dropped.add(view);
            }
            advance();
        }

        /** The relocation ends: a view started before it is given the epoch again by its new deployment. */
        private void release(String view) {
            trace.add("release " + view);
            held.remove(view);
            if (dropped.remove(view) && !done.contains(view)) {
                inFlight.add(view);
            }
            advance();
        }

        private void fail(String view) {
            trace.add("fail " + view);
            failed.add(view);
            round.failed(view);
            if (started.contains(view) || round.started(view)) {
                done.add(view);
            }
            inFlight.removeIf(view::equals);
            dropped.remove(view);
            advance();
        }

        private void checkComplete() {
            assertThat(round.complete()).as("complete exactly when every view is done (done: %s)", done)
                    .isEqualTo(done.containsAll(views.keySet()));
        }

        /** The change of a relation as the model knows it: a table's write, a view's first answer. */
        private ZSet changeOf(String relation) {
            return TABLES.contains(relation) ? written.get(relation) : answers.get(relation);
        }

        /** What a view's job answers, given the changes of its inputs: a function of the view and them. */
        private ZSet compute(String view) {
            ZSet out = new ZSet();
            for (String input : views.get(view)) {
                ZSet delta = changeOf(input);
                if (delta != null) {
                    delta.forEach((row, weight) -> {
                        String value = view + "(" + row.get(0) + ")";
                        if (Math.floorMod(value.hashCode() + seed, 4) != 0) { // some rows filtered out
                            out.add(Row.of(value), weight);
                        }
                    });
                }
            }
            return out.consolidate();
        }

        /**
         * A view's change recomputed over the graph in its order: none if it failed before it
         * answered, or if none of its inputs changed.
         */
        private Map<Row, Long> fromScratch(String view) {
            if (!answers.containsKey(view)) {
                return Map.of();
            }
            ZSet out = new ZSet();
            for (String input : views.get(view)) {
                Map<Row, Long> change = TABLES.contains(input) ? toMap(written.get(input)) : fromScratch(input);
                change.forEach((row, weight) -> {
                    String value = view + "(" + row.get(0) + ")";
                    if (Math.floorMod(value.hashCode() + seed, 4) != 0) {
                        out.add(Row.of(value), weight);
                    }
                });
            }
            return toMap(out.consolidate());
        }

        private static Map<Row, Long> toMap(ZSet delta) {
            return delta == null ? Map.of() : delta.consolidate().toMap();
        }
    }
}
