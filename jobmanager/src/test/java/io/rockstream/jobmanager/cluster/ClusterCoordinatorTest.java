package io.rockstream.jobmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobmanager.cluster.ClusterEvent.AttemptId;
import io.rockstream.jobmanager.cluster.ClusterEvent.JobSpec;
import io.rockstream.jobmanager.cluster.ClusterEvent.VertexSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cluster coordinator step by step: scheduling, checkpoints and failover, one event at a time. */
class ClusterCoordinatorTest {
    private static final JobId JOB = JobId.of("v");
    private static final JobSpec SPEC = new JobSpec(JOB, List.of(new VertexSpec(1, 6), new VertexSpec(2, 3)), 128);

    private final ClusterCoordinator coordinator = new ClusterCoordinator(ClusterCoordinator.Config.defaults(), 1,
            List.of());

    private List<ClusterCommand> register(long now, String tm, int slots) {
        return coordinator.handle(new ClusterEvent.Registered(now, tm, tm + "/1", slots, Set.of()));
    }

    private static <T extends ClusterCommand> List<T> only(List<ClusterCommand> commands, Class<T> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void beat(long now, String... taskManagers) {
        for (String tm : taskManagers) {
            assertThat(coordinator.handle(new ClusterEvent.Heartbeat(now, tm, tm + "/1"))).isEmpty();
        }
    }

    /** Acknowledges every deployment; returns what that called for. */
    private List<ClusterCommand> deployAll(long now, List<ClusterCommand> commands) {
        List<ClusterCommand> out = new java.util.ArrayList<>();
        for (ClusterCommand.Deploy deploy : only(commands, ClusterCommand.Deploy.class)) {
            out.addAll(coordinator.handle(new ClusterEvent.Deployed(now, deploy.attempt(), deploy.subtask(),
                    deploy.taskManager())));
        }
        return out;
    }

    @Test
    void aJobWaitsForSlotsThenSpreadsOverTaskManagersWithKeyGroupRanges() {
        register(0, "tm-a", 2);
        List<ClusterCommand> waiting = coordinator.handle(new ClusterEvent.JobSubmitted(1, SPEC));
        assertThat(waiting).containsExactly(new ClusterCommand.JobWaiting(JOB, 6, 2));
        register(2, "tm-b", 2);
        List<ClusterCommand> deploys = register(3, "tm-c", 2);
        List<ClusterCommand.Deploy> deploy = only(deploys, ClusterCommand.Deploy.class);
        assertThat(deploy).hasSize(9);
        // slot i holds subtask i of every vertex; six slots over three TaskManagers, two each
        Map<String, Integer> perTaskManager = new TreeMap<>();
        deploy.stream().filter(d -> d.subtask().vertex().value() == 1)
                .forEach(d -> perTaskManager.merge(d.taskManager(), 1, Integer::sum));
        assertThat(perTaskManager).containsExactly(Map.entry("tm-a", 2), Map.entry("tm-b", 2), Map.entry("tm-c", 2));
        for (ClusterCommand.Deploy d : deploy) {
            if (d.subtask().vertex().value() == 2) {
                ClusterCommand.Deploy sameSlot = deploy.stream().filter(o -> o.subtask().vertex().value() == 1
                        && o.subtask().index() == d.subtask().index()).findFirst().orElseThrow();
                assertThat(d.taskManager()).isEqualTo(sameSlot.taskManager());
                assertThat(d.slot()).isEqualTo(sameSlot.slot());
            }
        }
        // vertex 2 (parallelism 3) splits the 128 key groups into three consecutive ranges
        assertThat(deploy.stream().filter(d -> d.subtask().vertex().value() == 2)
                .map(d -> d.firstKeyGroup() + ".." + d.endKeyGroup()).toList())
                .containsExactly("0..43", "43..86", "86..128");
        assertThat(deploy).allSatisfy(d -> assertThat(d.restoreFrom()).isEqualTo(-1));
        assertThat(coordinator.status(JOB)).contains(ClusterCoordinator.Status.DEPLOYING);
        List<ClusterCommand> running = deployAll(4, deploys);
        assertThat(running).containsExactly(new ClusterCommand.JobRunning(deploy.get(0).attempt()));
        assertThat(coordinator.slots()).containsEntry("tm-a", new int[] {2, 2});
    }

    @Test
    void checkpointsCompleteWithEveryAcknowledgementOfTheCurrentAttemptOnly() {
        register(0, "tm-a", 3);
        register(0, "tm-b", 3);
        List<ClusterCommand> deploys = coordinator.handle(new ClusterEvent.JobSubmitted(1, SPEC));
        deployAll(2, deploys);
        AttemptId attempt = coordinator.attempt(JOB).orElseThrow();
        beat(5_000, "tm-a", "tm-b");
        assertThat(coordinator.handle(new ClusterEvent.Tick(5_000))).isEmpty();
        beat(10_000, "tm-a", "tm-b");
        List<ClusterCommand> trigger = coordinator.handle(new ClusterEvent.Tick(10_002));
        assertThat(trigger).containsExactly(new ClusterCommand.TriggerCheckpoint(attempt, 1));
        AttemptId stale = new AttemptId(JOB, 0, 7);
        for (SubtaskId subtask : coordinator.placement(JOB).keySet()) {
            // an older attempt's acknowledgement counts for nothing
            assertThat(coordinator.handle(new ClusterEvent.CheckpointAcknowledged(10_003, stale, 1, subtask))).isEmpty();
        }
        List<SubtaskId> subtasks = List.copyOf(coordinator.placement(JOB).keySet());
        for (int i = 0; i < subtasks.size() - 1; i++) {
            assertThat(coordinator.handle(new ClusterEvent.CheckpointAcknowledged(10_004, attempt, 1, subtasks.get(i))))
                    .isEmpty();
        }
        assertThat(coordinator.latestCheckpoint(JOB)).isEqualTo(-1);
        assertThat(coordinator.handle(new ClusterEvent.CheckpointAcknowledged(10_005, attempt, 1,
                subtasks.get(subtasks.size() - 1)))).containsExactly(new ClusterCommand.CheckpointCompleted(JOB, attempt, 1));
        assertThat(coordinator.latestCheckpoint(JOB)).isEqualTo(1);
    }

    @Test
    void aLostTaskManagerRestartsItsJobsFromTheLatestCheckpointOnTheOthers() {
        register(0, "tm-a", 3);
        register(0, "tm-b", 3);
        register(0, "tm-c", 3);
        List<ClusterCommand> deploys = coordinator.handle(new ClusterEvent.JobSubmitted(1, SPEC));
        deployAll(2, deploys);
        AttemptId first = coordinator.attempt(JOB).orElseThrow();
        beat(5_000, "tm-a", "tm-b", "tm-c");
        beat(10_000, "tm-a", "tm-b", "tm-c");
        assertThat(coordinator.handle(new ClusterEvent.Tick(10_003))).containsExactly(
                new ClusterCommand.TriggerCheckpoint(first, 1));
        for (SubtaskId subtask : coordinator.placement(JOB).keySet()) {
            coordinator.handle(new ClusterEvent.CheckpointAcknowledged(10_004, first, 1, subtask));
        }
        // tm-c stops answering; the others keep beating
        for (long t = 11_000; t <= 21_000; t += 1_000) {
            beat(t, "tm-a", "tm-b");
        }
        List<ClusterCommand> failover = coordinator.handle(new ClusterEvent.Tick(20_500));
        assertThat(only(failover, ClusterCommand.JobRestarting.class)).singleElement()
                .satisfies(restart -> {
                    assertThat(restart.reason()).contains("tm-c missed its heartbeats");
                    assertThat(restart.restoreFrom()).isEqualTo(1);
                });
        assertThat(only(failover, ClusterCommand.Cancel.class)).extracting(ClusterCommand.Cancel::taskManager)
                .containsExactlyInAnyOrder("tm-a", "tm-b");
        List<ClusterCommand.Deploy> redeploy = only(failover, ClusterCommand.Deploy.class);
        assertThat(redeploy).hasSize(9).allSatisfy(d -> {
            assertThat(d.taskManager()).isIn("tm-a", "tm-b");
            assertThat(d.restoreFrom()).isEqualTo(1);
            assertThat(d.attempt()).isGreaterThan(first);
        });
        // a late message of the first attempt changes nothing
        SubtaskId any = new SubtaskId(JOB, new VertexId(1), 0);
        assertThat(coordinator.handle(new ClusterEvent.SubtaskFailed(21_600, first, any, "late"))).isEmpty();
        assertThat(coordinator.slots()).containsOnlyKeys("tm-a", "tm-b");
    }

    @Test
    void aRestartedJobManagerResumesFromDurableStateAndCancelsWhatTaskManagersStillRun() {
        AttemptId old = new AttemptId(JOB, 1, 4);
        ClusterCoordinator restarted = new ClusterCoordinator(ClusterCoordinator.Config.defaults(), 2,
                List.of(new ClusterCoordinator.RecoveredJob(SPEC, 17)));
        // a heartbeat from a TaskManager it does not know yet asks it to register
        assertThat(restarted.handle(new ClusterEvent.Heartbeat(0, "tm-a", "tm-a/1")))
                .containsExactly(new ClusterCommand.Reregister("tm-a"));
        List<ClusterCommand> first = restarted.handle(new ClusterEvent.Registered(1, "tm-a", "tm-a/1", 6, Set.of(old)));
        assertThat(first.get(0)).isEqualTo(new ClusterCommand.Cancel("tm-a", old));
        List<ClusterCommand.Deploy> deploy = only(first, ClusterCommand.Deploy.class);
        assertThat(deploy).hasSize(9).allSatisfy(d -> {
            assertThat(d.restoreFrom()).isEqualTo(17);
            assertThat(d.attempt().leader()).isEqualTo(2);
            assertThat(d.attempt()).isGreaterThan(old);
        });
    }
}
