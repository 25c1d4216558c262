package io.rockstream.bench.flink;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Ends a bounded job as soon as its input is drained instead of at the next periodic checkpoint.
 *
 * <p>Why: with checkpointing on, a Flink task that has reached the end of its input does not
 * finish until a checkpoint taken after that point completes (FLIP-147 final checkpoint, needed
 * for exactly-once sinks such as the collect sink). A periodic checkpoint can be a whole interval
 * away (10 s by default), so job completion would be late by a random share of the interval that
 * has nothing to do with the query. Upstream Nexmark never sees this: its source is unbounded and
 * it reads throughput from metrics.
 *
 * <p>What: every {@value #POLL_MILLIS} ms it asks {@link WatermarkReporter} whether every
 * operator of the job has seen the final watermark, that is whether all input has flowed through
 * the job; from then on it triggers a checkpoint, and another one {@value #POLL_MILLIS} ms after
 * each one ends (a barrier that overtakes a task's last work is not that task's final checkpoint),
 * until the job is no longer running. Periodic checkpoints go on as configured throughout. It
 * also records the job's state backend name, so a run can show that RocksDB was used.
 */
final class DrainCheckpointer implements AutoCloseable {

    static final long POLL_MILLIS = 100;

    private final MiniCluster miniCluster;
    private final JobID job;
    private final ScheduledExecutorService scheduler;
    private volatile String stateBackend;
    private boolean checkpointPending;

    private DrainCheckpointer(MiniCluster miniCluster, JobID job) {
        this.miniCluster = requireNonNull(miniCluster, "miniCluster is null");
        this.job = requireNonNull(job, "job is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "drain-checkpointer-" + job);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts watching {@code job}; close it once the job has ended. */
    static DrainCheckpointer watch(MiniCluster miniCluster, JobID job) {
        DrainCheckpointer checkpointer = new DrainCheckpointer(miniCluster, job);
        checkpointer.scheduler.scheduleWithFixedDelay(checkpointer::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    /** The job's state backend as Flink names it, once seen. */
    Optional<String> stateBackend() {
        return Optional.ofNullable(stateBackend);
    }

    // Runs on the scheduler thread only, so checkpointPending needs no lock.
    private void poll() {
        try {
            AccessExecutionGraph graph = miniCluster.getExecutionGraphInfo(job).get().getArchivedExecutionGraph();
            graph.getStateBackendName().ifPresent(name -> stateBackend = name);
            if (graph.getState().isTerminalState() || checkpointPending || !WatermarkReporter.inputDrained(job.toHexString())) {
                return;
            }
            checkpointPending = true;
            miniCluster.triggerCheckpoint(job, CheckpointType.CONFIGURED)
                    .whenComplete((id, failure) -> scheduler.execute(() -> checkpointPending = false));
        } catch (Exception e) {
            // the job may have ended between two polls; the next poll or close() settles it
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        WatermarkReporter.forget(job.toHexString());
    }
}
