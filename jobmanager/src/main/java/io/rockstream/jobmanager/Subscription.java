package io.rockstream.jobmanager;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code SUBSCRIBE} to a table or materialized view: first its contents at the epoch the
 * subscription started (each row with its count), then every later epoch's change, row by
 * row with its weight (+n inserted, -n deleted), in epoch order; an epoch that left the
 * relation unchanged is a progress update when progress was asked for. A client that falls
 * more than {@link #MAX_PENDING_ROWS} rows behind loses the subscription (53000) rather than
 * the server's memory.
 *
 * <p>Thread-safe: epochs arrive on the coordinator's thread, {@link #poll} runs on the
 * session's, {@link #cancelPoll()} comes from any.
 */
public final class Subscription implements AutoCloseable {
    /** How many rows of changes may wait for the client. */
    public static final int MAX_PENDING_ROWS = Integer.getInteger("rockstream.subscribeMaxPendingRows", 1_000_000);

    /**
     * One update: a row's change at an epoch, or (with a null row) the news that the epoch is
     * complete with no change.
     */
    public record Update(long epoch, Row row, long weight) {
        public boolean isProgress() {
            return row == null;
        }
    }

    private final String relation;
    private final List<Column> columns;
    private final boolean progress;
    private final EpochCoordinator coordinator;
    private final EpochCoordinator.ChangeListener listener = new Listener();
    private final long snapshotEpoch;
    private Contents.Reader snapshot;
    private final ArrayDeque<Update> pending = new ArrayDeque<>();
    private long pendingRows;
    private RockStreamException ended;
    private boolean closed;
    private boolean canceled;

    Subscription(String relation, List<Column> columns, boolean withSnapshot, boolean progress,
            EpochCoordinator coordinator) {
        this.relation = relation;
        this.columns = List.copyOf(columns);
        this.progress = progress;
        this.coordinator = coordinator;
        EpochCoordinator.Subscribed subscribed = coordinator.subscribe(relation, listener);
        this.snapshotEpoch = subscribed.epoch();
        if (withSnapshot) {
            this.snapshot = subscribed.snapshot();
        } else {
            subscribed.snapshot().close();
        }
    }

    /** The relation's columns (the rows of updates have these). */
    public List<Column> columns() {
        return columns;
    }

    /** The epoch the snapshot shows; later updates have later epochs. */
    public long snapshotEpoch() {
        return snapshotEpoch;
    }

    /**
     * Up to {@code max} updates, waiting up to {@code timeoutMillis} for the first one
     * (0: not at all); empty when none came in time.
     *
     * @throws RockStreamException 57014 when {@link #cancelPoll()} cancels the wait (the
     *         subscription stays usable); the reason the subscription ended (dropped
     *         relation, failed view, a client too slow)
     */
    public List<Update> poll(int max, long timeoutMillis) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        List<Update> updates = new ArrayList<>(Math.min(max, 1024));
        readSnapshot();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (pending.isEmpty()) {
                checkOpen();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return updates;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to interruption");
                }
            }
            while (updates.size() < max && !pending.isEmpty()) {
                Update update = pending.poll();
                if (!update.isProgress()) {
                    pendingRows--;
                }
                updates.add(update);
            }
            return updates;
        }
    }

    /** Makes a waiting (or the next) {@link #poll} fail with 57014, as a client's cancel does. */
    public synchronized void cancelPoll() {
        canceled = true;
        notifyAll();
    }

    /** Stops following the relation. */
    @Override
    public void close() {
        Contents.Reader reader;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reader = snapshot;
            snapshot = null;
            pending.clear();
            notifyAll();
        }
        if (reader != null) {
            reader.close();
        }
        coordinator.unsubscribe(relation, listener);
    }

    private void checkOpen() {
        if (canceled) {
            canceled = false;
            throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        }
        if (ended != null) {
            throw ended;
        }
        if (closed) {
            throw new IllegalStateException("the subscription to " + relation + " is closed");
        }
    }

    /** Puts the snapshot's rows ahead of every change (once, on the first poll). */
    private void readSnapshot() {
        Contents.Reader reader;
        synchronized (this) {
            reader = snapshot;
            snapshot = null;
        }
        if (reader == null) {
            return;
        }
        List<Update> rows = new ArrayList<>();
        try {
            reader.forEachChunk(4096, chunk -> chunk.forEach((row, count) -> rows.add(new Update(snapshotEpoch, row,
                    count))));
        } finally {
            reader.close();
        }
        synchronized (this) {
            for (int i = rows.size() - 1; i >= 0; i--) {
                pending.addFirst(rows.get(i));
            }
            pendingRows += rows.size();
            notifyAll();
        }
    }

    private final class Listener implements EpochCoordinator.ChangeListener {
        @Override
        public void changed(long epoch, ZSet delta) {
            synchronized (Subscription.this) {
                if (closed || ended != null) {
                    return;
                }
                if (delta.isEmpty()) {
                    if (progress) {
                        pending.add(new Update(epoch, null, 0));
                        Subscription.this.notifyAll();
                    }
                    return;
                }
                if (pendingRows + delta.size() > MAX_PENDING_ROWS) {
                    ended = RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES,
                            "the subscriber to \"%s\" fell more than %d changes behind; the subscription ended", relation,
                            MAX_PENDING_ROWS);
                    pending.clear();
                    Subscription.this.notifyAll();
                    return;
                }
                delta.forEach((row, weight) -> pending.add(new Update(epoch, row, weight)));
                pendingRows += delta.size();
                if (progress) {
                    pending.add(new Update(epoch, null, 0));
                }
                Subscription.this.notifyAll();
            }
        }

        @Override
        public void ended(RockStreamException reason) {
            synchronized (Subscription.this) {
                ended = reason;
                Subscription.this.notifyAll();
            }
        }
    }
}
