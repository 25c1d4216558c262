package io.rockstream.jobmanager.durability;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's durability (ARCHITECTURE.md §3-4): every catalog change and every epoch's
 * table changes go to the log in the object store before they are acknowledged, and every
 * few epochs a checkpoint saves the catalog and the tables so that recovery replays only
 * the log after it.
 *
 * <pre>
 * session          coordinator                  object store
 *   | COMMIT ---------> | epoch e: log(Δ) -------> wal/&lt;seq&gt;      (group commit)
 *   |                   | run the views
 *   | &lt;----- ack ------ | e complete
 *   |                   | every k epochs: snapshot ---(async)---> checkpoints/&lt;id&gt;/jobmanager
 *   |                   |                              then --->  checkpoints/&lt;id&gt;/MANIFEST
 *   |                   |                              then: retention, log truncation
 * </pre>
 *
 * A failed log write stops all further writes (fail-stop): the in-memory state may then
 * be ahead of the log, and only a restart, which recovers from the object store, brings
 * the two back together. Nothing acknowledged is lost. Appends run on the coordinator's
 * thread; uploads on a background thread, one checkpoint at a time.
 */
public final class Durability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);
    private static final String OWNER = "OWNER";

    private final String incarnation = java.util.UUID.randomUUID().toString();

    private final ObjectStore store;
    private final Checkpoints checkpoints;
    private final int checkpointEpochs;
    private final long checkpointIntervalMillis;
    /** How often a process tries to claim the log at start, and the pause before the n-th retry (n times this). */
    static final int OPEN_ATTEMPTS = 3;
    static final long OPEN_RETRY_MILLIS = 500;
    private final ExecutorService uploader;
    private DurableLog log;
    private volatile RockStreamException failure;
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private long nextCheckpointId;
    private long lastCheckpointSequence;
    private long epochsSinceCheckpoint;
    private long lastCheckpointMillis = System.currentTimeMillis();
    private Stats lastStats;
    private long openSequence = -1;

    public Durability(ObjectStore store, int checkpointEpochs, long checkpointIntervalMillis, int retainedCheckpoints) {
        this.store = store;
        this.checkpoints = new Checkpoints(store, retainedCheckpoints);
        this.checkpointEpochs = checkpointEpochs;
        this.checkpointIntervalMillis = checkpointIntervalMillis;
        this.uploader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "checkpoint-uploader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What recovery starts from: the newest usable checkpoint (if any) and the log after it. */
    public record Recovery(Optional<Checkpoints.Restored> checkpoint, List<DurableLog.Entry> log, List<String> failures) {
    }

    /**
     * What a checkpoint saves, captured between epochs: the JobManager's snapshot, and the
     * TaskManager's state checkpoint (taken at the same moment, uploading in the background)
     * with the state files its store may still reuse, which garbage collection must keep.
     */
    public record Capture(CheckpointSnapshot snapshot, CompletableFuture<StateCheckpoint> state,
            Supplier<Set<String>> reusableStateKeys, CompletableFuture<CheckpointCluster> cluster, Runnable completed) {
        /** A capture of the JobManager's own store only. */
        public Capture(CheckpointSnapshot snapshot, CompletableFuture<StateCheckpoint> state,
                Supplier<Set<String>> reusableStateKeys) {
            this(snapshot, state, reusableStateKeys, null, () -> { });
        }
    }

    /** One checkpoint as monitoring lists it; the figures are null until it completes. */
    public record CheckpointRecord(long id, long epoch, String status, java.time.Instant started, Long millis,
            Long snapshotBytes, Long stateUploadedBytes, Long stateReusedBytes, String error) {
    }

    private static final int HISTORY = 100;
    /** The checkpoints this process took, newest first; guarded by `this`. */
    private final java.util.ArrayDeque<CheckpointRecord> history = new java.util.ArrayDeque<>();

    /** The checkpoints this process took (at most the last 100), newest first. */
    public synchronized List<CheckpointRecord> history() {
        return List.copyOf(history);
    }

    private synchronized void record(CheckpointRecord checkpoint) {
        history.removeIf(existing -> existing.id() == checkpoint.id());
        history.addFirst(checkpoint);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    public int retainedCheckpoints() {
        return checkpoints.retained();
    }

    /** Figures of the last complete checkpoint. */
    public record Stats(long id, long epoch, long millis, long snapshotBytes, long stateUploadedBytes,
            long stateReusedBytes) {
    }

    public ObjectStore store() {
        return store;
    }

    /**
     * Finds the newest checkpoint that reads back intact and whose state {@code restoreState}
     * can restore (it returns null, or why it could not), then reads the log after it;
     * appends continue after the log's end.
     */
    public Recovery recover(Function<Checkpoints.Restored, String> restoreState) {
        List<String> failures = new ArrayList<>();
        Optional<Checkpoints.Restored> restored = Optional.empty();
        for (long id : checkpoints.completeIds()) {
            try {
                Checkpoints.Restored candidate = checkpoints.read(id);
                String failed = restoreState.apply(candidate);
                if (failed == null) {
                    restored = Optional.of(candidate);
                    break;
                }
                failures.add(failed);
            } catch (RockStreamException failure) {
                failures.add(Checkpoints.unusable(id, failure));
            }
        }
        long from = restored.map(r -> r.manifest().walSequence()).orElse(0L);
        List<DurableLog.Entry> tail = DurableLog.readAfter(store, from);
        long last = tail.isEmpty() ? from : tail.get(tail.size() - 1).sequence();
        log = new DurableLog(store, last);
        lastCheckpointSequence = from;
        List<Long> ids = checkpoints.ids();
        nextCheckpointId = ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
        return new Recovery(restored, tail, failures);
    }

    /** Fails with the storage error once a log write has failed. */
    public void checkWritable() {
        RockStreamException stopped = failure;
        if (stopped != null) {
            throw RockStreamException.of(stopped.code(), "writes are stopped since storage failed: %s",
                    stopped.getMessage()).withHint("Fix the storage (" + store.location() + ") and restart RockStream;"
                    + " every acknowledged write is kept.");
        }
    }

    /**
     * Claims the log for this process; a process still writing to it stops at its next
     * append, and at its next checkpoint, which first checks the {@code OWNER} object.
     */
    public void appendOpen() {
        checkWritable();
        LogRecord open = new LogRecord.Open(incarnation);
        for (int attempt = 1; ; attempt++) {
            try {
                log.append(open);
                break;
            } catch (RuntimeException raw) {
                RockStreamException error = raw instanceof RockStreamException e ? e
                        : RockStreamException.internal("log write failed: " + raw, raw);
                // a storage hiccup at start (seen once in CI: an S3 PUT whose body could not be
                // written, three times in a row) should not end the process: the claim is tried
                // again after a pause; a retry that finds its own first attempt's record succeeds
                if (attempt >= OPEN_ATTEMPTS || DurableLog.isTaken(error)) {
                    failure = error;
                    LOG.error("claiming the log in {} failed; writes are stopped until a restart", store.location(),
                            error);
                    throw error;
                }
                LOG.warn("claiming the log in {} failed (attempt {} of {}), trying again: {}", store.location(),
                        attempt, OPEN_ATTEMPTS, error.getMessage());
                try {
                    Thread.sleep(OPEN_RETRY_MILLIS * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw error;
                }
            }
        }
        openSequence = log.lastSequence();
        store.put(OWNER, incarnation.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private boolean fenced() {
        return !store.find(OWNER).map(owner -> new String(owner, java.nio.charset.StandardCharsets.UTF_8))
                .orElse("").equals(incarnation);
    }

    public void appendDdl(String sql) {
        append(new LogRecord.Ddl(sql));
    }

    public void appendEpoch(long epoch, Map<String, ZSet> deltas) {
        append(new LogRecord.Epoch(epoch, deltas));
        epochsSinceCheckpoint++;
    }

    private void append(LogRecord record) {
        checkWritable();
        try {
            log.append(record);
        } catch (RuntimeException error) {
            RockStreamException stop = error instanceof RockStreamException e ? e
                    : RockStreamException.internal("log write failed: " + error, error);
            failure = stop;
            LOG.error("writing the log to {} failed; writes are stopped until a restart", store.location(), error);
            throw stop;
        }
    }

    /** True when enough epochs and time have passed since the last checkpoint and none is uploading. */
    public boolean checkpointDue() {
        return failure == null && inFlight.isDone() && epochsSinceCheckpoint >= checkpointEpochs
                && System.currentTimeMillis() - lastCheckpointMillis >= checkpointIntervalMillis;
    }

    /**
     * Starts a checkpoint of {@code snapshot} (captured by the caller between epochs, on the
     * coordinator's thread) and returns at once; the upload, the manifest, retention and log
     * truncation happen in the background.
     */
    public CompletableFuture<Void> checkpointAsync(Supplier<Capture> capturer) {
        // One checkpoint at a time: the one in flight ends with garbage collection, which keeps
        // only what complete checkpoints reference, so a newer capture uploading meanwhile would
        // lose its files. A periodic checkpoint is never started while one is in flight; an
        // explicit one may be (a periodic one can start between its wait and its capture).
        try {
            inFlight.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "interrupted while a checkpoint was in flight");
        } catch (Exception ignored) {
            // its failure was logged; this checkpoint is a new attempt
        }
        Capture capture = capturer.get();
        CheckpointSnapshot snapshot = capture.snapshot();
        long id = nextCheckpointId++;
        epochsSinceCheckpoint = 0;
        lastCheckpointMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        record(new CheckpointRecord(id, snapshot.epoch(), "IN_PROGRESS", startedAt, null, null, null, null, null));
        inFlight = CompletableFuture.runAsync(() -> {
            try {
                StateCheckpoint state = capture.state() == null ? null : capture.state().join();
                if (fenced()) {
                    // a newer process owns the storage: neither our manifest nor our garbage collection may land
                    RockStreamException fenced = RockStreamException.of(ErrorCode.IO_ERROR, "another RockStream process"
                            + " took over %s; this one stops writing", store.location());
                    failure = fenced;
                    throw fenced;
                }
                CheckpointCluster cluster = capture.cluster() == null ? null : capture.cluster().join();
                CheckpointManifest manifest = checkpoints.write(id, snapshot, Optional.ofNullable(state),
                        Optional.ofNullable(cluster));
                checkpoints.applyRetention(id);
                if (state != null) {
                    Set<String> keep = new HashSet<>(checkpoints.referencedStateKeys());
                    keep.addAll(capture.reusableStateKeys().get());
                    RocksDbStore.collectGarbage(store, Checkpoints.STATE_PREFIX, keep);
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                long uploaded = state == null ? 0 : state.uploadedBytes();
                long reused = state == null ? 0 : state.reusedBytes();
                if (cluster != null) {
                    // the TaskManager processes' stores count too (the JobManager's own is `state`)
                    for (var store : cluster.stores().entrySet()) {
                        if (!store.getKey().equals(CheckpointCluster.LOCAL)) {
                            uploaded += store.getValue().uploadedBytes();
                            reused += store.getValue().reusedBytes();
                        }
                    }
                }
                Stats stats = new Stats(id, manifest.epoch(), millis, manifest.files().get(0).size(), uploaded, reused);
                synchronized (this) {
                    lastCheckpointSequence = Math.max(lastCheckpointSequence, manifest.walSequence());
                    lastStats = stats;
                }
                capture.completed().run();
                record(new CheckpointRecord(id, manifest.epoch(), "COMPLETED", startedAt, millis, stats.snapshotBytes(),
                        stats.stateUploadedBytes(), stats.stateReusedBytes(), null));
                LOG.info("checkpoint {} complete: epoch {}, log through {}, snapshot {} bytes, state {} bytes uploaded"
                        + " and {} reused, {} ms", id, manifest.epoch(), manifest.walSequence(), stats.snapshotBytes(),
                        stats.stateUploadedBytes(), stats.stateReusedBytes(), millis);
            } catch (RuntimeException error) {
                record(new CheckpointRecord(id, snapshot.epoch(), "FAILED", startedAt,
                        (System.nanoTime() - started) / 1_000_000, null, null, null, String.valueOf(error.getMessage())));
                // a failed checkpoint loses nothing: the log still holds every change since the last good one
                LOG.error("checkpoint {} failed; the next one will be tried after {} more epochs", id, checkpointEpochs,
                        error);
                throw error;
            }
        }, uploader);
        return inFlight;
    }

    /** The figures of the last complete checkpoint, or null before the first. */
    public synchronized Stats lastStats() {
        return lastStats;
    }

    /** The log position of the newest known checkpoint. */
    public synchronized long lastCheckpointSequence() {
        return lastCheckpointSequence;
    }

    /** True when the log holds changes no checkpoint covers (this process's own Open record aside). */
    public synchronized boolean hasChangesSinceCheckpoint() {
        long last = lastSequence();
        boolean onlyOpen = last == openSequence && lastCheckpointSequence == openSequence - 1;
        return last > lastCheckpointSequence && !onlyOpen;
    }

    public long lastSequence() {
        return log == null ? 0 : log.lastSequence();
    }

    public boolean failed() {
        return failure != null;
    }

    /** The checkpoint in flight: done when none is (any thread). */
    public CompletableFuture<Void> inFlight() {
        return inFlight;
    }

    /** Waits for the checkpoint in flight, if any. */
    public void awaitCheckpoint() {
        try {
            inFlight.get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "checkpoint failed: %s", e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Takes a checkpoint of {@code capturer} (on the coordinator's thread, through
     * {@code onCoordinator}) after the one in flight, if any, has ended (its failure was
     * logged already), and waits until it is complete; returns its figures.
     */
    public Stats checkpointNow(java.util.function.Consumer<Runnable> onCoordinator, Supplier<Capture> capturer) {
        try {
            inFlight.get(10, TimeUnit.MINUTES);
        } catch (Exception ignored) {
            // the earlier checkpoint failed; this one is a new attempt
        }
        onCoordinator.accept(() -> checkpointAsync(capturer));
        awaitCheckpoint();
        return lastStats();
    }

    @Override
    public void close() {
        try {
            inFlight.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("the last checkpoint did not finish before shutdown: {}", e.toString());
        }
        uploader.shutdownNow();
        store.close();
    }
}
