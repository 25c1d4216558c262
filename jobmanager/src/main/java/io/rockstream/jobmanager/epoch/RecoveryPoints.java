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
 * Where a view's job can be restored from instead of rebuilt: the newest complete
 * checkpoint (its epoch, and the state checkpoint of each slot of every view it holds) and
 * every epoch's changes since, tables' and views' alike, to give a restored job again.
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

    private final boolean enabled;
    private EpochCoordinator.RecoveryPoint point;
    private final ArrayDeque<EpochChange> history = new ArrayDeque<>();
    private long historyRows;
    /** Epochs up to this one are missing from the history. */
    private long gapThrough = -1;

    /** Keeps nothing when {@code enabled} is false (views without durable state are always rebuilt). */
    RecoveryPoints(boolean enabled) {
        this.enabled = enabled;
    }

    /** A checkpoint completed: the changes it holds are not needed any more. */
    synchronized void completed(EpochCoordinator.RecoveryPoint newer) {
        if (point != null && newer.epoch() < point.epoch()) {
            return;
        }
        point = newer;
        while (!history.isEmpty() && history.peekFirst().epoch() <= newer.epoch()) {
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
        if (point == null || point.epoch() > through || point.epoch() < gapThrough) {
            return null;
        }
        EpochCoordinator.JobCheckpoint saved = point.views().get(view);
        if (saved == null || !(saved.graph() == graph
                || JobGraphJson.write(saved.graph()).equals(JobGraphJson.write(graph)))) {
            return null;
        }
        List<EpochChange> replays = new ArrayList<>();
        for (EpochChange change : history) {
            if (change.epoch() <= point.epoch() || change.epoch() > through) {
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
        return new RestorePlan(point.epoch(), saved.slots(), replays);
    }
}
