package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Feeds whole relations into a job as one epoch without holding them on the heap: each
 * relation's rows go to the job's sources in chunks (the TaskManager makes the feeding wait
 * while the job is behind), then the epoch's barrier. Used for ad-hoc queries, view
 * backfills and DML without a key lookup; a one-epoch job's answer is the same whether its
 * input arrives in one delta or in many.
 */
public final class EpochInput {
    /** Rows per chunk (a stored relation also ends a chunk after a few MB). */
    public static final int CHUNK_ROWS = 10_000;

    private EpochInput() {
    }

    /**
     * Streams {@code inputs} into {@code job} and starts {@code epoch}; stops feeding early
     * when {@code stop} says the job's result is already known (e.g. it failed). Closes the
     * readers.
     */
    public static void inject(TaskManagerGateway taskManager, JobId job, long epoch, Map<String, Contents.Reader> inputs,
            BooleanSupplier stop) {
        try {
            for (Map.Entry<String, Contents.Reader> input : inputs.entrySet()) {
                input.getValue().forEachChunk(CHUNK_ROWS, chunk -> {
                    if (stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                    taskManager.injectData(job, input.getKey(), chunk);
                });
            }
        } catch (Stopped known) {
            // the rest of the input cannot change the outcome
        } finally {
            closeAll(inputs);
        }
        taskManager.injectEpoch(job, epoch, Map.of());
    }

    /** Ends a scan early; carries no stack trace. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Closes every reader, even when one fails. */
    public static void closeAll(Map<String, Contents.Reader> readers) {
        RuntimeException failure = null;
        for (Contents.Reader reader : readers.values()) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
