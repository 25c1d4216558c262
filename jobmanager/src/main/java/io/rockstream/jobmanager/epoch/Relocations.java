package io.rockstream.jobmanager.epoch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The failover decisions for views whose job lost a TaskManager, as a deterministic state
 * machine (ARCHITECTURE.md §5): it is told of losses and of how placements ended, and
 * answers with what to do; it reads no clock, starts no thread and does no I/O, so a
 * simulator drives it through any order of events ({@code RelocationsSimulationTest}). The
 * {@link EpochCoordinator} carries its commands out, under its own lock.
 *
 * <ul>
 *   <li>A view is <em>moving</em> from its job's loss until a placement of it succeeded or
 *       it was given up: its epochs wait for it, and checkpoints leave it out.</li>
 *   <li>One placement of a view at a time. Losses reported while one is queued are the same
 *       loss; a loss while one is under way is of the deployment being made: that placement
 *       is aborted ({@link Abort}) and fails, or, if it completed first, the view is placed
 *       once more after it.</li>
 *   <li>A placement first restores the view from its checkpoint; if the restore fails, the
 *       next one rebuilds it from its inputs. A placement whose TaskManager is lost again is
 *       tried again, with a growing delay, up to {@link #MAX_ATTEMPTS} attempts; then, or on
 *       any other failure, the view is given up (it fails, its epochs no longer wait).</li>
 * </ul>
 * Not thread-safe: the caller serializes its calls.
 */
final class Relocations {
    /** Placements of one loss at most, retries included. */
    static final int MAX_ATTEMPTS = 12;
    /** The delay before attempt n + 1 after attempt n's TaskManager was lost: n times this. */
    static final long BACKOFF_MILLIS = 200;

    /** How a placement failed. */
    enum Failure {
        /** A TaskManager it was being placed on was lost. */
        LOST_AGAIN,
        /** Its state could not be restored from the checkpoint (e.g. a state file is gone). */
        RESTORE_FAILED,
        /** Anything else: the view fails. */
        ERROR
    }

    /** What the caller is to do. */
    interface Command {
        String view();
    }

    /** Place the view's job again, after {@code delayMillis}: restored from its checkpoint when {@code restore}. */
    record Place(String view, int attempt, boolean restore, long delayMillis) implements Command {
    }

    /** Fail the placement under way: its new deployment was lost. */
    record Abort(String view) implements Command {
    }

    /** Stop trying: the view fails. */
    record GiveUp(String view, Failure failure, int attempts) implements Command {
    }

    private static final class Moving {
        int attempt = 1;
        boolean restore = true;
        /** The placement under way (0: none). */
        long placing;
        boolean lostAgain;
    }

    private final Map<String, Moving> moving = new HashMap<>();
    private long placements;

    /** Whether the view is moving: lost and not yet placed again nor given up. */
    boolean moving(String view) {
        return moving.containsKey(view);
    }

    /** The views moving now. */
    Set<String> movingViews() {
        return new TreeSet<>(moving.keySet());
    }

    /** The view's job was lost (its running deployment, or the one a placement is making). */
    List<Command> lost(String view) {
        Moving state = moving.get(view);
        if (state == null) {
            moving.put(view, new Moving());
            return List.of(new Place(view, 1, true, 0));
        }
        if (state.placing == 0 || state.lostAgain) {
            return List.of(); // queued: it deploys afresh; or aborted already
        }
        state.lostAgain = true;
        return List.of(new Abort(view));
    }

    /**
     * A placement of the view is about to start: its number, to report how it ended with;
     * 0 when there is nothing to place (given up, or {@link #abandon abandoned} meanwhile).
     */
    long start(String view) {
        Moving state = moving.get(view);
        if (state == null || state.placing != 0) {
            return 0;
        }
        state.placing = ++placements;
        state.lostAgain = false;
        return state.placing;
    }

    /** Placement {@code placement} of the view succeeded. */
    List<Command> placed(String view, long placement) {
        Moving state = moving.get(view);
        if (state == null || state.placing != placement) {
            return List.of(); // abandoned meanwhile
        }
        moving.remove(view);
        if (state.lostAgain) {
            // lost again after it completed, before the abort could fail it: that deployment moves too
            moving.put(view, new Moving());
            return List.of(new Place(view, 1, true, 0));
        }
        return List.of();
    }

    /** Placement {@code placement} of the view failed. */
    List<Command> failed(String view, long placement, Failure failure) {
        Moving state = moving.get(view);
        if (state == null || state.placing != placement) {
            return List.of(); // abandoned meanwhile
        }
        state.placing = 0;
        state.lostAgain = false;
        if (state.attempt < MAX_ATTEMPTS) {
            if (failure == Failure.RESTORE_FAILED && state.restore) {
                state.restore = false;
                state.attempt++;
                return List.of(new Place(view, state.attempt, false, 0));
            }
            if (failure == Failure.LOST_AGAIN) {
                state.attempt++;
                return List.of(new Place(view, state.attempt, state.restore, BACKOFF_MILLIS * (state.attempt - 1)));
            }
        }
        moving.remove(view);
        return List.of(new GiveUp(view, failure, state.attempt));
    }

    /** The view was dropped or its job replaced (e.g. rescaled): nothing of it is placed any more. */
    void abandon(String view) {
        moving.remove(view);
    }
}
