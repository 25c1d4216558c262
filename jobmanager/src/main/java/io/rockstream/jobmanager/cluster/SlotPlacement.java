package io.rockstream.jobmanager.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where jobs' slots go, as pure functions of the cluster's load (no I/O, no clock): the
 * scheduler's placement and the rebalancing decision after a TaskManager joined. A job's slot
 * i holds subtask i of every vertex wider than i; a TaskManager's load is the subtasks it
 * runs per slot it offers.
 */
public final class SlotPlacement {
    private SlotPlacement() {
    }

    /**
     * The cluster at one moment: each TaskManager's slots, and each job's host per slot
     * index with the subtasks each of its slots runs.
     */
    public record Cluster(Map<String, Integer> slots, Map<String, List<String>> hosts, Map<String, int[]> widths) {
        /** Subtasks per TaskManager, jobs placed on TaskManagers not in {@link #slots} left out. */
        public Map<String, Integer> load() {
            Map<String, Integer> load = new HashMap<>();
            slots.keySet().forEach(host -> load.put(host, 0));
            hosts.forEach((job, placed) -> add(load, placed, widths.get(job), 1));
            return load;
        }
    }

    /**
     * Places a job whose slot i runs {@code width[i]} subtasks: slot by slot, each on the
     * TaskManager with the fewest subtasks per slot (ties: the smallest id), counting those
     * placed before it. {@code load} is updated with the job's subtasks.
     */
    public static List<String> place(Map<String, Integer> load, Map<String, Integer> slots, int[] width) {
        List<String> placed = new ArrayList<>();
        for (int subtasks : width) {
            String best = null;
            for (String host : load.keySet()) {
                if (best == null || compare(load, slots, host, best) < 0) {
                    best = host;
                }
            }
            placed.add(best);
            load.merge(best, subtasks, Integer::sum);
        }
        return placed;
    }

    private static int compare(Map<String, Integer> load, Map<String, Integer> slots, String a, String b) {
        // a/sa against b/sb without rounding: a * sb against b * sa
        int order = Long.compare((long) load.get(a) * slots.get(b), (long) load.get(b) * slots.get(a));
        return order != 0 ? order : a.compareTo(b);
    }

    /**
     * The job to move next to even the load out (e.g. a TaskManager joined and runs nothing):
     * the one whose placement afresh narrows the gap between the most and the least loaded
     * TaskManager (subtasks per slot) the most; empty when no move narrows it.
     */
    public static Optional<String> nextMove(Cluster cluster) {
        if (cluster.slots().size() < 2) {
            return Optional.empty();
        }
        Map<String, Integer> load = cluster.load();
        double gap = gap(load, cluster.slots());
        String best = null;
        double bestGap = gap;
        for (String job : new java.util.TreeSet<>(cluster.hosts().keySet())) {
            List<String> now = cluster.hosts().get(job);
            if (!cluster.slots().keySet().containsAll(now)) {
                continue; // on a TaskManager being lost: failover moves it
            }
            Map<String, Integer> without = new HashMap<>(load);
            int[] width = cluster.widths().get(job);
            add(without, now, width, -1);
            List<String> then = place(without, cluster.slots(), width);
            double after = gap(without, cluster.slots());
            if (!then.equals(now) && after < bestGap - 1e-9) {
                best = job;
                bestGap = after;
            }
        }
        return Optional.ofNullable(best);
    }

    private static void add(Map<String, Integer> load, List<String> hosts, int[] width, int sign) {
        for (int index = 0; index < hosts.size(); index++) {
            int subtasks = sign * width[index];
            load.computeIfPresent(hosts.get(index), (host, used) -> used + subtasks);
        }
    }

    private static double gap(Map<String, Integer> load, Map<String, Integer> slots) {
        double most = Double.NEGATIVE_INFINITY;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Integer> entry : load.entrySet()) {
            double perSlot = (double) entry.getValue() / slots.get(entry.getKey());
            most = Math.max(most, perSlot);
            least = Math.min(least, perSlot);
        }
        return most - least;
    }
}
