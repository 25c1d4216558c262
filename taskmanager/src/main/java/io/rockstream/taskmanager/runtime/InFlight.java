package io.rockstream.taskmanager.runtime;

/**
 * Flow control for a job's input: the number of data messages waiting in the mailboxes of
 * the job's subtasks. A message counts from its enqueue until its subtask has processed it,
 * and the outputs of that processing are enqueued (and counted) before it stops counting, so
 * the count never drops while work derived from the input is pending. The JobManager's
 * chunked injection waits while the count is above a bound, so a relation streamed into a
 * job never piles up on the heap.
 */
final class InFlight {
    private long messages;
    private boolean closed;

    synchronized void increment() {
        messages++;
    }

    synchronized void decrement() {
        messages--;
        notifyAll();
    }

    /** Waits until at most {@code bound} messages are in flight or the job is cancelled. */
    synchronized void awaitAtMost(long bound) {
        while (messages > bound && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The job was cancelled: nobody waits for its mailboxes any more. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
