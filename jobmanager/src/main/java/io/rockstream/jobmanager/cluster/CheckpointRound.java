package io.rockstream.jobmanager.cluster;

import io.rockstream.jobgraph.graph.JobId;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One checkpoint of the TaskManager processes' state stores as a deterministic state machine
 * (ARCHITECTURE.md §5): it knows which processes were asked and where each job's slots ran
 * when they were, is told each process's answer or silence (lost, failed, out of time), and
 * decides which views the checkpoint holds and from which stores. It reads no clock, starts
 * no thread and does no I/O; {@link ClusterJobs} feeds it from the job plane, and
 * {@code CheckpointRoundSimulationTest} feeds it seeded orders of answers, silences,
 * duplicates and strays.
 *
 * <p>Rules:
 * <ul>
 *   <li>A process asked settles once: its first answer or silence counts, anything after
 *       it is ignored, and so is anything from a process not asked. An answer without a state
 *       (a process with no durable store) counts as silence.
 *   <li>The round is complete when every process asked has settled.
 *   <li>A job is held when each of its slots' processes answered with a state and counted
 *       the job idle at the deployment placed when the checkpoint was asked (a job placed
 *       again meanwhile is another deployment, whose state this checkpoint does not have).
 *   <li>A view is recorded, with the store of each of its slots, when its job is held; a
 *       view not placed on a process is recorded as in the JobManager's own store; a view
 *       unsettled (being placed) at any time around the checkpoint is never recorded.
 * </ul>
 *
 * <p>Not thread-safe: {@link ClusterJobs} calls it under its own lock.
 */
public final class CheckpointRound {
    /** Where a job's slots ran when the checkpoint was asked: its deployment number and each slot's process. */
    public record Placement(long attempt, List<String> slots) {
    }

    /** A process's answer: its state checkpoint (empty: none), and its idle jobs by deployment number. */
    public record Answer(byte[] state, Map<JobId, Long> idleJobs) {
    }

    /** A view as the checkpoint sees it: its job and its number of slots. */
    public record View(JobId job, int slots) {
    }

    private final Set<String> asked;
    private final Map<JobId, Placement> placements;
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final Set<String> settled = new HashSet<>();

    /**
     * @param asked the processes asked to checkpoint their store
     * @param placements where each job placed on processes ran when they were asked
     */
    public CheckpointRound(Set<String> asked, Map<JobId, Placement> placements) {
        this.asked = Set.copyOf(asked);
        this.placements = Map.copyOf(placements);
    }

    /**
     * {@code host} answered; true when the answer counts (asked, not settled yet, with a
     * state). An answer without a state settles the process as silence.
     */
    public boolean answered(String host, Answer answer) {
        if (!asked.contains(host) || !settled.add(host)) {
            return false;
        }
        if (answer == null || answer.state().length == 0) {
            return false;
        }
        answers.put(host, answer);
        return true;
    }

    /** {@code host} will not answer (lost, failed, out of time); true when that settles it. */
    public boolean silent(String host) {
        return asked.contains(host) && settled.add(host);
    }

    /** Whether every process asked has settled. */
    public boolean complete() {
        return settled.containsAll(asked);
    }

    /** The processes asked and not settled yet. */
    public Set<String> waiting() {
        Set<String> waiting = new HashSet<>(asked);
        waiting.removeAll(settled);
        return waiting;
    }

    /** The answers that count, by process. */
    public Map<String, Answer> answers() {
        return Collections.unmodifiableMap(answers);
    }

    /** Whether every slot of {@code job} is in this checkpoint (see the class rules). */
    public boolean holds(JobId job) {
        Placement placement = placements.get(job);
        if (placement == null) {
            return false;
        }
        for (String host : placement.slots()) {
            Answer answer = answers.get(host);
            if (answer == null || !Long.valueOf(placement.attempt()).equals(answer.idleJobs().get(job))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The views this checkpoint records, with the store of each slot: the process of the slot
     * for a held job, {@code local} for every slot of a view not on a process; {@code views}
     * by name, in the order to record them; {@code unsettled} are left out.
     */
    public Map<String, List<String>> where(Map<String, View> views, Set<String> unsettled, String local) {
        Map<String, List<String>> where = new LinkedHashMap<>();
        views.forEach((name, view) -> {
            if (unsettled.contains(name)) {
                return; // rebuilt at a restart from this checkpoint, and not restored from it meanwhile
            }
            Placement placement = placements.get(view.job());
            if (placement == null) {
                where.put(name, Collections.nCopies(view.slots(), local));
            } else if (holds(view.job())) {
                where.put(name, placement.slots());
            }
        });
        return where;
    }
}
