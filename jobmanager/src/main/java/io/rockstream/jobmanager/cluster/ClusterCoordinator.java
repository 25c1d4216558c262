package io.rockstream.jobmanager.cluster;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobmanager.cluster.ClusterCommand.Cancel;
import io.rockstream.jobmanager.cluster.ClusterCommand.CheckpointCompleted;
import io.rockstream.jobmanager.cluster.ClusterCommand.Deploy;
import io.rockstream.jobmanager.cluster.ClusterCommand.JobRestarting;
import io.rockstream.jobmanager.cluster.ClusterCommand.JobRunning;
import io.rockstream.jobmanager.cluster.ClusterCommand.JobWaiting;
import io.rockstream.jobmanager.cluster.ClusterCommand.TriggerCheckpoint;
import io.rockstream.jobmanager.cluster.ClusterEvent.AttemptId;
import io.rockstream.jobmanager.cluster.ClusterEvent.JobSpec;
import io.rockstream.jobmanager.cluster.ClusterEvent.VertexSpec;
import io.rockstream.statebackend.KeyGroups;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JobManager's scheduler, checkpoint coordinator and failover as one deterministic state
 * machine (ARCHITECTURE.md §5): {@link #handle} takes an event and returns the commands it
 * calls for; it reads no clock, starts no thread and does no I/O, so the same events always
 * give the same commands, and a simulator can drive it through reordered, lost and
 * duplicated messages and crashes.
 *
 * <ul>
 *   <li><b>Scheduling.</b> With slot sharing, a job takes one slot per subtask index of its
 *       widest vertex; slot i holds subtask i of every vertex. Slots are spread: each goes to
 *       the TaskManager with the most free slots. Subtask i of a vertex with parallelism p
 *       owns the key groups {@link KeyGroups#rangeStart} gives it.
 *   <li><b>Attempts.</b> Each (re)start is a new {@link AttemptId}; events of older attempts
 *       are ignored, so a late message can never complete a newer attempt's deployment or
 *       checkpoint.
 *   <li><b>Checkpoints.</b> A running job's sources get a barrier every
 *       {@code checkpointIntervalMillis}; the checkpoint completes when every subtask of the
 *       same attempt acknowledged it, and is abandoned after {@code checkpointTimeoutMillis}.
 *   <li><b>Failover.</b> A TaskManager silent for {@code heartbeatTimeoutMillis}, or
 *       disconnected, or registering under a new incarnation, is lost; every job with a
 *       subtask there restarts as a new attempt from its latest complete checkpoint on the
 *       remaining slots (or waits for slots). So does a job with a failed subtask, or one not
 *       fully deployed within {@code deployTimeoutMillis}.
 *   <li><b>JobManager restart.</b> A new coordinator starts from the jobs and their latest
 *       complete checkpoints (durable), under a higher leader term; TaskManagers register
 *       again (a heartbeat from one it does not know asks it to) and are told to cancel what
 *       they still run.
 * </ul>
 */
public final class ClusterCoordinator {
    /** Timings, in milliseconds. */
    public record Config(long heartbeatTimeoutMillis, long deployTimeoutMillis, long checkpointIntervalMillis,
            long checkpointTimeoutMillis) {
        public static Config defaults() {
            return new Config(10_000, 60_000, 10_000, 120_000);
        }
    }

    /** What a restarted JobManager knows durably of a job: its spec and its latest complete checkpoint (-1: none). */
    public record RecoveredJob(JobSpec spec, long latestCheckpoint) {
    }

    /** Where a job stands. */
    public enum Status { WAITING, DEPLOYING, RUNNING }

    private static final class TaskManager {
        final String id;
        final String incarnation;
        final int slots;
        long lastSeen;
        /** Slot index → the job attempt holding it. */
        final Map<Integer, AttemptId> used = new TreeMap<>();

        TaskManager(String id, String incarnation, int slots, long now) {
            this.id = id;
            this.incarnation = incarnation;
            this.slots = slots;
            this.lastSeen = now;
        }

        int free() {
            return slots - used.size();
        }

        int firstFreeSlot() {
            for (int slot = 0; slot < slots; slot++) {
                if (!used.containsKey(slot)) {
                    return slot;
                }
            }
            throw new IllegalStateException("no free slot on " + id);
        }
    }

    private static final class Job {
        final JobSpec spec;
        Status status = Status.WAITING;
        AttemptId attempt;
        long attempts;
        /** Subtask → TaskManager, for the current attempt. */
        final Map<SubtaskId, String> placement = new LinkedHashMap<>();
        final Set<SubtaskId> deployed = new HashSet<>();
        long deployStarted;
        long latestCheckpoint;
        long pendingCheckpoint = -1;
        long pendingSince;
        final Set<SubtaskId> awaiting = new HashSet<>();
        long lastCheckpointAt;
        boolean waitingAnnounced;

        Job(JobSpec spec, long latestCheckpoint) {
            this.spec = spec;
            this.latestCheckpoint = latestCheckpoint;
        }
    }

    private final Config config;
    private final long leader;
    private final Map<String, TaskManager> taskManagers = new TreeMap<>();
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private long nextCheckpoint;

    /** A coordinator under leader term {@code leader}, resuming {@code recovered} jobs (empty on a first start). */
    public ClusterCoordinator(Config config, long leader, List<RecoveredJob> recovered) {
        this.config = config;
        this.leader = leader;
        long highest = 0;
        for (RecoveredJob job : recovered) {
            jobs.put(job.spec().id(), new Job(job.spec(), job.latestCheckpoint()));
            highest = Math.max(highest, job.latestCheckpoint());
        }
        this.nextCheckpoint = highest + 1;
    }

    /** The commands {@code event} calls for, in the order they are to be sent. */
    public List<ClusterCommand> handle(ClusterEvent event) {
        List<ClusterCommand> out = new ArrayList<>();
        if (event instanceof ClusterEvent.Registered registered) {
            register(registered, out);
        } else if (event instanceof ClusterEvent.Heartbeat heartbeat) {
            TaskManager known = taskManagers.get(heartbeat.taskManager());
            if (known != null && known.incarnation.equals(heartbeat.incarnation())) {
                known.lastSeen = heartbeat.now();
            } else {
                out.add(new ClusterCommand.Reregister(heartbeat.taskManager()));
            }
        } else if (event instanceof ClusterEvent.Tick tick) {
            tick(tick.now(), out);
        } else if (event instanceof ClusterEvent.JobSubmitted submitted) {
            if (!jobs.containsKey(submitted.job().id())) {
                Job job = new Job(submitted.job(), -1);
                jobs.put(submitted.job().id(), job);
                schedule(job, submitted.now(), out);
            }
        } else if (event instanceof ClusterEvent.JobCancelled cancelled) {
            Job job = jobs.remove(cancelled.job());
            if (job != null) {
                release(job, out);
            }
        } else if (event instanceof ClusterEvent.Deployed deployed) {
            deployed(deployed, out);
        } else if (event instanceof ClusterEvent.SubtaskFailed failed) {
            Job job = current(failed.attempt());
            if (job != null && job.placement.containsKey(failed.subtask())) {
                restart(job, "subtask " + failed.subtask() + " failed: " + failed.reason(), failed.now(), out);
            }
        } else if (event instanceof ClusterEvent.CheckpointAcknowledged ack) {
            acknowledged(ack, out);
        } else if (event instanceof ClusterEvent.Disconnected disconnected) {
            TaskManager lost = taskManagers.get(disconnected.taskManager());
            if (lost != null) {
                lose(lost, "TaskManager " + lost.id + " disconnected", disconnected.now(), out);
            }
        }
        return out;
    }

    private void register(ClusterEvent.Registered registered, List<ClusterCommand> out) {
        TaskManager known = taskManagers.get(registered.taskManager());
        if (known != null) {
            if (known.incarnation.equals(registered.incarnation())) {
                // the same process reconnected: what it runs for us stays; anything else goes
                known.lastSeen = registered.now();
                Set<AttemptId> ours = new HashSet<>(known.used.values());
                for (AttemptId running : registered.running()) {
                    if (!ours.contains(running)) {
                        out.add(new Cancel(known.id, running));
                    }
                }
                return;
            }
            lose(known, "TaskManager " + known.id + " restarted", registered.now(), out);
        }
        TaskManager added = new TaskManager(registered.taskManager(), registered.incarnation(), registered.slots(),
                registered.now());
        taskManagers.put(added.id, added);
        // a new process runs nothing of ours, whatever it reports (a JobManager restart makes all attempts stale)
        for (AttemptId running : new java.util.TreeSet<>(registered.running())) {
            out.add(new Cancel(added.id, running));
        }
        for (Job job : jobs.values()) {
            if (job.status == Status.WAITING) {
                schedule(job, registered.now(), out);
            }
        }
    }

    private void tick(long now, List<ClusterCommand> out) {
        for (TaskManager taskManager : new ArrayList<>(taskManagers.values())) {
            if (now - taskManager.lastSeen > config.heartbeatTimeoutMillis()) {
                lose(taskManager, "TaskManager " + taskManager.id + " missed its heartbeats for "
                        + (now - taskManager.lastSeen) + " ms", now, out);
            }
        }
        for (Job job : new ArrayList<>(jobs.values())) {
            if (job.status == Status.DEPLOYING && now - job.deployStarted > config.deployTimeoutMillis()) {
                restart(job, "deployment of " + job.attempt + " did not finish in " + config.deployTimeoutMillis()
                        + " ms", now, out);
            } else if (job.status == Status.RUNNING) {
                if (job.pendingCheckpoint >= 0 && now - job.pendingSince > config.checkpointTimeoutMillis()) {
                    job.pendingCheckpoint = -1; // abandoned; the next one starts at the next interval
                    job.awaiting.clear();
                    job.lastCheckpointAt = now;
                } else if (job.pendingCheckpoint < 0 && now - job.lastCheckpointAt >= config.checkpointIntervalMillis()) {
                    job.pendingCheckpoint = nextCheckpoint++;
                    job.pendingSince = now;
                    job.awaiting.clear();
                    job.awaiting.addAll(job.placement.keySet());
                    out.add(new TriggerCheckpoint(job.attempt, job.pendingCheckpoint));
                }
            } else if (job.status == Status.WAITING) {
                schedule(job, now, out);
            }
        }
    }

    private void deployed(ClusterEvent.Deployed deployed, List<ClusterCommand> out) {
        Job job = current(deployed.attempt());
        if (job == null || job.status != Status.DEPLOYING
                || !deployed.taskManager().equals(job.placement.get(deployed.subtask()))) {
            return;
        }
        job.deployed.add(deployed.subtask());
        if (job.deployed.size() == job.placement.size()) {
            job.status = Status.RUNNING;
            job.lastCheckpointAt = deployed.now();
            out.add(new JobRunning(job.attempt));
        }
    }

    private void acknowledged(ClusterEvent.CheckpointAcknowledged ack, List<ClusterCommand> out) {
        Job job = current(ack.attempt());
        if (job == null || job.status != Status.RUNNING || job.pendingCheckpoint != ack.checkpoint()) {
            return;
        }
        job.awaiting.remove(ack.subtask());
        if (job.awaiting.isEmpty()) {
            job.latestCheckpoint = job.pendingCheckpoint;
            job.pendingCheckpoint = -1;
            job.lastCheckpointAt = ack.now();
            out.add(new CheckpointCompleted(job.spec.id(), job.attempt, job.latestCheckpoint));
        }
    }

    /** The job whose current attempt is {@code attempt}, or null (unknown job, or a stale attempt). */
    private Job current(AttemptId attempt) {
        Job job = jobs.get(attempt.job());
        return job != null && attempt.equals(job.attempt) ? job : null;
    }

    private void lose(TaskManager lost, String reason, long now, List<ClusterCommand> out) {
        taskManagers.remove(lost.id);
        Set<AttemptId> affected = new java.util.TreeSet<>(lost.used.values());
        lost.used.clear();
        for (AttemptId attempt : affected) {
            Job job = current(attempt);
            if (job != null) {
                restart(job, reason, now, out);
            }
        }
    }

    private void restart(Job job, String reason, long now, List<ClusterCommand> out) {
        release(job, out);
        out.add(new JobRestarting(job.spec.id(), reason, job.latestCheckpoint));
        schedule(job, now, out);
    }

    /** Cancels the current attempt everywhere it runs and frees its slots. */
    private void release(Job job, List<ClusterCommand> out) {
        if (job.attempt != null) {
            for (TaskManager taskManager : taskManagers.values()) {
                if (taskManager.used.values().removeIf(job.attempt::equals)) {
                    out.add(new Cancel(taskManager.id, job.attempt));
                }
            }
        }
        job.placement.clear();
        job.deployed.clear();
        job.awaiting.clear();
        job.pendingCheckpoint = -1;
        job.status = Status.WAITING;
    }

    private void schedule(Job job, long now, List<ClusterCommand> out) {
        int needed = job.spec.slots();
        int free = taskManagers.values().stream().mapToInt(TaskManager::free).sum();
        if (free < needed) {
            job.status = Status.WAITING;
            if (!job.waitingAnnounced) {
                out.add(new JobWaiting(job.spec.id(), needed, free));
                job.waitingAnnounced = true;
            }
            return;
        }
        job.waitingAnnounced = false;
        job.attempt = new AttemptId(job.spec.id(), leader, ++job.attempts);
        String[] slotOwner = new String[needed];
        int[] slotIndex = new int[needed];
        for (int i = 0; i < needed; i++) {
            TaskManager target = Collections.max(taskManagers.values(),
                    java.util.Comparator.comparingInt(TaskManager::free)
                            .thenComparing(tm -> tm.id, java.util.Comparator.reverseOrder()));
            slotIndex[i] = target.firstFreeSlot();
            target.used.put(slotIndex[i], job.attempt);
            slotOwner[i] = target.id;
        }
        job.status = Status.DEPLOYING;
        job.deployStarted = now;
        for (VertexSpec vertex : job.spec.vertices()) {
            for (int index = 0; index < vertex.parallelism(); index++) {
                SubtaskId subtask = new SubtaskId(job.spec.id(), new VertexId(vertex.vertex()), index);
                job.placement.put(subtask, slotOwner[index]);
                int first = KeyGroups.rangeStart(index, job.spec.maxParallelism(), vertex.parallelism());
                int end = KeyGroups.rangeStart(index + 1, job.spec.maxParallelism(), vertex.parallelism());
                out.add(new Deploy(slotOwner[index], job.attempt, subtask, slotIndex[index], first, end,
                        job.latestCheckpoint));
            }
        }
    }

    // ------------------------------------------------------------------ what it knows, for tests and monitoring

    public Optional<Status> status(JobId job) {
        return Optional.ofNullable(jobs.get(job)).map(j -> j.status);
    }

    public Optional<AttemptId> attempt(JobId job) {
        return Optional.ofNullable(jobs.get(job)).map(j -> j.attempt);
    }

    /** The latest complete checkpoint of the job (-1: none). */
    public long latestCheckpoint(JobId job) {
        Job known = jobs.get(job);
        return known == null ? -1 : known.latestCheckpoint;
    }

    /** The current attempt's placement: subtask → TaskManager. */
    public Map<SubtaskId, String> placement(JobId job) {
        Job known = jobs.get(job);
        return known == null ? Map.of() : Map.copyOf(known.placement);
    }

    /** The live TaskManagers and, for each, how many of its slots are used. */
    public Map<String, int[]> slots() {
        Map<String, int[]> slots = new TreeMap<>();
        taskManagers.values().forEach(tm -> slots.put(tm.id, new int[] {tm.used.size(), tm.slots}));
        return slots;
    }

    /** The incarnation a live TaskManager registered under. */
    public Optional<String> incarnation(String taskManager) {
        return Optional.ofNullable(taskManagers.get(taskManager)).map(tm -> tm.incarnation);
    }

    /** What a restarted JobManager would resume from. */
    public List<RecoveredJob> durableState() {
        List<RecoveredJob> state = new ArrayList<>();
        jobs.values().forEach(job -> state.add(new RecoveredJob(job.spec, job.latestCheckpoint)));
        return state;
    }
}
