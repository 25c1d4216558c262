package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.JobManagerGateway;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's side of the TaskManager protocol: collects sink acknowledgements and
 * data errors per job and epoch, and tells the job's listener once all sink subtasks of
 * an epoch have reported.
 */
public final class JobManagerEndpoint implements JobManagerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(JobManagerEndpoint.class);

    private final Map<JobId, Tracker> jobs = new ConcurrentHashMap<>();

    /** Acks and errors of one job, per epoch. */
    private static final class Tracker {
        final JobListener listener;
        final int sinkSubtasks;
        final Map<Long, ZSet> deltas = new HashMap<>();
        final Map<Long, ZSet> errors = new HashMap<>();
        final Map<Long, Integer> acks = new HashMap<>();
        boolean failed;

        Tracker(JobListener listener, int sinkSubtasks) {
            this.listener = listener;
            this.sinkSubtasks = sinkSubtasks;
        }
    }

    public void register(JobId job, int sinkSubtasks, JobListener listener) {
        jobs.put(job, new Tracker(listener, sinkSubtasks));
    }

    public void unregister(JobId job) {
        jobs.remove(job);
    }

    @Override
    public void sinkEpochCompleted(SubtaskId subtask, long epoch, ZSet delta) {
        Tracker tracker = jobs.get(subtask.job());
        if (tracker == null) {
            return;
        }
        ZSet completeDelta = null;
        ZSet completeErrors = null;
        synchronized (tracker) {
            if (tracker.failed) {
                return;
            }
            tracker.deltas.computeIfAbsent(epoch, e -> new ZSet()).addAll(delta);
            int acks = tracker.acks.merge(epoch, 1, Integer::sum);
            if (acks == tracker.sinkSubtasks) {
                completeDelta = tracker.deltas.remove(epoch);
                ZSet errors = tracker.errors.remove(epoch);
                completeErrors = errors == null ? new ZSet() : errors.consolidate();
                tracker.acks.remove(epoch);
            }
        }
        if (completeDelta != null) {
            tracker.listener.epochCompleted(epoch, completeDelta, completeErrors);
        }
    }

    @Override
    public void dataErrors(SubtaskId subtask, long epoch, ZSet errors) {
        Tracker tracker = jobs.get(subtask.job());
        if (tracker != null) {
            synchronized (tracker) {
                tracker.errors.computeIfAbsent(epoch, e -> new ZSet()).addAll(errors);
            }
        }
    }

    @Override
    public void subtaskFailed(SubtaskId subtask, Throwable failure) {
        Tracker tracker = jobs.get(subtask.job());
        if (tracker == null) {
            return;
        }
        synchronized (tracker) {
            if (tracker.failed) {
                return;
            }
            tracker.failed = true;
        }
        if (!(failure instanceof io.rockstream.jobgraph.error.RockStreamException)) {
            LOG.error("subtask {} failed", subtask, failure);
        }
        tracker.listener.failed(failure);
    }
}
