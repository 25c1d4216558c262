package io.rockstream.taskmanager.control;

import java.util.concurrent.CompletableFuture;

/**
 * A TaskManager process's durable state seen from its job plane: checkpoints of its state
 * store into the object store the JobManager shares, which the JobManager lists in its own
 * checkpoints and hands to whichever TaskManager restores a job from them.
 */
public interface StateCheckpoints {
    /**
     * Takes a checkpoint of the store now: its files are fixed before this returns, so state
     * written later is not in it. Completes with the checkpoint's description (JSON) once
     * every file is uploaded.
     */
    CompletableFuture<byte[]> take();

    /**
     * The job plane connected (again): files uploaded for an earlier JobManager may have
     * been garbage-collected since, so the next checkpoint uploads every file afresh.
     */
    void forgetUploads();
}
