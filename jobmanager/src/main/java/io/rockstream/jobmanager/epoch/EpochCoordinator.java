package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.catalog.ContentsStore;
import io.rockstream.jobmanager.catalog.HeapContents;
import io.rockstream.jobmanager.catalog.ViewKey;
import io.rockstream.jobmanager.cluster.ClusterJobs;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives epochs (ARCHITECTURE.md §3). One coordinator thread runs, one at a time: DDL
 * tasks that deploy or cancel view jobs, and epochs. An epoch starts as soon as writes are
 * pending and the previous epoch is complete, so a lone write is visible in milliseconds
 * and writes arriving under load are grouped into the next epoch, like group commit.
 *
 * <pre>
 * session            coordinator                 view jobs (TaskManager)
 *   | write(Δt) --------> |  epoch e: inject Δt ------> job v1 (reads t)
 *   |                     |                  <-------- sink v1 done (Δv1)
 *   |                     |  inject Δt, Δv1 ---------> job v2 (reads t, v1)
 *   |                     |                  <-------- sink v2 done (Δv2)
 *   |                     |  all done: apply Δt, Δv1, Δv2 to visible contents
 *   | <----- epoch e ---- |  (reads see e as a whole, never half of it)
 * </pre>
 *
 * A job whose inputs did not change in the epoch is not woken: its change is empty.
 */
public final class EpochCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpochCoordinator.class);
    private static final long JOB_TIMEOUT_SECONDS = Long.getLong("rockstream.jobTimeoutSeconds", 600);

    /** A deployed view job. */
    private record ViewJob(String view, JobGraph graph, Set<String> inputs, java.time.Instant deployed) {
    }

    /** Writes waiting for the next epoch. */
    private record PendingWrite(Map<String, ZSet> deltas, CompletableFuture<Long> done, long submittedNanos) {
    }

    private final TaskManagerGateway taskManager;
    private final JobManagerEndpoint endpoint;
    private final boolean durableViews;
    private final ContentsStore contentsStore;
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();
    private final Map<String, Contents> visible = new HashMap<>();
    private final Map<String, HeapContents> viewErrors = new HashMap<>();
    private final Map<String, RockStreamException> failedViews = new HashMap<>();
    private final Map<String, ViewJob> jobs = new LinkedHashMap<>();
    /** How often a view is placed again when its TaskManager is lost while it is created. */
    private static final int MAX_PLACEMENTS = 3;
    /** The failover decisions for views whose job lost a TaskManager; guarded by {@code this}. */
    private final Relocations relocating = new Relocations();
    /** Placements completed, and each view's last one (by that count); guarded by {@code this}. */
    private long placementsDone;
    private final Map<String, Long> lastPlaced = new HashMap<>();
    /** The jobs of views being created (backfilling), by id. */
    private final Map<JobId, JobGraph> deploying = new java.util.concurrent.ConcurrentHashMap<>();
    /** The jobs being rebuilt after their TaskManager was lost, by id: done once rebuilt. */
    private final Map<JobId, CompletableFuture<ZSet[]>> rebuilding = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong relocations = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong moves = new java.util.concurrent.atomic.AtomicLong();
    /** Places views again after a TaskManager was lost, one at a time. */
    private final java.util.concurrent.ExecutorService recovery = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "view-relocation");
                thread.setDaemon(true);
                return thread;
            });
    /** Moves views to even the TaskManagers' load out, one at a time; waits on the relocation thread and the epochs. */
    private final java.util.concurrent.ExecutorService rebalancing = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "view-rebalance");
                thread.setDaemon(true);
                return thread;
            });
    /** The view jobs, readable from any thread (monitoring). */
    private final Map<String, ViewJob> monitoredJobs = new java.util.concurrent.ConcurrentHashMap<>();
    /** The writes of the epoch in flight (empty between epochs), for monitoring. */
    private volatile List<PendingWrite> inFlightWrites = List.of();
    private final Object queueLock = new Object();
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private final ArrayDeque<Runnable> control = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile EpochLog log;
    private long epoch;
    /** The epoch the visible contents show; guarded by the visibility lock. */
    private long visibleEpoch;
    /** Who follows each relation's changes; guarded by the visibility lock. */
    private final Map<String, List<ChangeListener>> listeners = new HashMap<>();

    // the epoch in flight (its way through the views: EpochRound), guarded by `this`
    private EpochRound round;
    private CompletableFuture<Void> epochComplete;

    public EpochCoordinator(TaskManagerGateway taskManager, JobManagerEndpoint endpoint) {
        this(taskManager, endpoint, false, ContentsStore.HEAP);
    }

    /**
     * With {@code durableViews}, view jobs keep their state in the TaskManager's durable
     * store; views keep their visible contents in {@code contentsStore}.
     */
    public EpochCoordinator(TaskManagerGateway taskManager, JobManagerEndpoint endpoint, boolean durableViews,
            ContentsStore contentsStore) {
        this.taskManager = taskManager;
        this.endpoint = endpoint;
        this.durableViews = durableViews;
        this.recoveryPoints = new RecoveryPoints(durableViews);
        this.contentsStore = contentsStore;
        this.thread = new Thread(this::loop, "epoch-coordinator");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    // ------------------------------------------------------------------ API

    /** From now on every epoch's table changes are logged before views see them. */
    public void attachLog(EpochLog epochLog) {
        this.log = epochLog;
    }

    /** The last complete epoch. Call from a control task. */
    public long epoch() {
        return epoch;
    }

    /**
     * Registers a table's visible contents (empty, or restored with the store). Epochs apply
     * the table's changes to them. Call from a control task.
     */
    public void createTable(String name, Contents contents) {
        withWriteLock(() -> visible.put(name, contents));
    }

    /** A view's job and data errors, as a checkpoint saves them (its contents are in the store). */
    public record ViewSnapshot(JobGraph graph, ZSet errors) {
    }

    /**
     * Every healthy view's job graph and errors at the last complete epoch, wherever its job
     * runs, but for views being placed again (their state is being rebuilt). Call between
     * epochs, after the stores were asked to checkpoint: a view whose relocation starts later
     * had its state checkpointed before it was moved.
     */
    public Map<String, ViewSnapshot> viewSnapshots() {
        visibility.readLock().lock();
        try {
            Set<String> moving;
            synchronized (this) {
                moving = relocating.movingViews();
            }
            Map<String, ViewSnapshot> result = new LinkedHashMap<>();
            for (ViewJob job : jobs.values()) {
                if (!failedViews.containsKey(job.view()) && !moving.contains(job.view())) {
                    result.put(job.view(), new ViewSnapshot(job.graph(), viewErrors.get(job.view()).snapshot()));
                }
            }
            return result;
        } finally {
            visibility.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ restoring from checkpoints

    /** A view's job in a complete checkpoint: its graph, and the state checkpoint of each slot. */
    public record JobCheckpoint(JobGraph graph, Map<Integer, byte[]> slots) {
    }

    /** The newest complete checkpoint: its epoch, and the views whose state it holds. */
    public record RecoveryPoint(long epoch, Map<String, JobCheckpoint> views) {
    }

    private final RecoveryPoints recoveryPoints;
    private final java.util.concurrent.atomic.AtomicLong restores = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A checkpoint completed: a view placed again from now on restores its state from it and
     * replays the epochs after it, instead of being rebuilt from its inputs. A view it does
     * not hold restores from the checkpoint before when {@code earlierKept} (two checkpoints
     * or more are retained, so its files are still there), once. Any thread.
     */
    public void recoveryPoint(RecoveryPoint point, boolean earlierKept) {
        recoveryPoints.completed(point, earlierKept);
    }

    /** How many times a view placed again was restored from a checkpoint (the others were rebuilt). */
    public long restores() {
        return restores.get();
    }

    /**
     * Follows a relation's changes: from the returned epoch on, {@code listener} hears of
     * every later complete epoch, with the relation's change (empty when it did not change),
     * in order, on the coordinator's thread; it must be quick. The returned reader shows the
     * relation at that epoch; the caller closes it and calls {@link #unsubscribe}.
     */
    public Subscribed subscribe(String relation, ChangeListener listener) {
        visibility.writeLock().lock();
        try {
            checkReadable(relation);
            Contents contents = visible.get(relation);
            if (contents == null) {
                throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", relation);
            }
            Contents.Reader snapshot = contents.read();
            listeners.computeIfAbsent(relation, r -> new ArrayList<>()).add(listener);
            return new Subscribed(visibleEpoch, snapshot);
        } finally {
            visibility.writeLock().unlock();
        }
    }

    /** Stops {@code listener} hearing of {@code relation}'s changes. */
    public void unsubscribe(String relation, ChangeListener listener) {
        withWriteLock(() -> {
            List<ChangeListener> following = listeners.get(relation);
            if (following != null) {
                following.remove(listener);
                if (following.isEmpty()) {
                    listeners.remove(relation);
                }
            }
        });
    }

    /** A subscription's start: the epoch its snapshot shows, and the snapshot. */
    public record Subscribed(long epoch, Contents.Reader snapshot) {
    }

    /** Hears of one relation's changes, epoch by epoch. */
    public interface ChangeListener {
        /** Epoch {@code epoch} is complete; {@code delta} is the relation's change in it (maybe empty). */
        void changed(long epoch, ZSet delta);

        /** The relation is gone (dropped) or its view failed: nothing more will come. */
        void ended(RockStreamException reason);
    }

    /** Forgets a relation; cancels its job (and deletes its state) if it is a view. Call from a control task. */
    public void drop(String name) {
        ViewJob job = jobs.remove(name);
        monitoredJobs.remove(name);
        synchronized (this) {
            relocating.abandon(name);
            lastPlaced.remove(name);
        }
        if (job != null) {
            taskManager.cancel(job.graph().id());
            endpoint.unregister(job.graph().id());
            taskManager.dropState(job.graph().id());
        }
        withWriteLock(() -> {
            Contents contents = visible.remove(name);
            if (contents != null) {
                contents.drop();
            }
            viewErrors.remove(name);
            failedViews.remove(name);
            List<ChangeListener> following = listeners.remove(name);
            if (following != null) {
                RockStreamException gone = RockStreamException.of(ErrorCode.UNDEFINED_TABLE,
                        "relation \"%s\" was dropped", name);
                following.forEach(listener -> listener.ended(gone));
            }
        });
    }

    /**
     * Deploys the job of a materialized view and backfills it from the inputs' contents at
     * the last complete epoch; from then on it takes part in every epoch. Call from a
     * control task.
     */
    public void deployView(String view, JobGraph graph) {
        Set<String> inputs = sources(graph);
        ZSet[] result = backfillPlaced(view, graph, inputs);
        // contents a checkpoint left under this name belong to another job graph: replaced
        Contents contents = contentsStore.create(view, ViewKey.of(graph).orElse(null));
        contents.apply(result[0]);
        HeapContents errors = new HeapContents();
        errors.apply(result[1]);
        withWriteLock(() -> {
            visible.put(view, contents);
            viewErrors.put(view, errors);
        });
        jobs.put(view, new ViewJob(view, graph, inputs, java.time.Instant.now()));
        monitor(view);
    }

    /**
     * Hears a view's job whose first complete epoch (a backfill or a rebuild from the inputs)
     * answers {@code first}, with its output and errors; the later ones are the view's epochs.
     */
    private JobListener firstThenEpochs(String view, CompletableFuture<ZSet[]> first) {
        return firstThenEpochs(view, first, Long.MIN_VALUE);
    }

    /**
     * {@link #firstThenEpochs(String, CompletableFuture)} whose first epoch is {@code through}:
     * the answers of earlier epochs (replayed after a restore) are dropped.
     */
    private JobListener firstThenEpochs(String view, CompletableFuture<ZSet[]> first, long through) {
        return new JobListener() {
            @Override
            public void epochCompleted(long completedEpoch, ZSet delta, ZSet errors) {
                if (!first.isDone()) {
                    if (completedEpoch >= through) {
                        first.complete(new ZSet[] {delta, errors});
                    }
                } else {
                    jobEpochCompleted(view, completedEpoch, delta, errors);
                }
            }

            @Override
            public void failed(Throwable failure) {
                if (!first.isDone()) {
                    first.completeExceptionally(failure);
                } else {
                    LOG.error("materialized view {} failed: {}", view, failure.getMessage());
                    jobFailed(view, failure);
                }
            }
        };
    }

    /** {@link #backfill}, placed again (up to {@link #MAX_PLACEMENTS} times) when its TaskManager is lost meanwhile. */
    private ZSet[] backfillPlaced(String view, JobGraph graph, Set<String> inputs) {
        for (int attempt = 1;; attempt++) {
            try {
                return backfill(view, graph, inputs);
            } catch (RuntimeException failure) {
                if (attempt >= MAX_PLACEMENTS || !ClusterJobs.isLost(failure)) {
                    throw failure;
                }
                LOG.warn("materialized view {}: {}; placing it again (attempt {})", view, failure.getMessage(),
                        attempt + 1);
            }
        }
    }

    /**
     * Runs a view on a new job graph of the same query at another parallelism: between epochs,
     * the old job is cancelled and its state dropped, and the new one is deployed, spread over
     * the TaskManagers, and fed the inputs at the last complete epoch, so every key group's
     * state is rebuilt by its new owner. The view's contents already show that epoch and stay;
     * the new job's first output is checked against them (same row count). Call from a
     * control task.
     */
    public void rescaleView(String view, JobGraph graph) {
        ViewJob old = jobs.get(view);
        if (old == null) {
            throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "materialized view \"%s\" does not exist", view);
        }
        Map<Integer, Integer> rescaledFrom = rescaledFrom(old.graph(), graph);
        RecoveryPoints.RestorePlan plan = null;
        java.util.function.Supplier<CompletableFuture<Void>> checkpoint = checkpointer;
        if (rescaledFrom != null && durableViews && checkpoint != null) {
            try {
                // a checkpoint now: the view's state at this epoch, in the object store, key group by key group
                checkpoint.get().get(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                synchronized (this) {
                    plan = recoveryPoints.plan(view, old.graph(), old.inputs(), visibleEpoch);
                }
            } catch (Exception failure) {
                LOG.warn("materialized view {}: the checkpoint before rescaling failed ({}); rebuilding it from its"
                        + " inputs instead", view, failure.toString());
            }
        }
        taskManager.cancel(old.graph().id());
        endpoint.unregister(old.graph().id());
        taskManager.dropState(old.graph().id());
        if (plan != null && redistribute(view, graph, plan, rescaledFrom)) {
            jobs.put(view, new ViewJob(view, graph, old.inputs(), java.time.Instant.now()));
            monitor(view);
            rescales.incrementAndGet();
            LOG.info("materialized view {} runs at parallelism {} now, its key groups redistributed from the checkpoint"
                    + " of epoch {}", view, graph.slots(), plan.from());
            return;
        }
        ZSet[] result = backfillPlaced(view, graph, old.inputs());
        long rows = 0;
        ZSet output = result[0].consolidate();
        for (int i = 0; i < output.size(); i++) {
            rows += output.weight(i);
        }
        long visibleRows = visible.get(view).size();
        if (rows != visibleRows) {
            LOG.error("materialized view {} at its new parallelism computes {} rows where it shows {}", view, rows,
                    visibleRows);
        }
        jobs.put(view, new ViewJob(view, graph, old.inputs(), java.time.Instant.now()));
        monitor(view);
        LOG.info("materialized view {} runs at parallelism {} now", view,
                graph.slots());
    }

    /**
     * Deploys the rescaled job of {@code view} with every subtask's key-group range taken
     * from the checkpoint's old subtasks, then gives it the epochs after the checkpoint;
     * false (nothing deployed) when that fails, so the caller rebuilds it instead.
     */
    private boolean redistribute(String view, JobGraph graph, RecoveryPoints.RestorePlan plan, Map<Integer, Integer> rescaledFrom) {
        CompletableFuture<ZSet[]> first = new CompletableFuture<>();
        endpoint.register(graph.id(), graph.sink().orElseThrow().parallelism(), firstThenEpochs(view, first, plan.through()));
        try {
            taskManager.dropState(graph.id());
            deployRestored(graph, plan, rescaledFrom, first);
            await(first);
            return true;
        } catch (RuntimeException failure) {
            LOG.warn("materialized view {}: redistributing its key groups failed ({}); rebuilding it from its inputs",
                    view, failure.getMessage());
            taskManager.cancel(graph.id());
            endpoint.unregister(graph.id());
            taskManager.dropState(graph.id());
            return false;
        }
    }

    /**
     * Deploys {@code graph} with its slots' state from {@code plan}'s checkpoint (key groups
     * redistributed when {@code rescaledFrom} is not empty) and gives it the epochs after the
     * checkpoint; {@code first}, the listener's first answer (registered with the plan's last
     * epoch), is done at once when there is none to give.
     */
    private void deployRestored(JobGraph graph, RecoveryPoints.RestorePlan plan, Map<Integer, Integer> rescaledFrom,
            CompletableFuture<ZSet[]> first) {
        if (plan.replays().isEmpty()) {
            first.complete(null); // the checkpoint is the state wanted: nothing to replay
        }
        taskManager.deployAnywhere(graph, endpoint, true, plan.slots(), rescaledFrom);
        for (RecoveryPoints.EpochChange replay : plan.replays()) {
            taskManager.injectEpoch(graph.id(), replay.epoch(), replay.deltas());
        }
    }

    private final java.util.concurrent.atomic.AtomicLong rescales = new java.util.concurrent.atomic.AtomicLong();
    /** Takes a checkpoint (on the coordinator's thread) and completes when it is complete; null without storage. */
    private volatile java.util.function.Supplier<CompletableFuture<Void>> checkpointer;
    /** The checkpoint uploading now (done when none is). */
    private volatile java.util.function.Supplier<CompletableFuture<Void>> checkpointInFlight =
            () -> CompletableFuture.completedFuture(null);

    /** How a rescale takes a checkpoint first (call from the coordinator's thread). */
    public void attachCheckpointer(java.util.function.Supplier<CompletableFuture<Void>> checkpointer,
            java.util.function.Supplier<CompletableFuture<Void>> inFlight) {
        this.checkpointInFlight = inFlight;
        this.checkpointer = checkpointer;
    }

    /** How many rescales redistributed key groups from a checkpoint (the others rebuilt the view). */
    public long rescalesFromCheckpoints() {
        return rescales.get();
    }

    /**
     * Whether the state of {@code before}'s subtasks can be redistributed by key group to
     * {@code after}'s, the same query at another parallelism: each vertex's parallelism before
     * (vertex id → parallelism), or null when it cannot. It can when the graphs have the same
     * vertices, operators and edges (partitioning aside) and the same key groups, and every
     * stateful vertex whose parallelism changes keeps its state by key group on both sides: at
     * parallelism 1, or fed by hash-partitioned edges only (a forward or broadcast input
     * places state by something else than its key group).
     */
    public static Map<Integer, Integer> rescaledFrom(JobGraph before, JobGraph after) {
        if (before.maxParallelism() != after.maxParallelism() || before.vertices().size() != after.vertices().size()
                || before.edges().size() != after.edges().size()) {
            return null;
        }
        Map<Integer, Integer> parallelism = new HashMap<>();
        for (int i = 0; i < after.vertices().size(); i++) {
            var old = before.vertices().get(i);
            var next = after.vertices().get(i);
            if (!old.id().equals(next.id()) || !old.operator().equals(next.operator())) {
                return null;
            }
            parallelism.put(old.id().value(), old.parallelism());
            boolean stateless = next.operator() instanceof OperatorSpec.Source || next.operator() instanceof OperatorSpec.Values
                    || next.operator() instanceof OperatorSpec.Calc || next.operator() instanceof OperatorSpec.UnionAll
                    || next.operator() instanceof OperatorSpec.Sink;
            if (stateless || old.parallelism() == next.parallelism()) {
                continue;
            }
            if (!keyedByGroup(before, old) || !keyedByGroup(after, next)) {
                return null;
            }
        }
        for (int i = 0; i < after.edges().size(); i++) {
            var old = before.edges().get(i);
            var next = after.edges().get(i);
            if (!old.source().equals(next.source()) || !old.target().equals(next.target())
                    || old.targetInput() != next.targetInput()) {
                return null;
            }
        }
        return parallelism;
    }

    private static boolean keyedByGroup(JobGraph graph, io.rockstream.jobgraph.graph.JobVertex vertex) {
        return vertex.parallelism() == 1 || graph.inputsOf(vertex.id()).stream()
                .allMatch(edge -> edge.partitioning() instanceof io.rockstream.jobgraph.graph.Partitioning.Hash);
    }

    /** Deploys a view's job wherever there is room and feeds it its inputs; returns its first output and errors. */
    private ZSet[] backfill(String view, JobGraph graph, Set<String> inputs) {
        CompletableFuture<ZSet[]> backfill = new CompletableFuture<>();
        endpoint.register(graph.id(), graph.sink().orElseThrow().parallelism(), firstThenEpochs(view, backfill));
        // state left by an earlier job of the same name (e.g. a restore that did not match) must not leak in
        taskManager.dropState(graph.id());
        deploying.put(graph.id(), graph);
        try {
            Map<String, Contents.Reader> readers = read(inputs, relation -> Optional.empty());
            taskManager.deployAnywhere(graph, endpoint, durableViews);
            EpochInput.inject(taskManager, graph.id(), epoch, readers, backfill::isDone);
            return await(backfill);
        } catch (RuntimeException failure) {
            taskManager.cancel(graph.id());
            endpoint.unregister(graph.id());
            throw failure;
        } finally {
            deploying.remove(graph.id());
        }
    }

    /**
     * The TaskManager running {@code job} was lost: the job is placed again. A view being
     * created fails its backfill, which is tried again; a running view's job is rebuilt on
     * another TaskManager from its inputs at the last complete epoch, then given the epoch in
     * flight again, while that epoch waits for it. Any thread; returns at once.
     */
    public void relocate(JobId job) {
        JobGraph creating = deploying.get(job);
        if (creating != null) {
            endpoint.subtaskFailed(new SubtaskId(job, creating.sink().orElseThrow().id(), 0),
                    ClusterJobs.lost(job, "the TaskManager"));
            return;
        }
        for (ViewJob viewJob : monitoredJobs.values()) {
            if (viewJob.graph().id().equals(job)) {
                List<Relocations.Command> commands;
                synchronized (this) {
                    commands = relocating.lost(viewJob.view());
                }
                carryOut(viewJob, commands, null, true);
                return;
            }
        }
    }

    /**
     * Does what the failover machine decided for {@code job}'s view; {@code failure}: why a
     * placement failed; {@code lost}: the placement is for a loss, not a move.
     */
    private void carryOut(ViewJob job, List<Relocations.Command> commands, Throwable failure, boolean lost) {
        for (Relocations.Command command : commands) {
            if (command instanceof Relocations.Place place) {
                try {
                    recovery.execute(() -> {
                        if (place.delayMillis() > 0) {
                            try {
                                Thread.sleep(place.delayMillis());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return; // shutting down
                            }
                        }
                        relocateNow(job, place.attempt(), place.restore(), lost);
                    });
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // shutting down
                }
            } else if (command instanceof Relocations.Abort) {
                // lost again while being placed: that placement fails, and the machine tries once more
                CompletableFuture<ZSet[]> rebuild = rebuilding.get(job.graph().id());
                if (rebuild != null) {
                    rebuild.completeExceptionally(ClusterJobs.lost(job.graph().id(), "the TaskManager"));
                }
            } else if (command instanceof Relocations.GiveUp) {
                relocationFailed(job.view(), failure); // only a failed placement gives a view up
            }
        }
    }

    /**
     * Watches a view's deployed job for losses. A loss reported while it was being deployed
     * found no job to place again (a view being created retries its own deployment, but not
     * once that deployment finished): its job is placed again now.
     */
    private void monitor(String view) {
        ViewJob job = jobs.get(view);
        synchronized (this) {
            relocating.abandon(view); // a relocation of the job it replaces has nothing to place any more
        }
        monitoredJobs.put(view, job);
        if (taskManager.lost(job.graph().id())) {
            LOG.warn("materialized view {}: a TaskManager running it was lost as it was deployed", view);
            relocate(job.graph().id());
        }
    }

    /**
     * Moves every view whose job runs in this JVM to the TaskManager processes (one joined):
     * e.g. after a JobManager restart, which resumes every view here before its TaskManagers
     * reconnect. Each is rebuilt there from its inputs, as after a loss. Any thread.
     */
    public void moveLocalViews() {
        for (ViewJob viewJob : monitoredJobs.values()) {
            boolean busy;
            synchronized (this) {
                busy = relocating.moving(viewJob.view());
            }
            if (!busy && taskManager.runsLocally(viewJob.graph().id()) && !failedViewsSnapshot(viewJob.view())) {
                relocate(viewJob.graph().id());
            }
        }
    }

    private boolean failedViewsSnapshot(String view) {
        visibility.readLock().lock();
        try {
            return failedViews.containsKey(view);
        } finally {
            visibility.readLock().unlock();
        }
    }

    /** How many times a view's job was placed again after its TaskManager was lost. */
    public long relocations() {
        return relocations.get();
    }

    /** How many placements (relocations and moves) completed so far: a mark for {@link #unsettledSince}. Any thread. */
    public synchronized long placementsDone() {
        return placementsDone;
    }

    /**
     * The views being placed again or moved now, or placed since mark {@code since}
     * ({@link #placementsDone}). A checkpoint leaves out every view unsettled at any time
     * while its stores checkpointed: a new deployment may have been between the epochs it is
     * given then, idle but at an earlier epoch than the checkpoint's. Any thread.
     */
    public synchronized Set<String> unsettledSince(long since) {
        Set<String> views = relocating.movingViews();
        lastPlaced.forEach((view, mark) -> {
            if (mark > since) {
                views.add(view);
            }
        });
        return views;
    }

    /** How many times a view's job was moved to even the TaskManagers' load out. */
    public long moves() {
        return moves.get();
    }

    /**
     * Evens the TaskManagers' load out, e.g. when one joined: moves the view {@code nextMove}
     * names, then asks again, until it names none (at most one move per view). Each move
     * takes a checkpoint first (between epochs) and restores the view from it on the
     * placement the scheduler gives it now, like a relocation without a loss; a view that
     * would have to be rebuilt from its inputs stays. Any thread; returns at once.
     */
    public void rebalance(java.util.function.Supplier<java.util.Optional<String>> nextMove) {
        try {
            rebalancing.execute(() -> {
                for (int moved = 0; running && moved < monitoredJobs.size(); moved++) {
                    java.util.Optional<String> view = nextMove.get();
                    if (view.isEmpty() || !moveNow(view.get())) {
                        return;
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // shutting down
        }
    }

    /** Moves a view to where the scheduler places it now, restored from a fresh checkpoint; false if it stays. */
    private boolean moveNow(String view) {
        ViewJob job = monitoredJobs.get(view);
        java.util.function.Supplier<CompletableFuture<Void>> checkpoint = checkpointer;
        if (job == null || !durableViews || checkpoint == null) {
            return false;
        }
        try {
            // taken between epochs, on the coordinator thread: the stores hold every view at the checkpoint's epoch
            checkpointWhenNoneUploads(checkpoint).get(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception failure) {
            LOG.warn("materialized view {} stays where it is: the checkpoint before moving it failed ({})", view,
                    failure.toString());
            return false;
        }
        List<Relocations.Command> commands;
        synchronized (this) {
            if (relocating.moving(view) || monitoredJobs.get(view) != job
                    || recoveryPoints.plan(view, job.graph(), job.inputs(), visibleEpoch) == null) {
                return false; // moving already, dropped, or not in a checkpoint (it would be rebuilt)
            }
            commands = relocating.lost(view);
        }
        carryOut(job, commands, null, false);
        // settled before the next decision: that one reads where it went
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_TIMEOUT_SECONDS);
        while (running && System.nanoTime() < deadline) {
            synchronized (this) {
                if (!relocating.moving(view)) {
                    return true;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Starts {@code checkpoint} on the coordinator thread once no checkpoint is uploading, and
     * returns it: started while one is, it would wait there for that upload (seconds, with
     * gigabytes of state), and every epoch with it. The waiting is done on this thread.
     */
    private CompletableFuture<Void> checkpointWhenNoneUploads(
            java.util.function.Supplier<CompletableFuture<Void>> checkpoint) throws Exception {
        while (running) {
            try {
                checkpointInFlight.get().get(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException failed) {
                // logged where it failed; the checkpoint started next is a new attempt
            }
            // a periodic checkpoint may have started since: it is only ever started on the coordinator thread
            CompletableFuture<Void> started = control(() -> checkpointInFlight.get().isDone() ? checkpoint.get() : null);
            if (started != null) {
                return started;
            }
        }
        throw new IllegalStateException("shutting down");
    }

    /**
     * Places a view's job again: restored from the recovery point and given the epochs after
     * it when it can ({@code allowRestore}), else rebuilt from its inputs at the last
     * complete epoch; then given the epoch in flight, if the view took part in it.
     */
    private void relocateNow(ViewJob job, int attempt, boolean allowRestore, boolean lost) {
        String view = job.view();
        JobId id = job.graph().id();
        long snapshotEpoch;
        long replayEpoch = -1;
        Map<String, ZSet> replayInputs = Map.of();
        Map<String, Contents.Reader> readers = new HashMap<>();
        RecoveryPoints.RestorePlan plan = null;
        long placement = 0;
        visibility.readLock().lock();
        try {
            synchronized (this) {
                if (monitoredJobs.get(view) != job) {
                    return; // dropped or replaced meanwhile (which abandoned its relocation)
                }
                placement = relocating.start(view);
                if (placement == 0) {
                    return; // given up or abandoned meanwhile
                }
                snapshotEpoch = visibleEpoch;
                plan = allowRestore ? recoveryPoints.plan(view, job.graph(), job.inputs(), snapshotEpoch) : null;
                // the epoch after the snapshot, if the view took part in it: even when it is complete
                // already (all views done) but not yet applied, the snapshot is before it
                if (round != null && round.epoch() > snapshotEpoch && round.started(view)) {
                    replayEpoch = round.epoch();
                    replayInputs = new HashMap<>();
                    for (String input : job.inputs()) {
                        ZSet delta = round.delta(input);
                        if (delta != null && !delta.isEmpty()) {
                            replayInputs.put(input, delta);
                        }
                    }
                }
            }
            if (plan == null) {
                for (String input : job.inputs()) {
                    Contents contents = visible.get(input);
                    if (contents == null) {
                        throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", input);
                    }
                    readers.put(input, contents.read());
                }
            }
        } catch (RuntimeException failure) {
            EpochInput.closeAll(readers);
            placementFailed(job, placement, Relocations.Failure.ERROR, failure);
            return;
        } finally {
            visibility.readLock().unlock();
        }
        // the old deployment first: once cancelled, none of its answers reaches the listener registered next
        taskManager.cancel(id);
        // its output up to the snapshot's epoch is dropped: the view's contents already show that epoch
        CompletableFuture<ZSet[]> rebuilt = new CompletableFuture<>();
        endpoint.register(id, job.graph().sink().orElseThrow().parallelism(),
                firstThenEpochs(view, rebuilt, plan == null ? snapshotEpoch : plan.through()));
        long started = System.nanoTime();
        rebuilding.put(id, rebuilt);
        try {
            taskManager.cancel(id);
            taskManager.dropState(id);
            if (plan != null) {
                deployRestored(job.graph(), plan, Map.of(), rebuilt);
            } else {
                taskManager.deployAnywhere(job.graph(), endpoint, durableViews);
                EpochInput.inject(taskManager, id, snapshotEpoch, readers, rebuilt::isDone);
            }
            await(rebuilt);
            if (replayEpoch > 0) {
                taskManager.injectEpoch(id, replayEpoch, replayInputs);
            }
        } catch (RuntimeException failure) {
            Relocations.Failure kind;
            if (ClusterJobs.isLost(failure)) {
                kind = Relocations.Failure.LOST_AGAIN;
                LOG.warn("materialized view {}: {} while placing it again (attempt {})", view, failure.getMessage(),
                        attempt);
            } else if (plan != null) {
                // the checkpoint could not be restored (e.g. a state file is gone): the inputs still can
                kind = Relocations.Failure.RESTORE_FAILED;
                LOG.warn("materialized view {}: restoring it from the checkpoint of epoch {} failed ({}); rebuilding"
                        + " it from its inputs", view, plan.from(), failure.getMessage());
            } else {
                kind = Relocations.Failure.ERROR;
            }
            placementFailed(job, placement, kind, failure);
            return;
        } finally {
            rebuilding.remove(id, rebuilt);
        }
        if (!lost) {
            moves.incrementAndGet();
            LOG.info("materialized view {} was moved to even the load out: {} epoch {}, in {} ms", view,
                    plan == null ? "rebuilt from" : "restored from the checkpoint of epoch " + plan.from()
                            + " and given the epochs through", snapshotEpoch, (System.nanoTime() - started) / 1_000_000);
        } else if (plan != null) {
            relocations.incrementAndGet();
            restores.incrementAndGet();
            LOG.info("materialized view {} was placed again and restored from the checkpoint of epoch {}, then given"
                    + " {} epoch(s) through {}, in {} ms{}", view, plan.from(), plan.replays().size(), snapshotEpoch,
                    (System.nanoTime() - started) / 1_000_000, replayEpoch > 0 ? ", then epoch " + replayEpoch : "");
        } else {
            relocations.incrementAndGet();
            LOG.info("materialized view {} was placed again and rebuilt from epoch {} in {} ms{}", view, snapshotEpoch,
                    (System.nanoTime() - started) / 1_000_000, replayEpoch > 0 ? ", then given epoch " + replayEpoch : "");
        }
        List<Relocations.Command> next;
        synchronized (this) {
            next = relocating.placed(view, placement); // lost again meanwhile: placed once more
            lastPlaced.put(view, ++placementsDone);
            if (epochComplete != null && !epochComplete.isDone()) {
                startReadyJobs();
            }
        }
        carryOut(job, next, null, true);
    }

    private void placementFailed(ViewJob job, long placement, Relocations.Failure kind, Throwable failure) {
        List<Relocations.Command> next;
        synchronized (this) {
            next = relocating.failed(job.view(), placement, kind);
        }
        carryOut(job, next, failure, true);
    }

    /** The view was given up: it fails, and its epochs stop waiting for it. */
    private void relocationFailed(String view, Throwable failure) {
        if (!running) {
            return; // shutting down: nothing is placed again
        }
        LOG.error("materialized view {} could not be placed again", view, failure);
        jobFailed(view, failure);
        synchronized (this) {
            if (epochComplete != null && !epochComplete.isDone()) {
                round.failed(view);
                startReadyJobs();
            }
        }
    }

    /**
     * Deploys a view restored from a checkpoint: its subtasks find their state in the
     * TaskManager's restored store, its contents are in the restored store too, and its
     * errors are those saved with it, so nothing is recomputed. Call from a control task.
     */
    public void restoreView(String view, JobGraph graph, ZSet errors) {
        restoreView(view, graph, errors, Map.of());
    }

    /**
     * {@link #restoreView(String, JobGraph, ZSet)} for a view whose state the checkpoint
     * holds in other stores (TaskManager processes'): slot i's state comes from the state
     * checkpoint {@code slots.get(i)}; with none, it is in this JVM's restored store.
     */
    public void restoreView(String view, JobGraph graph, ZSet errors, Map<Integer, byte[]> slots) {
        // nothing to answer first: its state and contents are restored
        endpoint.register(graph.id(), graph.sink().orElseThrow().parallelism(),
                firstThenEpochs(view, CompletableFuture.completedFuture(null)));
        if (slots.isEmpty()) {
            taskManager.deploy(graph, endpoint, true);
        } else {
            taskManager.dropState(graph.id());
            taskManager.deployAnywhere(graph, endpoint, true, slots, Map.of());
        }
        Contents restored = contentsStore.open(view, ViewKey.of(graph).orElse(null));
        HeapContents restoredErrors = new HeapContents();
        restoredErrors.apply(errors);
        withWriteLock(() -> {
            visible.put(view, restored);
            viewErrors.put(view, restoredErrors);
        });
        jobs.put(view, new ViewJob(view, graph, sources(graph), java.time.Instant.now()));
        monitor(view);
    }

    public static Set<String> sources(JobGraph graph) {
        Set<String> inputs = new HashSet<>();
        graph.vertices().forEach(vertex -> {
            if (vertex.operator() instanceof OperatorSpec.Source source) {
                inputs.add(source.relation());
            }
        });
        return inputs;
    }

    /** Runs {@code task} on the coordinator thread between epochs and returns its result. */
    public <T> T control(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (queueLock) {
            control.add(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable failure) {
                    result.completeExceptionally(failure);
                }
            });
            queueLock.notifyAll();
        }
        return await(result);
    }

    /** Queues table changes for the next epoch; the future completes with the epoch holding them. */
    public CompletableFuture<Long> submit(Map<String, ZSet> deltas) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        synchronized (queueLock) {
            pending.add(new PendingWrite(deltas, done, System.nanoTime()));
            queueLock.notifyAll();
        }
        return done;
    }

    /**
     * Waits until every write submitted before this call is in a complete epoch (or has
     * failed): an empty write queued behind them, which completes with the epoch after them.
     * Returns that epoch. Barriers of concurrent callers share one epoch.
     */
    public long awaitSubmitted() {
        return await(submit(Map.of()));
    }

    /** Waits until a submitted change's epoch is complete; returns the epoch. */
    public long awaitWrite(CompletableFuture<Long> done) {
        return await(done);
    }

    /**
     * Reads of the visible contents of relations at the last complete epoch, consistent with
     * each other; streamed later, they never show a later epoch. A relation for which
     * {@code keys} gives a primary key is read as the one row with that key (or none). The
     * caller closes the readers.
     */
    public Map<String, Contents.Reader> read(Set<String> relations, Function<String, Optional<Row>> keys) {
        Map<String, Contents.Reader> result = new HashMap<>();
        visibility.readLock().lock();
        try {
            for (String relation : relations) {
                checkReadable(relation);
                Contents contents = visible.get(relation);
                if (contents == null) {
                    throw RockStreamException.of(ErrorCode.UNDEFINED_TABLE, "relation \"%s\" does not exist", relation);
                }
                Optional<Row> key = keys.apply(relation);
                if (key.isPresent()) {
                    Row row = contents.lookup(key.get());
                    result.put(relation, Contents.Reader.of(row == null ? new ZSet(1) : ZSet.of(row, 1)));
                } else {
                    result.put(relation, contents.read());
                }
            }
            return result;
        } catch (RuntimeException failure) {
            EpochInput.closeAll(result);
            throw failure;
        } finally {
            visibility.readLock().unlock();
        }
    }

    /** Fails when a view has failed or holds data errors. Holds the visibility lock. */
    private void checkReadable(String relation) {
        RockStreamException failure = failedViews.get(relation);
        if (failure != null) {
            throw failure;
        }
        HeapContents errors = viewErrors.get(relation);
        if (errors != null && errors.size() > 0) {
            Row error = errors.anyRow();
            throw RockStreamException.of(sqlState((String) error.get(0)), (String) error.get(1))
                    .withDetail("while maintaining materialized view \"" + relation + "\"");
        }
    }

    private static ErrorCode sqlState(String sqlState) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.sqlState().equals(sqlState)) {
                return code;
            }
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    // ------------------------------------------------------------------ monitoring

    /**
     * A view's job as monitoring sees it: its graph, the relations it reads, why it failed
     * (null while healthy) and how many rows of data errors it holds.
     */
    public record ViewStatus(String view, JobGraph graph, Set<String> inputs, RockStreamException failure,
            long errorRows, java.time.Instant deployed) {
    }

    /** Every view job now; callable from any thread. */
    public List<ViewStatus> viewStatuses() {
        List<ViewStatus> statuses = new ArrayList<>();
        visibility.readLock().lock();
        try {
            for (ViewJob job : monitoredJobs.values()) {
                HeapContents errors = viewErrors.get(job.view());
                statuses.add(new ViewStatus(job.view(), job.graph(), job.inputs(), failedViews.get(job.view()),
                        errors == null ? 0 : errors.size(), job.deployed()));
            }
        } finally {
            visibility.readLock().unlock();
        }
        statuses.sort(java.util.Comparator.comparing(ViewStatus::view));
        return statuses;
    }

    /** The epoch whose contents reads see now; callable from any thread. */
    public long visibleEpoch() {
        visibility.readLock().lock();
        try {
            return visibleEpoch;
        } finally {
            visibility.readLock().unlock();
        }
    }

    /**
     * Writes not visible yet, per table: when the oldest was submitted ({@link System#nanoTime})
     * and in how many epochs (the one in flight, the next one) they are. Callable from any thread.
     */
    public record Unapplied(long oldestNanos, int epochs) {
    }

    public Map<String, Unapplied> unappliedWrites() {
        Map<String, Unapplied> result = new HashMap<>();
        addUnapplied(result, inFlightWrites);
        List<PendingWrite> queued;
        synchronized (queueLock) {
            queued = new ArrayList<>(pending);
        }
        addUnapplied(result, queued);
        return result;
    }

    private static void addUnapplied(Map<String, Unapplied> result, List<PendingWrite> writes) {
        Map<String, Long> oldest = new HashMap<>();
        for (PendingWrite write : writes) {
            for (String table : write.deltas().keySet()) {
                oldest.merge(table, write.submittedNanos(), Math::min);
            }
        }
        oldest.forEach((table, nanos) -> result.merge(table, new Unapplied(nanos, 1),
                (a, b) -> new Unapplied(Math.min(a.oldestNanos(), b.oldestNanos()), a.epochs() + b.epochs())));
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        while (running) {
            Runnable task = null;
            List<PendingWrite> writes = null;
            synchronized (queueLock) {
                while (running && control.isEmpty() && pending.isEmpty()) {
                    try {
                        queueLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!control.isEmpty()) {
                    task = control.poll();
                } else if (!pending.isEmpty()) {
                    writes = new ArrayList<>(pending);
                    pending.clear();
                }
            }
            if (task != null) {
                task.run();
            } else if (writes != null) {
                runEpoch(writes);
            }
        }
    }

    private void runEpoch(List<PendingWrite> writes) {
        inFlightWrites = writes;
        try {
            runEpochOf(writes);
        } finally {
            inFlightWrites = List.of();
        }
    }

    private void runEpochOf(List<PendingWrite> writes) {
        Map<String, ZSet> tableDeltas = new HashMap<>();
        for (PendingWrite write : writes) {
            write.deltas().forEach((table, delta) -> tableDeltas.computeIfAbsent(table, t -> new ZSet()).addAll(delta));
        }
        tableDeltas.replaceAll((table, delta) -> delta.consolidate());
        tableDeltas.values().removeIf(ZSet::isEmpty);
        long next = epoch + 1;
        try {
            EpochLog epochLog = log;
            if (epochLog != null && !tableDeltas.isEmpty()) {
                epochLog.epochStarting(next, tableDeltas);
            }
            CompletableFuture<Void> complete = new CompletableFuture<>();
            synchronized (this) {
                Map<String, Set<String>> views = new LinkedHashMap<>();
                jobs.values().forEach(job -> views.put(job.view(), job.inputs()));
                round = new EpochRound(next, tableDeltas, visible.keySet(), views);
                epochComplete = complete;
                startReadyJobs();
            }
            try {
                await(complete);
            } catch (RockStreamException timeout) {
                synchronized (this) {
                    LOG.error("epoch {} did not complete; views still pending: {}, started: {}", next, round.waiting(),
                            round.startedViews());
                }
                throw timeout;
            }
            withWriteLock(() -> {
                synchronized (this) {
                    Map<String, ZSet> epochDeltas = round.deltas();
                    epochDeltas.forEach((relation, delta) -> {
                        Contents contents = visible.get(relation);
                        if (contents != null) {
                            contents.apply(delta);
                        }
                    });
                    round.errors().forEach((view, errors) -> {
                        HeapContents contents = viewErrors.get(view);
                        if (contents != null) {
                            contents.apply(errors);
                        }
                    });
                    visibleEpoch = next;
                    // with the epoch, under the write lock: a relocation that sees the epoch finds it to replay
                    recoveryPoints.remember(next, epochDeltas);
                    ZSet unchanged = new ZSet(0);
                    listeners.forEach((relation, following) -> {
                        ZSet delta = epochDeltas.get(relation);
                        for (ChangeListener listener : following) {
                            listener.changed(next, delta == null ? unchanged : delta);
                        }
                    });
                }
            });
            epoch = next;
            inFlightWrites = List.of(); // visible now: no view lags behind them (before their writers hear so)
            for (PendingWrite write : writes) {
                write.done().complete(next);
            }
            EpochLog completedLog = log;
            if (completedLog != null) {
                completedLog.epochCompleted(next);
            }
        } catch (RuntimeException failure) {
            LOG.error("epoch {} failed", next, failure);
            for (PendingWrite write : writes) {
                write.done().completeExceptionally(failure);
            }
        }
    }

    /**
     * Injects the epoch into every job the round starts (views being placed again wait, failed
     * ones are skipped), and completes the epoch once every view is done. Holds `this`.
     */
    private void startReadyJobs() {
        for (EpochRound.Start start : round.advance(relocating::moving, failedViews::containsKey)) {
            taskManager.injectEpoch(jobs.get(start.view()).graph().id(), round.epoch(), start.inputs());
        }
        if (round.complete()) {
            epochComplete.complete(null);
        }
    }

    private synchronized void jobEpochCompleted(String view, long completedEpoch, ZSet delta, ZSet errors) {
        if (round == null || completedEpoch != round.epoch() || epochComplete.isDone()) {
            return;
        }
        if (round.completed(view, delta, errors)) {
            startReadyJobs();
        }
    }

    private void jobFailed(String view, Throwable failure) {
        RockStreamException error = failure instanceof RockStreamException e ? e
                : RockStreamException.internal("materialized view \"" + view + "\" failed: " + failure, failure);
        withWriteLock(() -> {
            failedViews.put(view, error);
            List<ChangeListener> following = listeners.remove(view);
            if (following != null) {
                following.forEach(listener -> listener.ended(error));
            }
        });
        synchronized (this) {
            if (epochComplete != null && !epochComplete.isDone()) {
                round.failed(view);
                startReadyJobs();
            }
        }
    }

    private void withWriteLock(Runnable action) {
        visibility.writeLock().lock();
        try {
            action.run();
        } finally {
            visibility.writeLock().unlock();
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(JOB_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RockStreamException error) {
                throw error;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw RockStreamException.internal("internal error: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to interruption");
        } catch (TimeoutException e) {
            throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement: no answer from the TaskManager in %d s",
                    JOB_TIMEOUT_SECONDS);
        }
    }

    @Override
    /**
     * Stops the coordinator thread and the placements under way, and waits (up to
     * {@link #STOP_SECONDS}) until they ended: the stores they read (a rebuild scans its
     * inputs' contents) may be closed next.
     */
    public void close() {
        running = false;
        recovery.shutdownNow();
        rebalancing.shutdownNow();
        synchronized (queueLock) {
            queueLock.notifyAll();
        }
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
            boolean ended = recovery.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)
                    & rebalancing.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (!ended || thread.isAlive()) {
                LOG.warn("the epoch coordinator's threads did not end within {} s of its close", STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seconds {@link #close} waits for the coordinator's threads to end. */
    static final long STOP_SECONDS = 10;
}
