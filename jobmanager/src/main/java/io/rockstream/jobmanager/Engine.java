package io.rockstream.jobmanager;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Catalog;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.catalog.ContentsStore;
import io.rockstream.jobmanager.catalog.TableData;
import io.rockstream.jobmanager.durability.CatalogTexts;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobmanager.cluster.CheckpointRound;
import io.rockstream.jobmanager.cluster.ClusterJobs;
import io.rockstream.jobmanager.durability.CheckpointCluster;
import io.rockstream.jobmanager.durability.CheckpointSnapshot;
import io.rockstream.jobmanager.durability.Checkpoints;
import io.rockstream.jobmanager.durability.Durability;
import io.rockstream.jobmanager.durability.DurableLog;
import io.rockstream.jobmanager.durability.LogRecord;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.jobmanager.epoch.EpochLog;
import io.rockstream.jobmanager.epoch.JobManagerEndpoint;
import io.rockstream.jobmanager.query.QueryRunner;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded RockStream: one JobManager (catalog, epoch coordinator, query runner) and
 * one TaskManager in this JVM, talking through the same gateways a cluster uses. With
 * storage configured, it first recovers every table and view from the object store, and
 * the contents of tables and views live in the TaskManager's RocksDB store beside the
 * views' operator state, so state is bounded by local disk, not by the heap.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final EngineConfig config;
    private final Catalog catalog = new Catalog();
    private final CatalogTexts catalogTexts = new CatalogTexts();
    private final Map<String, TableData> tables = new ConcurrentHashMap<>();
    private final TaskManager taskManager;
    /** The local TaskManager and the TaskManager processes: where jobs run. */
    private final io.rockstream.jobmanager.cluster.ClusterJobs clusterJobs;
    private final JobManagerEndpoint endpoint = new JobManagerEndpoint();
    private final EpochCoordinator coordinator;
    private final QueryRunner queries;
    private final io.rockstream.jobmanager.monitor.Monitor monitor;
    private final java.time.Instant startedAt = java.time.Instant.now();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Durability durability;
    private Recovered recovered = new Recovered(0, 0, 0, 0, null);
    private final java.util.concurrent.atomic.AtomicInteger viewsRestored = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * What the last start recovered, for the banner and tests: the log position of the
     * checkpoint it started from, the views whose operator state came back from it (the
     * others were recomputed), the log records replayed after it, the time it took, and why
     * newer checkpoints were passed over (null when none was).
     */
    public record Recovered(long checkpointSequence, int restoredViews, long replayedRecords, long millis,
            String fallback) {
    }

    /** The TaskManager's durable state, or null for an in-memory engine. */
    private final LocalState localState;
    /** Views saved by the checkpoint being restored, taken one by one as the catalog is replayed. */
    private final Map<String, CheckpointSnapshot.ViewState> restoringViews = new ConcurrentHashMap<>();
    /** Where the state of the checkpoint being restored is, store by store (null for a checkpoint without the list). */
    private volatile CheckpointCluster restoringCluster;
    /** {@code restoringCluster}'s slots by view. */
    private volatile Map<String, Map<Integer, byte[]>> restoringSlots = Map.of();
    /** The views restored so far, and where their state was: the recovery point of this start. */
    private final Map<String, EpochCoordinator.JobCheckpoint> restoredJobs = new ConcurrentHashMap<>();
    /** Where tables and views keep their visible contents. */
    private final ContentsStore contentsStore;
    /** True while the catalog of a restored checkpoint is replayed: its tables' contents are in the store. */
    private volatile boolean restoringCatalog;

    private Engine(EngineConfig config, LocalState localState) {
        this.config = config;
        this.localState = localState;
        this.taskManager = localState == null ? new TaskManager(config.slots(), HeapStateBackend::new)
                : new TaskManager(config.slots(), StateBackendFactory.HEAP,
                        RocksDbStateBackend.factory(localState.store(), config.storage().orElseThrow()));
        this.contentsStore = localState == null ? ContentsStore.HEAP : ContentsStore.in(localState.store());
        this.clusterJobs = new io.rockstream.jobmanager.cluster.ClusterJobs(taskManager);
        this.coordinator = new EpochCoordinator(clusterJobs, endpoint, localState != null, contentsStore);
        clusterJobs.onLost(coordinator::relocate);
        clusterJobs.onJoined(() -> {
            coordinator.moveLocalViews();
            // after those: the one that joined takes views from the busiest, each restored from a checkpoint
            coordinator.rebalance(() -> io.rockstream.jobmanager.cluster.SlotPlacement.nextMove(clusterJobs.cluster()));
        });
        this.queries = new QueryRunner(clusterJobs, endpoint, config.parallelism());
        this.monitor = new io.rockstream.jobmanager.monitor.Monitor(coordinator, clusterJobs, queries,
                name -> catalog.entry(name).map(entry -> entry.relation().definition()));
    }

    /** An engine whose state lives in memory (the heap state backend). */
    public static Engine startInMemory() {
        return start(EngineConfig.defaults());
    }

    /** Starts an engine; with storage, recovers it first (fails with the storage's error if it cannot). */
    public static Engine start(EngineConfig config) {
        if (config.storage().isEmpty()) {
            return new Engine(config, null);
        }
        long started = System.nanoTime();
        Durability durability = new Durability(config.storage().get(), config.checkpointEpochs(),
                config.checkpointIntervalMillis(), config.retainedCheckpoints());
        LocalState[] restored = new LocalState[1];
        Durability.Recovery recovery;
        try {
            recovery = durability.recover(checkpoint -> {
                try {
                    restored[0] = LocalState.restore(durability.store(), checkpoint.state());
                    return null;
                } catch (RockStreamException failure) {
                    return Checkpoints.unusable(checkpoint.manifest().id(), failure);
                }
            });
            if (restored[0] == null) {
                restored[0] = LocalState.restore(durability.store(), java.util.Optional.empty());
            }
        } catch (RuntimeException failure) {
            durability.close();
            throw failure;
        }
        Engine engine = new Engine(config, restored[0]);
        try {
            engine.recover(durability, recovery, started);
        } catch (RuntimeException failure) {
            engine.close();
            throw failure;
        }
        return engine;
    }

    /** A new session; sessions are independent and may be used from different threads. */
    public SqlSession openSession() {
        return new Session(this);
    }

    public Recovered recovered() {
        return recovered;
    }

    /** Jobs, metrics and view freshness, for the REST API, the web UI and Prometheus. */
    public io.rockstream.jobmanager.monitor.Monitor monitor() {
        return monitor;
    }

    /** Where jobs run: this JVM's TaskManager and the TaskManager processes that connected a job plane. */
    public io.rockstream.jobmanager.cluster.ClusterJobs clusterJobs() {
        return clusterJobs;
    }

    /** What the TaskManager is and holds (the embedded engine has one). */
    public io.rockstream.taskmanager.runtime.TaskManagerGateway.TaskManagerStatus taskManagerStatus() {
        return taskManager.status();
    }

    private volatile java.util.function.Supplier<java.util.List<io.rockstream.jobmanager.cluster.ControlServer.RemoteTaskManager>>
            remoteTaskManagers = java.util.List::of;

    /** The control port TaskManager processes connect to, closed by {@link #close} (null: none). */
    private volatile io.rockstream.jobmanager.cluster.ControlServer controlPort;

    /**
     * Serves TaskManager processes on {@code control} (started on {@link #clusterJobs}), and
     * closes it at {@link #close}: after the shutdown checkpoint, which so holds the state of
     * the views they run, and once no view is placed again any more.
     */
    public void attachControlPort(io.rockstream.jobmanager.cluster.ControlServer control) {
        this.controlPort = java.util.Objects.requireNonNull(control, "control is null");
        attachTaskManagers(control::taskManagers);
    }

    /** Where monitoring finds the TaskManager processes registered over the control channel. */
    public void attachTaskManagers(
            java.util.function.Supplier<java.util.List<io.rockstream.jobmanager.cluster.ControlServer.RemoteTaskManager>> source) {
        this.remoteTaskManagers = source;
    }

    /** The TaskManager processes registered now (none without a control port). */
    public java.util.List<io.rockstream.jobmanager.cluster.ControlServer.RemoteTaskManager> remoteTaskManagers() {
        return remoteTaskManagers.get();
    }

    /** The checkpoints this process took, newest first (empty without storage). */
    public java.util.List<Durability.CheckpointRecord> checkpointHistory() {
        Durability current = durability;
        return current == null ? java.util.List.of() : current.history();
    }

    /** How many complete checkpoints storage keeps (0 without storage). */
    public int retainedCheckpoints() {
        Durability current = durability;
        return current == null ? 0 : current.retainedCheckpoints();
    }

    /** Why storage stopped writes, or null while it works (or without storage). */
    public String storageFailure() {
        Durability current = durability;
        if (current == null || !current.failed()) {
            return null;
        }
        try {
            current.checkWritable();
            return null;
        } catch (RockStreamException stopped) {
            return stopped.getMessage();
        }
    }

    /** How many times a view's job was placed again after its TaskManager was lost (or moved). */
    public long relocations() {
        return coordinator.relocations();
    }

    /** How many rescales redistributed a view's key groups from a checkpoint instead of rebuilding it. */
    public long rescalesFromCheckpoints() {
        return coordinator.rescalesFromCheckpoints();
    }

    /** How many times a view was moved to a TaskManager that joined, restored from a checkpoint. */
    public long viewMoves() {
        return coordinator.moves();
    }

    /** How many of those placements restored the view's state from a checkpoint instead of rebuilding it. */
    public long restores() {
        return coordinator.restores();
    }

    /** The last complete epoch (what reads see). */
    public long visibleEpoch() {
        return coordinator.visibleEpoch();
    }

    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** Where state is durable, or "memory". */
    public String storageLocation() {
        Durability current = durability;
        return current == null ? "memory" : current.store().location();
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Rebuilds the catalog from the newest intact checkpoint (tables and views find their
     * contents in the restored store), then replays the log after it through the ordinary
     * paths (DDL statements, epochs), so that views are maintained exactly as they were.
     * Only then are new writes logged.
     */
    private void recover(Durability opened, Durability.Recovery recovery, long started) {
        long replayed = 0;
        try (SqlSession system = openSession()) {
            if (recovery.checkpoint().isPresent()) {
                Checkpoints.Restored checkpoint = recovery.checkpoint().get();
                CheckpointSnapshot snapshot = checkpoint.snapshot();
                restoringViews.putAll(snapshot.views());
                restoringCluster = checkpoint.cluster().orElse(null);
                restoringSlots = restoringCluster == null ? Map.of() : restoringCluster.slotsByView();
                restoringCatalog = true;
                try {
                    for (String sql : snapshot.catalog()) {
                        system.execute(sql);
                    }
                } finally {
                    restoringCatalog = false;
                    restoringViews.clear();
                    restoringCluster = null;
                    restoringSlots = Map.of();
                }
                // a view placed again before the next checkpoint restores from this one and replays the log's epochs
                coordinator.recoveryPoint(new EpochCoordinator.RecoveryPoint(coordinator.visibleEpoch(),
                        Map.copyOf(restoredJobs)), false);
                restoredJobs.clear();
            }
            for (DurableLog.Entry entry : recovery.log()) {
                if (entry.record() instanceof LogRecord.Ddl ddl) {
                    system.execute(ddl.sql());
                } else if (entry.record() instanceof LogRecord.Epoch epoch) {
                    replayEpoch(epoch.deltas());
                }
                replayed++;
            }
        } catch (RuntimeException failure) {
            opened.close();
            throw RockStreamException.of(failure instanceof RockStreamException e ? e.code() : ErrorCode.INTERNAL_ERROR,
                    "recovery from %s failed: %s", opened.store().location(), failure.getMessage()).withCause(failure);
        }
        try {
            opened.appendOpen();
        } catch (RuntimeException failure) {
            opened.close();
            throw failure;
        }
        durability = opened;
        coordinator.attachLog(new Logging());
        coordinator.attachCheckpointer(() -> opened.checkpointAsync(this::captureCheckpoint), opened::inFlight);
        recovered = new Recovered(opened.lastCheckpointSequence(), viewsRestored.get(), replayed, (System.nanoTime() - started) / 1_000_000,
                recovery.failures().isEmpty() ? null : String.join("; ", recovery.failures()));
        LOG.info("recovered from {}: checkpoint through log record {}, {} log records replayed, {} ms",
                opened.store().location(), recovered.checkpointSequence(), replayed, recovered.millis());
        if (replayed > 0) {
            // start the next life from a checkpoint, so the log replayed now is not replayed again;
            // if it fails (storage hiccup), nothing is lost: the log still has it all, and the next one retries
            try {
                checkpointNow(opened);
            } catch (RockStreamException failure) {
                LOG.warn("the checkpoint after recovery failed; the next start may replay the log again: {}",
                        failure.getMessage());
            }
        }
    }

    /**
     * The visible contents for a new table: while a checkpoint's catalog is replayed, those
     * restored with the store; otherwise empty ones (whatever an earlier table of that name
     * left is deleted).
     */
    Contents tableContents(String name, int[] primaryKey) {
        return restoringCatalog ? contentsStore.open(name, primaryKey) : contentsStore.create(name, primaryKey);
    }

    /**
     * The view a checkpoint being restored saved under {@code name}, when its job graph is
     * exactly {@code graph} (then its state and contents are in the restored store); taken
     * once. A view whose graph changed is rebuilt: its deployment replaces the stale contents.
     */
    java.util.Optional<CheckpointSnapshot.ViewState> takeRestoredView(String name, JobGraph graph) {
        CheckpointSnapshot.ViewState saved = restoringViews.remove(name);
        if (saved == null) {
            return java.util.Optional.empty();
        }
        CheckpointCluster cluster = restoringCluster;
        if (cluster != null && !restoringSlots.containsKey(name)) {
            LOG.warn("materialized view {} was being placed again when the checkpoint was taken, or its TaskManager"
                    + " could not checkpoint it; rebuilding it from its inputs", name);
            return java.util.Optional.empty();
        }
        if (!saved.jobGraphJson().equals(JobGraphJson.write(graph))) {
            LOG.warn("materialized view {} compiles to another job graph than the one checkpointed; rebuilding it from"
                    + " its inputs", name);
            return java.util.Optional.empty();
        }
        viewsRestored.incrementAndGet();
        return java.util.Optional.of(saved);
    }

    /**
     * Deploys a view the checkpoint being restored holds ({@link #takeRestoredView}): its
     * state is in this JVM's restored store, or in the state checkpoints of the TaskManager
     * processes it ran on, from which its slots are restored.
     */
    void restoreView(String name, JobGraph graph, CheckpointSnapshot.ViewState saved) {
        CheckpointCluster cluster = restoringCluster;
        Map<Integer, byte[]> slots = cluster == null || cluster.local(name) ? Map.of() : restoringSlots.get(name);
        try {
            coordinator.restoreView(name, graph, saved.errors(), slots);
        } catch (RuntimeException failure) {
            if (slots.isEmpty()) {
                throw failure;
            }
            // e.g. a TaskManager's state file is gone: the view's inputs are all here, so it is rebuilt from them
            LOG.warn("materialized view {}: its state could not be restored from the TaskManagers' checkpoints ({});"
                    + " rebuilding it from its inputs", name, failure.getMessage());
            viewsRestored.decrementAndGet();
            coordinator.deployView(name, graph);
            return;
        }
        if (!slots.isEmpty()) {
            // placed again later (moved to a TaskManager), it restores from the TaskManagers' checkpoints
            restoredJobs.put(name, new EpochCoordinator.JobCheckpoint(graph, slots));
        }
    }

    /** Applies recovered table changes as one epoch, checked like any write. */
    private void replayEpoch(Map<String, ZSet> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Long> done;
        writeLock.lock();
        try {
            for (Map.Entry<String, ZSet> change : deltas.entrySet()) {
                TableData table = tables.get(change.getKey());
                if (table == null) {
                    throw RockStreamException.of(ErrorCode.DATA_CORRUPTED,
                            "the log changes table \"%s\", which the catalog does not have", change.getKey());
                }
                table.apply(change.getValue());
            }
            done = coordinator.submit(deltas);
        } finally {
            writeLock.unlock();
        }
        coordinator.awaitWrite(done);
    }

    /**
     * The catalog and every view's job graph and errors at the last complete epoch, and a
     * state checkpoint of the TaskManager's store taken at the same moment, which holds the
     * contents of every table and view and the views' operator state. Runs between epochs.
     */
    private Durability.Capture captureCheckpoint() {
        long epoch = coordinator.epoch();
        // the stores first, then what they hold: a view placed again after this had its state checkpointed before
        // a view moving while its stores checkpoint may be between the epochs it is given again: not in this checkpoint
        long mark = coordinator.placementsDone();
        java.util.Set<String> moving = new java.util.HashSet<>(coordinator.unsettledSince(mark));
        java.util.concurrent.CompletableFuture<StateCheckpoint> local =
                localState.store().checkpoint(durability.store(), Checkpoints.STATE_PREFIX);
        ClusterJobs.Capture remote = clusterJobs.checkpoint(epoch);
        Map<String, EpochCoordinator.ViewSnapshot> viewSnapshots = coordinator.viewSnapshots();
        moving.addAll(coordinator.unsettledSince(mark));
        Map<String, CheckpointSnapshot.ViewState> views = new LinkedHashMap<>();
        viewSnapshots.forEach((name, view) -> views.put(name, new CheckpointSnapshot.ViewState(
                JobGraphJson.write(view.graph()), view.errors())));
        CheckpointSnapshot snapshot = new CheckpointSnapshot(epoch, durability.lastSequence(),
                catalogTexts.creationOrder(catalog.entries()), views);
        Map<String, CheckpointRound.View> recorded = new LinkedHashMap<>();
        viewSnapshots.forEach((name, view) -> recorded.put(name, new CheckpointRound.View(view.graph().id(),
                view.graph().slots())));
        java.util.concurrent.CompletableFuture<CheckpointCluster> cluster = local.thenCombine(remote.done(),
                (localCheckpoint, round) -> {
                    Map<String, StateCheckpoint> stores = new java.util.HashMap<>();
                    stores.put(CheckpointCluster.LOCAL, localCheckpoint);
                    round.answers().forEach((host, answer) -> stores.put(host, StateCheckpoint.fromJson(answer.state())));
                    // views moving around the checkpoint are left out: rebuilt at a restart from it, not restored meanwhile
                    return new CheckpointCluster(stores, round.where(recorded, moving, CheckpointCluster.LOCAL));
                });
        Runnable completed = () -> {
            // views placed again restore from TaskManagers' checkpoints only: a restore from the JobManager's own
            // would download its whole store (every table) for each view and TaskManager, more than a rebuild reads
            CheckpointCluster done = cluster.join();
            Map<String, EpochCoordinator.JobCheckpoint> jobs = new java.util.HashMap<>();
            done.slotsByView().forEach((name, slots) -> {
                if (!done.local(name)) {
                    jobs.put(name, new EpochCoordinator.JobCheckpoint(viewSnapshots.get(name).graph(), slots));
                }
            });
            coordinator.recoveryPoint(new EpochCoordinator.RecoveryPoint(epoch, jobs), config.retainedCheckpoints() > 1);
        };
        return new Durability.Capture(snapshot, local, localState.store()::reusableObjectKeys, cluster, completed);
    }


    /** Logs epochs before views see them, and checkpoints when one is due. */
    private final class Logging implements EpochLog {
        @Override
        public void epochStarting(long epoch, Map<String, ZSet> deltas) {
            durability.appendEpoch(epoch, deltas);
        }

        @Override
        public void epochCompleted(long epoch) {
            if (durability.checkpointDue()) {
                durability.checkpointAsync(Engine.this::captureCheckpoint);
            }
        }
    }

    // ------------------------------------------------------------------ for sessions

    /**
     * After a DDL statement ran (on the coordinator's thread): remembers which statement made
     * each catalog object and, when the catalog changed, logs the statement durably.
     */
    void catalogChanged(String sql) {
        if (config.storage().isEmpty()) {
            // nothing is logged or checkpointed: the statements that made the catalog are never needed
            // (tracking them walks the whole catalog per statement: 9% of a 1,000-view test run)
            return;
        }
        if (catalogTexts.update(catalog.entries(), sql)) {
            Durability current = durability;
            if (current != null) {
                current.appendDdl(sql);
            }
        }
    }

    /**
     * After an ALTER of {@code name} (on the coordinator's thread): the statement is kept with
     * the object, so a checkpoint's catalog replays it after the object's creation, and logged.
     */
    /** {@code after} replaced {@code before} in the catalog by an ALTER: it was still created by the same statement. */
    void replacedByAlter(io.rockstream.jobmanager.catalog.CatalogEntry before,
            io.rockstream.jobmanager.catalog.CatalogEntry after) {
        catalog.add(after);
        catalogTexts.replaced(before, after);
    }

    void amended(String name, String sql) {
        if (config.storage().isEmpty()) {
            return;
        }
        catalogTexts.amend(name, sql);
        Durability current = durability;
        if (current != null) {
            current.appendDdl(sql);
        }
    }

    /** Fails when storage has failed and writes are stopped. */
    void checkWritable() {
        Durability current = durability;
        if (current != null) {
            current.checkWritable();
        }
    }

    EngineConfig config() {
        return config;
    }

    Catalog catalog() {
        return catalog;
    }

    Map<String, TableData> tables() {
        return tables;
    }

    EpochCoordinator coordinator() {
        return coordinator;
    }

    QueryRunner queries() {
        return queries;
    }

    /** Serializes the evaluation and application of writes to tables' live rows. */
    ReentrantLock writeLock() {
        return writeLock;
    }

    /**
     * Takes a checkpoint now (after the one in flight, if any) and waits until it is
     * complete; returns its figures. Fails with 0A000 on an engine without storage.
     */
    public Durability.Stats checkpoint() {
        Durability current = durability;
        if (current == null) {
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "CHECKPOINT needs durable storage; this engine keeps state in memory");
        }
        return checkpointNow(current);
    }

    private Durability.Stats checkpointNow(Durability target) {
        return target.checkpointNow(task -> coordinator.control(() -> {
            task.run();
            return null;
        }), this::captureCheckpoint);
    }

    /**
     * Waits until no checkpoint uploads (one that fails counts as ended: it was logged), so
     * that a statement about to take one on the coordinator thread does not wait there.
     */
    void awaitCheckpointUpload() {
        Durability current = durability;
        if (current != null) {
            try {
                current.inFlight().get(10, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to interruption");
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ended) {
                // failed (and logged), or still going: the statement's own checkpoint waits for it then
            }
        }
    }

    /** Waits until the checkpoint in flight (if any) is complete. For tests. */
    void awaitCheckpoint() {
        Durability current = durability;
        if (current != null) {
            current.awaitCheckpoint();
        }
    }

    /**
     * Stops at once, as a killed process would: no shutdown checkpoint. For tests of recovery
     * in one JVM.
     */
    void halt() {
        Durability current = durability;
        durability = null;
        stop(current);
    }

    @Override
    public void close() {
        Durability current = durability;
        if (current != null && !current.failed() && current.hasChangesSinceCheckpoint()) {
            try {
                // a final checkpoint makes the next start quick; losing it loses nothing (the log has it all)
                checkpointNow(current);
            } catch (RuntimeException failure) {
                LOG.warn("the shutdown checkpoint failed; the next start replays the log instead: {}", failure.toString());
            }
        }
        stop(current);
    }

    private void stop(Durability current) {
        monitor.close();
        coordinator.close(); // before the TaskManagers go: their loss places nothing again now
        io.rockstream.jobmanager.cluster.ControlServer control = controlPort;
        if (control != null) {
            control.close();
        }
        clusterJobs.close();
        taskManager.close();
        if (localState != null) {
            localState.close();
        }
        if (current != null) {
            current.close();
        }
    }
}
