package io.rockstream.jobmanager.cluster;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobmanager.cluster.ClusterEvent.AttemptId;
import io.rockstream.jobmanager.cluster.ClusterEvent.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded, single-threaded simulation of a JobManager and TaskManagers around a
 * {@link ClusterCoordinator}: messages take random time (so they arrive out of order), may be
 * lost or duplicated, TaskManagers crash and come back under a new incarnation, are cut off
 * from the network and reconnect, and the JobManager itself restarts from its durable state.
 * The simulator keeps the ground truth (what each TaskManager really runs and acknowledged)
 * and checks the coordinator's commands against it after every event; a broken rule throws
 * {@link AssertionError} naming the seed, so any failure is replayed exactly.
 */
final class ClusterSimulator {
    static final long HEARTBEAT_INTERVAL = 1_000;
    static final long TICK_INTERVAL = 250;
    static final ClusterCoordinator.Config CONFIG = new ClusterCoordinator.Config(4_000, 8_000, 2_000, 10_000);

    private record Scheduled(long time, long sequence, Runnable action) {
    }

    private final long seed;
    private final Random random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    private long sequence;
    private long now;
    private boolean faults = true;
    private double dropRate;

    // the JobManager
    private ClusterCoordinator coordinator;
    private long leader = 1;
    /** Bumped at every JobManager restart: messages to an older one are lost. */
    private int jobManagerGeneration;
    private final Map<JobId, JobSpec> submitted = new java.util.LinkedHashMap<>();
    /** Durable truth: the latest complete checkpoint of each job, as the JobManager persisted it. */
    private final Map<JobId, Long> durableCheckpoint = new HashMap<>();

    // the TaskManagers' truth
    private final List<SimTaskManager> taskManagers = new ArrayList<>();
    /** (attempt, checkpoint) → the subtasks that really acknowledged it. */
    private final Map<String, Set<SubtaskId>> acknowledged = new HashMap<>();
    /** attempt → the subtasks that really reported deployed. */
    private final Map<AttemptId, Set<SubtaskId>> reportedDeployed = new HashMap<>();
    private final Map<String, int[]> keyGroupsSeen = new HashMap<>();

    // what happened, for the test's figures
    int completedCheckpoints;
    int restarts;
    int jobManagerRestarts;
    int crashes;
    int cuts;
    long events;

    private final class SimTaskManager {
        final String id;
        final int slots;
        int incarnation;
        boolean alive = true;
        boolean cut;
        /** attempt → its subtasks running here. */
        final Map<AttemptId, Set<SubtaskId>> running = new TreeMap<>();

        SimTaskManager(String id, int slots) {
            this.id = id;
            this.slots = slots;
        }

        String incarnation() {
            return id + "/" + incarnation;
        }

        void register() {
            if (!alive) {
                return;
            }
            Set<AttemptId> attempts = new TreeSet<>(running.keySet());
            toJobManager(this, new ClusterEvent.Registered(0, id, incarnation(), slots, attempts));
        }

        void receive(ClusterCommand command) {
            if (!alive) {
                return;
            }
            if (command instanceof ClusterCommand.Deploy deploy) {
                if (random.nextInt(100) < (faults ? 2 : 0)) {
                    toJobManager(this, new ClusterEvent.SubtaskFailed(0, deploy.attempt(), deploy.subtask(),
                            "simulated failure"));
                    return;
                }
                running.computeIfAbsent(deploy.attempt(), a -> new TreeSet<>(
                        java.util.Comparator.comparing(SubtaskId::toString))).add(deploy.subtask());
                reportedDeployed.computeIfAbsent(deploy.attempt(), a -> new HashSet<>()).add(deploy.subtask());
                toJobManager(this, new ClusterEvent.Deployed(0, deploy.attempt(), deploy.subtask(), id));
            } else if (command instanceof ClusterCommand.Cancel cancel) {
                running.remove(cancel.attempt());
            } else if (command instanceof ClusterCommand.Reregister) {
                register();
            } else if (command instanceof ClusterCommand.TriggerCheckpoint trigger) {
                Set<SubtaskId> subtasks = running.get(trigger.attempt());
                if (subtasks != null) {
                    for (SubtaskId subtask : subtasks) {
                        acknowledged.computeIfAbsent(trigger.attempt() + "@" + trigger.checkpoint(),
                                k -> new HashSet<>()).add(subtask);
                        toJobManager(this, new ClusterEvent.CheckpointAcknowledged(0, trigger.attempt(),
                                trigger.checkpoint(), subtask));
                    }
                }
            }
        }
    }

    ClusterSimulator(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.coordinator = new ClusterCoordinator(CONFIG, leader, List.of());
    }

    long seed() {
        return seed;
    }

    /** Runs {@code faultyMillis} of random faults, then {@code calmMillis} without, and checks every job recovered. */
    void run(long faultyMillis, long calmMillis) {
        int taskManagerCount = 2 + random.nextInt(3);
        int totalSlots = 0;
        for (int i = 0; i < taskManagerCount; i++) {
            SimTaskManager taskManager = new SimTaskManager("tm-" + i, 2 + random.nextInt(3));
            totalSlots += taskManager.slots;
            taskManagers.add(taskManager);
            at(random.nextInt(500), taskManager::register);
            heartbeat(taskManager, random.nextInt((int) HEARTBEAT_INTERVAL));
        }
        int jobCount = 1 + random.nextInt(3);
        int slotsLeft = totalSlots;
        for (int j = 0; j < jobCount && slotsLeft > 0; j++) {
            int width = 1 + random.nextInt(Math.min(4, slotsLeft));
            slotsLeft -= width;
            List<ClusterEvent.VertexSpec> vertices = new ArrayList<>();
            int vertexCount = 1 + random.nextInt(4);
            for (int v = 1; v <= vertexCount; v++) {
                vertices.add(new ClusterEvent.VertexSpec(v, v == 1 ? width : 1 + random.nextInt(width)));
            }
            JobSpec spec = new JobSpec(io.rockstream.jobgraph.graph.JobId.of("job" + j), vertices, 8 + random.nextInt(121));
            submitted.put(spec.id(), spec);
            at(random.nextInt(2_000), () -> handle(new ClusterEvent.JobSubmitted(now, spec)));
        }
        tick(TICK_INTERVAL);
        dropRate = random.nextInt(3) * 0.02;
        scheduleFaults(faultyMillis);
        at(faultyMillis, this::calm);
        long end = faultyMillis + calmMillis;
        while (!queue.isEmpty() && queue.peek().time <= end) {
            Scheduled next = queue.poll();
            now = next.time;
            next.action.run();
        }
        for (JobSpec spec : submitted.values()) {
            check(coordinator.status(spec.id()).orElse(null) == ClusterCoordinator.Status.RUNNING,
                    "job " + spec.id() + " runs again " + calmMillis + " ms after the faults stopped (it is "
                            + coordinator.status(spec.id()).orElse(null) + ")");
            check(coordinator.latestCheckpoint(spec.id()) > lastCheckpointBeforeCalm.getOrDefault(spec.id(), -1L),
                    "job " + spec.id() + " completed a checkpoint after the faults stopped");
        }
    }

    private final Map<JobId, Long> lastCheckpointBeforeCalm = new HashMap<>();

    private void calm() {
        faults = false;
        dropRate = 0;
        for (SimTaskManager taskManager : taskManagers) {
            if (!taskManager.alive) {
                restartTaskManager(taskManager);
            } else if (taskManager.cut) {
                taskManager.cut = false;
                taskManager.register();
            }
        }
        lastCheckpointBeforeCalm.putAll(durableCheckpoint);
    }

    private void scheduleFaults(long until) {
        long time = 1_000 + random.nextInt(3_000);
        while (time < until) {
            long when = time;
            int kind = random.nextInt(10);
            at(when, () -> fault(kind));
            time += 500 + random.nextInt(6_000);
        }
    }

    private void fault(int kind) {
        if (!faults) {
            return;
        }
        SimTaskManager victim = taskManagers.get(random.nextInt(taskManagers.size()));
        if (kind < 4) {
            // kill -9 of a TaskManager; it comes back later as a new process
            if (victim.alive) {
                crashes++;
                victim.alive = false;
                victim.running.clear();
                at(now + 500 + random.nextInt(8_000), () -> restartTaskManager(victim));
            }
        } else if (kind < 7) {
            // the network to a TaskManager is cut (or the process paused), then heals
            if (victim.alive && !victim.cut) {
                cuts++;
                victim.cut = true;
                at(now + 500 + random.nextInt(8_000), () -> {
                    if (victim.cut) {
                        victim.cut = false;
                        victim.register();
                    }
                });
            }
        } else if (kind < 8) {
            // the JobManager restarts: it keeps only what is durable
            jobManagerRestarts++;
            jobManagerGeneration++;
            leader++;
            List<ClusterCoordinator.RecoveredJob> recovered = new ArrayList<>();
            for (JobSpec spec : submitted.values()) {
                if (coordinator.status(spec.id()).isPresent()) {
                    recovered.add(new ClusterCoordinator.RecoveredJob(spec, durableCheckpoint.getOrDefault(spec.id(), -1L)));
                }
            }
            coordinator = new ClusterCoordinator(CONFIG, leader, recovered);
            for (SimTaskManager taskManager : taskManagers) {
                at(now + random.nextInt(1_000), taskManager::register);
            }
        } else {
            // a burst of lost messages
            double before = dropRate;
            dropRate = 0.3;
            at(now + 300 + random.nextInt(1_500), () -> dropRate = faults ? before : 0);
        }
    }

    private void restartTaskManager(SimTaskManager taskManager) {
        if (taskManager.alive) {
            return;
        }
        taskManager.alive = true;
        taskManager.cut = false;
        taskManager.incarnation++;
        taskManager.running.clear();
        taskManager.register();
    }

    private void heartbeat(SimTaskManager taskManager, long delay) {
        at(now + delay, () -> {
            if (taskManager.alive) {
                toJobManager(taskManager, new ClusterEvent.Heartbeat(0, taskManager.id, taskManager.incarnation()));
            }
            heartbeat(taskManager, HEARTBEAT_INTERVAL);
        });
    }

    private void tick(long delay) {
        at(now + delay, () -> {
            handle(new ClusterEvent.Tick(now));
            tick(TICK_INTERVAL);
        });
    }

    private void at(long time, Runnable action) {
        queue.add(new Scheduled(Math.max(time, now), sequence++, action));
    }

    private long latency() {
        return 1 + random.nextInt(40);
    }

    private boolean lost() {
        return random.nextDouble() < dropRate;
    }

    /** A TaskManager's message to the JobManager: delayed, maybe lost or duplicated; lost if the JobManager restarted meanwhile. */
    private void toJobManager(SimTaskManager from, ClusterEvent event) {
        if (from.cut || lost()) {
            return;
        }
        int generation = jobManagerGeneration;
        int copies = faults && random.nextInt(50) == 0 ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            at(now + latency(), () -> {
                if (generation == jobManagerGeneration && !from.cut) {
                    handle(withTime(event));
                }
            });
        }
    }

    private ClusterEvent withTime(ClusterEvent event) {
        if (event instanceof ClusterEvent.Registered e) {
            return new ClusterEvent.Registered(now, e.taskManager(), e.incarnation(), e.slots(), e.running());
        } else if (event instanceof ClusterEvent.Heartbeat e) {
            return new ClusterEvent.Heartbeat(now, e.taskManager(), e.incarnation());
        } else if (event instanceof ClusterEvent.Deployed e) {
            return new ClusterEvent.Deployed(now, e.attempt(), e.subtask(), e.taskManager());
        } else if (event instanceof ClusterEvent.SubtaskFailed e) {
            return new ClusterEvent.SubtaskFailed(now, e.attempt(), e.subtask(), e.reason());
        } else if (event instanceof ClusterEvent.CheckpointAcknowledged e) {
            return new ClusterEvent.CheckpointAcknowledged(now, e.attempt(), e.checkpoint(), e.subtask());
        }
        return event;
    }

    private void handle(ClusterEvent event) {
        events++;
        List<ClusterCommand> commands = coordinator.handle(event);
        checkState();
        for (ClusterCommand command : commands) {
            check(command);
            if (command instanceof ClusterCommand.Deploy deploy) {
                send(deploy.taskManager(), command);
            } else if (command instanceof ClusterCommand.Reregister reregister) {
                send(reregister.taskManager(), command);
            } else if (command instanceof ClusterCommand.Cancel cancel) {
                send(cancel.taskManager(), command);
            } else if (command instanceof ClusterCommand.TriggerCheckpoint) {
                // the barrier enters at the sources and flows to every subtask of the attempt, wherever it runs
                for (SimTaskManager taskManager : taskManagers) {
                    send(taskManager.id, command);
                }
            }
        }
    }

    private void send(String taskManagerId, ClusterCommand command) {
        SimTaskManager target = taskManagers.stream().filter(tm -> tm.id.equals(taskManagerId)).findFirst()
                .orElseThrow(() -> new AssertionError("seed " + seed + ": command to an unknown TaskManager: " + command));
        if (target.cut || lost()) {
            return;
        }
        int generation = jobManagerGeneration;
        at(now + latency(), () -> {
            // a command of a JobManager that has since restarted may still arrive (it was on the wire)
            if (!target.cut && (generation == jobManagerGeneration || random.nextBoolean())) {
                target.receive(command);
            }
        });
    }

    /** The rules every command must keep. */
    private void check(ClusterCommand command) {
        if (command instanceof ClusterCommand.Deploy deploy) {
            JobId job = deploy.attempt().job();
            long durable = durableCheckpoint.getOrDefault(job, -1L);
            check(deploy.restoreFrom() == durable, deploy.attempt() + " restores from the latest complete checkpoint "
                    + durable + ", not " + deploy.restoreFrom());
            // the subtasks of a vertex own consecutive key group ranges from 0 to maxParallelism
            String key = deploy.attempt() + "/" + deploy.subtask().vertex();
            int[] end = keyGroupsSeen.computeIfAbsent(key, k -> new int[] {0});
            check(deploy.firstKeyGroup() == end[0], "key groups of " + key + " continue at " + end[0] + ": " + deploy);
            check(deploy.firstKeyGroup() < deploy.endKeyGroup(), "a subtask owns at least one key group: " + deploy);
            end[0] = deploy.endKeyGroup();
            JobSpec spec = submitted.get(job);
            int parallelism = spec.vertices().stream().filter(v -> v.vertex() == deploy.subtask().vertex().value())
                    .findFirst().orElseThrow().parallelism();
            if (deploy.subtask().index() == parallelism - 1) {
                check(deploy.endKeyGroup() == spec.maxParallelism(), "the last subtask of " + key
                        + " owns the key groups up to " + spec.maxParallelism());
            }
        } else if (command instanceof ClusterCommand.CheckpointCompleted completed) {
            Set<SubtaskId> acks = acknowledged.getOrDefault(completed.attempt() + "@" + completed.checkpoint(), Set.of());
            JobSpec spec = submitted.get(completed.job());
            check(acks.size() == spec.subtasks(), "checkpoint " + completed.checkpoint() + " of " + completed.attempt()
                    + " completes only when all " + spec.subtasks() + " subtasks acknowledged it (" + acks.size() + " did)");
            long before = durableCheckpoint.getOrDefault(completed.job(), -1L);
            check(completed.checkpoint() > before, "checkpoints of " + completed.job() + " only move forward: "
                    + before + " then " + completed.checkpoint());
            durableCheckpoint.put(completed.job(), completed.checkpoint());
            completedCheckpoints++;
        } else if (command instanceof ClusterCommand.JobRunning running) {
            JobSpec spec = submitted.get(running.attempt().job());
            check(reportedDeployed.getOrDefault(running.attempt(), Set.of()).size() == spec.subtasks(),
                    running.attempt() + " runs only when every subtask reported deployed");
        } else if (command instanceof ClusterCommand.JobRestarting) {
            restarts++;
        }
    }

    /** The rules the coordinator's state must keep between events. */
    private void checkState() {
        Map<String, int[]> slots = coordinator.slots();
        slots.forEach((tm, used) -> check(used[0] <= used[1], tm + " uses " + used[0] + " of its " + used[1] + " slots"));
        for (JobSpec spec : submitted.values()) {
            ClusterCoordinator.Status status = coordinator.status(spec.id()).orElse(null);
            if (status == ClusterCoordinator.Status.DEPLOYING || status == ClusterCoordinator.Status.RUNNING) {
                Map<SubtaskId, String> placement = coordinator.placement(spec.id());
                check(placement.size() == spec.subtasks(), spec.id() + " has every subtask placed");
                for (String tm : placement.values()) {
                    check(slots.containsKey(tm), spec.id() + " is placed on live TaskManagers only, not " + tm);
                }
            }
        }
    }

    private void check(boolean rule, String what) {
        if (!rule) {
            throw new AssertionError("seed " + seed + " at " + now + " ms: broken rule: " + what
                    + " (replay with -Dcluster.seed=" + seed + ")");
        }
    }
}
