package io.rockstream.jobmanager.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.TestGraphs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which checkpoint a view placed again restores from, and which epochs it is given after it. */
class RecoveryPointsTest {
    private final JobGraph graph = TestGraphs.of("v", "CREATE TABLE t (k int, v int)",
            "CREATE MATERIALIZED VIEW v AS SELECT k, sum(v) AS s FROM t GROUP BY k");
    private final Set<String> inputs = Set.of("t");
    private final RecoveryPoints points = new RecoveryPoints(true);

    private void epoch(long epoch) {
        points.remember(epoch, Map.of("t", ZSet.of(Row.of((int) epoch, 1), 1)));
    }

    private EpochCoordinator.RecoveryPoint holdingV(long epoch) {
        return new EpochCoordinator.RecoveryPoint(epoch, Map.of("v",
                new EpochCoordinator.JobCheckpoint(graph, Map.of(0, new byte[] {(byte) epoch}))));
    }

    private static EpochCoordinator.RecoveryPoint withoutV(long epoch) {
        return new EpochCoordinator.RecoveryPoint(epoch, Map.of());
    }

    private static List<Long> replayed(RecoveryPoints.RestorePlan plan) {
        return plan.replays().stream().map(RecoveryPoints.EpochChange::epoch).toList();
    }

    @Test
    void aViewRestoresFromTheNewestCheckpointHoldingItAndIsGivenTheEpochsAfterIt() {
        assertThat(points.plan("v", graph, inputs, 0)).as("no checkpoint yet").isNull();
        epoch(1);
        points.completed(holdingV(1), true);
        epoch(2);
        epoch(3);
        RecoveryPoints.RestorePlan plan = points.plan("v", graph, inputs, 3);
        assertThat(plan.from()).isEqualTo(1);
        assertThat(replayed(plan)).containsExactly(2L, 3L);
        assertThat(plan.through()).isEqualTo(3);
        assertThat(points.plan("v", graph, Set.of("other"), 3).replays()).as("only its inputs' epochs").isEmpty();
        assertThat(points.plan("w", graph, inputs, 3)).as("a view no checkpoint holds").isNull();
    }

    @Test
    void aViewACheckpointLeftOutRestoresFromTheOneBeforeOnce() {
        epoch(1);
        points.completed(holdingV(1), true);
        epoch(2);
        epoch(3);
        // e.g. its TaskManager was lost as checkpoint 3 was taken: that one does not hold it
        points.completed(withoutV(3), true);
        epoch(4);
        RecoveryPoints.RestorePlan plan = points.plan("v", graph, inputs, 4);
        assertThat(plan.from()).as("the checkpoint before").isEqualTo(1);
        assertThat(replayed(plan)).as("the epochs after it are still kept").containsExactly(2L, 3L, 4L);
        assertThat(plan.slots().get(0)).containsExactly(1);

        points.completed(withoutV(4), true);
        assertThat(points.plan("v", graph, inputs, 4)).as("carried once: its files may be gone now").isNull();

        points.completed(holdingV(5), true);
        assertThat(points.plan("v", graph, inputs, 5).from()).isEqualTo(5);
        points.completed(withoutV(6), false);
        assertThat(points.plan("v", graph, inputs, 6)).as("not carried when only one checkpoint is retained")
                .isNull();
    }

    @Test
    void anOlderCheckpointCompletingLateChangesNothing() {
        epoch(1);
        epoch(2);
        points.completed(holdingV(2), true);
        points.completed(withoutV(1), true);
        assertThat(points.plan("v", graph, inputs, 2).from()).isEqualTo(2);
        assertThat(points.plan("v", graph, inputs, 1)).as("the checkpoint is after the epoch asked for").isNull();
    }
}
