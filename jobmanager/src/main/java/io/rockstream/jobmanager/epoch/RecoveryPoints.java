package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobgraph.row.ZSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a view's job can be restored from instead of rebuilt: for each view, the newest
 * complete checkpoint holding it (its epoch, and the state checkpoint of each of the view's
 * slots), and every epoch's changes since the oldest of them, tables' and views' alike, to
 * give a restored job again.
 * The changes are kept up to a bound ({@code -Drockstream.recoveryHistoryRows}); past it
 * they are dropped and a gap recorded, so views are rebuilt until the next checkpoint.
 * Thread-safe.
 */
final class RecoveryPoints {
    /** Rows of changes kept for replays after the recovery point, at most. */
    private static final long MAX_HISTORY_ROWS = Long.getLong("rockstream.recoveryHistoryRows", 2_000_000L);

    /** One epoch's changes of some relations. */
    record EpochChange(long epoch, Map<String, ZSet> deltas, long rows) {
    }

    /** How to restore a view's job: its slots' state checkpoints, then these epochs' inputs. */
    record RestorePlan(long from, Map<Integer, byte[]> slots, List<EpochChange> replays) {
        /** The last epoch the plan gives the job: its first answer to keep. */
        long through() {
            return replays.isEmpty() ? from : replays.get(replays.size() - 1).epoch();
        }
    }

    /** A view's state in a checkpoint: the checkpoint's epoch; {@code carried} when a newer one left the view out. */
    private record Held(long epoch, EpochCoordinator.JobCheckpoint checkpoint, boolean carried) {
    }

    private final boolean enabled;
    /** The newest complete checkpoint's epoch (-1: none yet). */
    private long newest = -1;
    /** Where each view restores from. */
    private final Map<String, Held> views = new HashMap<>();
    private final ArrayDeque<EpochChange> history = new ArrayDeque<>();
    private long historyRows;
    /** Epochs up to this one are missing from the history. */
    private long gapThrough = -1;

    /** Keeps nothing when {@code enabled} is false (views without durable state are always rebuilt). */
    RecoveryPoints(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * A checkpoint completed: views restore from it from now on, and the changes it holds
     * are not needed any more. A view it left out (its TaskManager lost as it checkpointed,
     * or the view being placed again) keeps restoring from the checkpoint before when
     * {@code carry}: the caller retains two checkpoints at least, so that one's files are kept
     * until the next completes. A view is carried once; after that it is rebuilt.
     */
    synchronized void completed(EpochCoordinator.RecoveryPoint newer, boolean carry) {
        if (newer.epoch() < newest) {
            return;
        }
        newest = newer.epoch();
        Map<String, Held> next = new HashMap<>();
        newer.views().forEach((view, checkpoint) -> next.put(view, new Held(newer.epoch(), checkpoint, false)));
        if (carry) {
            views.forEach((view, held) -> {
                if (!held.carried() && !next.containsKey(view)) {
                    next.put(view, new Held(held.epoch(), held.checkpoint(), true));
                }
            });
        }
        views.clear();
        views.putAll(next);
        long oldest = newer.epoch();
        for (Held held : next.values()) {
            oldest = Math.min(oldest, held.epoch());
        }
        while (!history.isEmpty() && history.peekFirst().epoch() <= oldest) {
            historyRows -= history.removeFirst().rows();
        }
    }

    /** Epoch {@code epoch} was applied with these changes (call with the epoch, under the visibility lock). */
    synchronized void remember(long epoch, Map<String, ZSet> deltas) {
        if (!enabled) {
            return;
        }
        long rows = 0;
        for (ZSet delta : deltas.values()) {
            rows += delta.size();
        }
        if (historyRows + rows > MAX_HISTORY_ROWS) {
            history.clear();
            historyRows = 0;
            gapThrough = epoch;
            return;
        }
        history.addLast(new EpochChange(epoch, new HashMap<>(deltas), rows));
        historyRows += rows;
    }

    /**
     * How the job of {@code view} ({@code graph}, reading {@code inputs}) can be restored to
     * epoch {@code through}, or null when it cannot: no checkpoint holds it, its graph changed
     * since, or the changes after the checkpoint are not all kept.
     */
    synchronized RestorePlan plan(String view, JobGraph graph, Set<String> inputs, long through) {
        Held held = views.get(view);
        if (held == null || held.epoch() > through || held.epoch() < gapThrough) {
            return null;
        }
        EpochCoordinator.JobCheckpoint saved = held.checkpoint();
        if (!(saved.graph() == graph || JobGraphJson.write(saved.graph()).equals(JobGraphJson.write(graph)))) {
            return null;
        }
        List<EpochChange> replays = new ArrayList<>();
        for (EpochChange change : history) {
            if (change.epoch() <= held.epoch() || change.epoch() > through) {
                continue;
            }
            Map<String, ZSet> changed = new HashMap<>();
            for (String input : inputs) {
                ZSet delta = change.deltas().get(input);
                if (delta != null && !delta.isEmpty()) {
                    changed.put(input, delta);
                }
            }
            if (!changed.isEmpty()) {
                replays.add(new EpochChange(change.epoch(), changed, 0));
            }
        }
        return new RestorePlan(held.epoch(), saved.slots(), replays);
    }
}
