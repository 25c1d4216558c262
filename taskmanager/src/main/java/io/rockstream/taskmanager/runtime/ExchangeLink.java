package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;

/**
 * The way to the subtasks on another TaskManager (a Netty connection in a cluster). Batches
 * and barriers travel per channel: one producer subtask's output on one input of one target
 * subtask. Each channel has credits: a batch spends one, and the consuming TaskManager gives
 * it back once the target subtask has processed the batch, so a slow consumer stops its
 * producers with a bounded number of batches in flight per channel (credit-based flow
 * control). Barriers spend no credit: they are small and must never wait behind data of the
 * next epoch.
 */
public interface ExchangeLink {
    /**
     * One channel: the target subtask of one deployment ({@code attempt}: a redeployed job's
     * subtasks never take an earlier deployment's batches), the input it reads the producer
     * on, and the producer's channel number.
     */
    record Channel(SubtaskId target, long attempt, int input, int channel) {
    }

    void sendData(Channel channel, ZSet delta);

    void sendBarrier(Channel channel, long epoch);

    /** True when {@code channel} has a credit for another batch. */
    boolean hasCredit(Channel channel);

    /** Runs {@code wake} once {@code channel} has a credit (at once, on this thread, if it has one now). */
    void whenCredit(Channel channel, Runnable wake);
}
