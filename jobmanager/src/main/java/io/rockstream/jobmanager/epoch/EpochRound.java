package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.row.ZSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One epoch's way through the views (ARCHITECTURE.md §3) as a deterministic state machine:
 * it is told what the epoch wrote and which view finished or failed, and answers which
 * views to start, with which input changes. It reads no clock, starts no thread and does no
 * I/O; {@link EpochCoordinator} carries its commands out, and {@code EpochRoundSimulationTest}
 * drives it through thousands of seeded orders of events.
 *
 * <p>Rules:
 * <ul>
 *   <li>A relation is <i>done</i> when its change in this epoch is known: a table at once, a
 *       view when its job answered, failed, or was not woken.
 *   <li>A view is started once, when all its inputs are done, and given the non-empty changes
 *       of its inputs. A view none of whose inputs changed is done at once, with no change,
 *       and not woken; so is a view that has failed.
 *   <li>A view that is being placed again ({@code held}) is not started until it is
 *       released; a view released after it was started is not started again (its new
 *       deployment is given the epoch by the relocation).
 *   <li>A view's answer counts once: a second answer, or one for a view not started, is
 *       ignored. The round is complete when every view is done.
 * </ul>
 */
final class EpochRound {
    /** Start {@code view}'s job on this epoch with these input changes (none empty). */
    record Start(String view, Map<String, ZSet> inputs) {
    }

    private final long epoch;
    /** Each view's inputs, in the order views are considered (deployment order). */
    private final Map<String, Set<String>> views;
    /** Changes known so far: the tables' from the start, each view's when it is done. */
    private final Map<String, ZSet> deltas;
    private final Map<String, ZSet> errors = new HashMap<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> started = new HashSet<>();

    /**
     * @param epoch the epoch
     * @param tableDeltas what the epoch wrote, by table (empty changes may be left out)
     * @param relations every relation (tables and views) that exists
     * @param views each view's inputs, in deployment order
     */
    EpochRound(long epoch, Map<String, ZSet> tableDeltas, Set<String> relations, Map<String, Set<String>> views) {
        this.epoch = epoch;
        this.views = new LinkedHashMap<>(views);
        this.deltas = new HashMap<>(tableDeltas);
        done.addAll(relations);
        done.removeAll(views.keySet());
    }

    long epoch() {
        return epoch;
    }

    /**
     * The views to start now: every view not started whose inputs are done, neither
     * {@code held} nor {@code failed}. Views with no input change, and failed ones, are
     * done at once (which may make others ready, in the same call).
     */
    List<Start> advance(Predicate<String> held, Predicate<String> failed) {
        List<Start> starts = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, Set<String>> view : views.entrySet()) {
                String name = view.getKey();
                if (started.contains(name) || done.contains(name) || !done.containsAll(view.getValue())
                        || held.test(name)) {
                    continue;
                }
                started.add(name);
                Map<String, ZSet> inputs = new HashMap<>();
                for (String input : view.getValue()) {
                    ZSet delta = deltas.get(input);
                    if (delta != null && !delta.isEmpty()) {
                        inputs.put(input, delta);
                    }
                }
                if (inputs.isEmpty() || failed.test(name)) {
                    done.add(name);
                    progress = true;
                } else {
                    starts.add(new Start(name, inputs));
                }
            }
        }
        return starts;
    }

    /**
     * {@code view}'s job answered this epoch with its change and errors; false (ignored) when
     * it was not started or has answered already. Call {@link #advance} next.
     */
    boolean completed(String view, ZSet delta, ZSet viewErrors) {
        if (!started.contains(view) || done.contains(view)) {
            return false;
        }
        deltas.put(view, delta);
        if (!viewErrors.isEmpty()) {
            errors.put(view, viewErrors);
        }
        done.add(view);
        return true;
    }

    /**
     * {@code view} failed (or was given up): if it was started, it is done with no change, so
     * that the views after it do not wait. Call {@link #advance} next.
     */
    void failed(String view) {
        if (started.contains(view)) {
            done.add(view);
        }
    }

    /** Whether {@code view} was started (or found done without a start) in this epoch. */
    boolean started(String view) {
        return started.contains(view);
    }

    /** Whether every view is done. */
    boolean complete() {
        return done.containsAll(views.keySet());
    }

    /** The views not done yet. */
    Set<String> waiting() {
        Set<String> waiting = new HashSet<>(views.keySet());
        waiting.removeAll(done);
        return waiting;
    }

    /** The views started so far. */
    Set<String> startedViews() {
        return Collections.unmodifiableSet(started);
    }

    /** The change of {@code relation} known so far (null: none, or not known yet). */
    ZSet delta(String relation) {
        return deltas.get(relation);
    }

    /** Every change known so far, by relation. */
    Map<String, ZSet> deltas() {
        return Collections.unmodifiableMap(deltas);
    }

    /** The views' errors of this epoch, by view (views without errors left out). */
    Map<String, ZSet> errors() {
        return Collections.unmodifiableMap(errors);
    }
}
