package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.graph.Partitioning;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.taskmanager.operator.OperatorFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A TaskManager: runs the subtasks deployed to it on a pool of one thread per slot. In the
 * embedded engine every subtask of every job runs here and exchanges batches by
 * reference; the JobManager still reaches it only through {@link TaskManagerGateway}.
 *
 * <p>Each subtask gets its own state backend from one of two factories: the ephemeral one
 * (heap) for ordinary deployments, the durable one (RocksDB) for {@code deploy(..., true)}.
 */
public final class TaskManager implements TaskManagerGateway, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskManager.class);
    private final ExecutorService pool;
    private final int slots;
    private final StateBackendFactory ephemeralState;
    private final StateBackendFactory durableState;
    private final Map<JobId, DeployedJob> jobs = new ConcurrentHashMap<>();
    /** Data messages a job may have in its mailboxes before {@link #injectData} waits. */
    private static final int MAX_IN_FLIGHT = 8;

    /** The subtasks of one job, by vertex, and the data messages in flight between them. */
    private record DeployedJob(JobGraph graph, Map<VertexId, List<Subtask>> subtasks, InFlight inFlight,
            java.util.concurrent.atomic.AtomicLong injected, long attempt, FencedGateway answers) {
    }

    /**
     * What one deployment tells the JobManager: once the deployment is cancelled, nothing
     * more, and no call is still under way when {@link #close} returns. A redeployed job's
     * JobManager side may then listen afresh without hearing the cancelled one.
     */
    private static final class FencedGateway implements JobManagerGateway {
        private final JobManagerGateway target;
        private boolean closed;

        FencedGateway(JobManagerGateway target) {
            this.target = target;
        }

        synchronized void close() {
            closed = true;
        }

        @Override
        public synchronized void sinkEpochCompleted(SubtaskId subtask, long epoch, ZSet delta) {
            if (!closed) {
                target.sinkEpochCompleted(subtask, epoch, delta);
            }
        }

        @Override
        public synchronized void dataErrors(SubtaskId subtask, long epoch, ZSet errors) {
            if (!closed) {
                target.dataErrors(subtask, epoch, errors);
            }
        }

        @Override
        public synchronized void subtaskFailed(SubtaskId subtask, Throwable failure) {
            if (!closed) {
                target.subtaskFailed(subtask, failure);
            }
        }
    }

    /** A TaskManager without durable state: every deployment uses {@code stateBackends}. */
    public TaskManager(int slots, Supplier<StateBackend> stateBackends) {
        this(slots, supplied(stateBackends), supplied(stateBackends));
    }

    /**
     * A TaskManager whose durable deployments take their state from {@code durableState}
     * (e.g. {@code RocksDbStateBackend.factory(store)}) and the others from
     * {@code ephemeralState}.
     */
    public TaskManager(int slots, StateBackendFactory ephemeralState, StateBackendFactory durableState) {
        this.ephemeralState = Objects.requireNonNull(ephemeralState, "ephemeralState is null");
        this.durableState = Objects.requireNonNull(durableState, "durableState is null");
        this.slots = slots;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "taskmanager-slot-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = Executors.newFixedThreadPool(slots, threads);
    }

    private static StateBackendFactory supplied(Supplier<StateBackend> stateBackends) {
        Objects.requireNonNull(stateBackends, "stateBackends is null");
        return new StateBackendFactory() {
            @Override
            public StateBackend create(SubtaskId subtask, int maxParallelism) {
                return stateBackends.get();
            }

            @Override
            public void dropJob(JobId job) {
            }
        };
    }

    @Override
    public void deploy(JobGraph graph, JobManagerGateway jobManager) {
        deploy(graph, jobManager, false);
    }

    @Override
    public void deploy(JobGraph graph, JobManagerGateway jobManager, boolean durable) {
        deploy(graph, jobManager, durable, 0, index -> true, index -> {
            throw new IllegalStateException("every subtask is local");
        });
    }

    /**
     * Deploys the subtasks of {@code graph} whose index {@code local} accepts (slot sharing:
     * subtask i of every vertex is in slot i); output for the other indices goes over the
     * link {@code links} gives for that index, to the TaskManager that runs them. Every
     * TaskManager of the deployment gets the same {@code attempt}, new at each deployment, so
     * batches of an earlier deployment still in flight are never taken.
     */
    public void deploy(JobGraph graph, JobManagerGateway jobManager, boolean durable, long attempt,
            IntPredicate local, IntFunction<ExchangeLink> links) {
        deploy(graph, jobManager, durable, attempt, local, links, Map.of(), Map.of());
    }

    /**
     * {@link #deploy(JobGraph, JobManagerGateway, boolean, long, IntPredicate, IntFunction)}
     * whose local subtasks of index i first get their state from the state checkpoint
     * {@code restore.get(i)} (durable deployments only; the job must have no state here). With
     * {@code rescaledFrom} (each vertex's parallelism before) not empty, the job was rescaled:
     * {@code restore} holds its previous deployment's slots, and each local subtask takes its
     * key-group range from them.
     */
    public void deploy(JobGraph graph, JobManagerGateway jobManager, boolean durable, long attempt,
            IntPredicate local, IntFunction<ExchangeLink> links, Map<Integer, byte[]> restore,
            Map<Integer, Integer> rescaledFrom) {
        StateBackendFactory stateBackends = durable ? durableState : ephemeralState;
        if (!restore.isEmpty() && !durable) {
            throw new IllegalArgumentException("only a durable deployment restores state");
        }
        if (!rescaledFrom.isEmpty()) {
            java.util.Set<Integer> slots = new java.util.TreeSet<>();
            Map<Integer, Integer> parallelism = new HashMap<>();
            for (JobVertex vertex : graph.vertices()) {
                parallelism.put(vertex.id().value(), vertex.parallelism());
                for (int index = 0; index < vertex.parallelism(); index++) {
                    if (local.test(index)) {
                        slots.add(index);
                    }
                }
            }
            stateBackends.redistributeSlots(graph.id(), slots, restore, rescaledFrom, parallelism,
                    graph.maxParallelism());
        } else {
            Map<Integer, byte[]> mine = new HashMap<>();
            restore.forEach((index, checkpoint) -> {
                if (local.test(index)) {
                    mine.put(index, checkpoint);
                }
            });
            if (!mine.isEmpty()) {
                stateBackends.restoreSlots(graph.id(), mine);
            }
        }
        FencedGateway answers = new FencedGateway(jobManager);
        Map<VertexId, List<Subtask>> subtasks = new HashMap<>();
        Map<VertexId, List<Target>> targets = new HashMap<>();
        InFlight inFlight = new InFlight();
        for (JobVertex vertex : graph.vertices()) {
            List<JobEdge> inputs = graph.inputsOf(vertex.id());
            int[] channels = new int[vertex.operator().inputs()];
            for (JobEdge edge : inputs) {
                int producers = graph.vertex(edge.source()).parallelism();
                channels[edge.targetInput()] = edge.partitioning() instanceof Partitioning.Forward ? 1 : producers;
            }
            List<Subtask> instances = new ArrayList<>();
            List<Target> vertexTargets = new ArrayList<>();
            for (int index = 0; index < vertex.parallelism(); index++) {
                SubtaskId id = new SubtaskId(graph.id(), vertex.id(), index);
                if (local.test(index)) {
                    Subtask subtask = new Subtask(id, OperatorFactory.create(vertex, graph), channels, pool, answers,
                            stateBackends.create(id, graph.maxParallelism()), inFlight);
                    instances.add(subtask);
                    vertexTargets.add(subtask);
                } else {
                    instances.add(null);
                    vertexTargets.add(new RemoteTarget(links.apply(index), id, attempt));
                }
            }
            subtasks.put(vertex.id(), instances);
            targets.put(vertex.id(), vertexTargets);
        }
        for (JobVertex vertex : graph.vertices()) {
            List<Subtask> instances = subtasks.get(vertex.id());
            for (int index = 0; index < instances.size(); index++) {
                if (instances.get(index) == null) {
                    continue;
                }
                List<OutputRouter.Edge> edges = new ArrayList<>();
                for (JobEdge edge : graph.outputsOf(vertex.id())) {
                    int[] keys = edge.partitioning() instanceof Partitioning.Hash hash
                            ? hash.keys().stream().mapToInt(Integer::intValue).toArray()
                            : new int[0];
                    edges.add(new OutputRouter.Edge(edge.partitioning(), keys, targets.get(edge.target()),
                            edge.targetInput()));
                }
                instances.get(index).connect(new OutputRouter(edges, index, graph.maxParallelism()));
            }
        }
        jobs.put(graph.id(), new DeployedJob(graph, subtasks, inFlight, new java.util.concurrent.atomic.AtomicLong(-1),
                attempt, answers));
    }

    /**
     * Hands a batch that came over the exchange to its subtask here; {@code handled} runs once
     * the subtask processed it. False when the subtask is not here (its job was cancelled).
     */
    public boolean deliverData(SubtaskId target, long attempt, int input, int channel, ZSet delta, Runnable handled) {
        Subtask subtask = local(target, attempt);
        if (subtask == null) {
            return false;
        }
        subtask.enqueue(new Message.Data(input, channel, delta, handled));
        return true;
    }

    /** Hands a barrier that came over the exchange to its subtask here; false when it is not here. */
    public boolean deliverBarrier(SubtaskId target, long attempt, int input, int channel, long epoch) {
        Subtask subtask = local(target, attempt);
        if (subtask == null) {
            return false;
        }
        subtask.enqueue(new Message.Barrier(input, channel, epoch));
        return true;
    }

    private Subtask local(SubtaskId id, long attempt) {
        DeployedJob deployed = jobs.get(id.job());
        if (deployed == null || deployed.attempt() != attempt) {
            return null;
        }
        List<Subtask> instances = deployed.subtasks().get(id.vertex());
        return instances == null || id.index() < 0 || id.index() >= instances.size() ? null : instances.get(id.index());
    }

    /**
     * The jobs whose subtasks here have all written the state of the last epoch injected into
     * them (none is in the middle of an epoch), by deployment number: their state in the
     * store is that of their last epoch.
     */
    public Map<JobId, Long> idleJobs() {
        Map<JobId, Long> idle = new HashMap<>();
        jobs.forEach((job, deployed) -> {
            long injected = deployed.injected().get();
            boolean quiet = true;
            for (List<Subtask> instances : deployed.subtasks().values()) {
                for (Subtask subtask : instances) {
                    if (subtask != null && subtask.committedEpoch() != injected) {
                        quiet = false;
                    }
                }
            }
            if (quiet) {
                idle.put(job, deployed.attempt());
            }
        });
        return idle;
    }

    /**
     * Cancels the job's subtasks here and waits (up to {@link #STOP_SECONDS}) until none runs
     * any more: when this returns, its state may be dropped, as no subtask of it reads or
     * writes it again.
     */
    @Override
    public void cancel(JobId job) {
        DeployedJob deployed = jobs.remove(job);
        if (deployed != null) {
            deployed.answers().close();
            List<Subtask> cancelled = new ArrayList<>();
            deployed.subtasks().values().forEach(list -> list.forEach(subtask -> {
                if (subtask != null) {
                    subtask.cancel();
                    cancelled.add(subtask);
                }
            }));
            deployed.inFlight().close();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(STOP_SECONDS);
            List<SubtaskId> running = new ArrayList<>();
            for (Subtask subtask : cancelled) {
                if (!subtask.awaitStopped(deadline)) {
                    running.add(subtask.id());
                }
            }
            if (!running.isEmpty()) {
                // interrupted: this process is shutting down (its state goes with it)
                LOG.warn("cancelled job {}: not waiting for subtask(s) {} to stop: {}", job, running,
                        Thread.currentThread().isInterrupted() ? "interrupted" : "still running after " + STOP_SECONDS + " s");
            }
        }
    }

    /** Seconds {@link #cancel} waits for a cancelled job's subtasks to stop. */
    static final long STOP_SECONDS = 10;

    @Override
    public void dropState(JobId job) {
        if (jobs.containsKey(job)) {
            throw new IllegalStateException("job " + job + " is still deployed: cancel it before dropping its state");
        }
        durableState.dropJob(job);
    }

    @Override
    public void injectEpoch(JobId job, long epoch, Map<String, ZSet> inputs) {
        DeployedJob deployed = jobs.get(job);
        if (deployed == null) {
            throw new IllegalStateException("job " + job + " is not deployed here");
        }
        deployed.injected().set(epoch);
        for (JobVertex vertex : deployed.graph().vertices()) {
            if (vertex.operator().inputs() != 0) {
                continue;
            }
            List<Subtask> instances = deployed.subtasks().get(vertex.id());
            ZSet[] slices = new ZSet[instances.size()];
            if (vertex.operator() instanceof OperatorSpec.Source source) {
                ZSet delta = inputs.get(source.relation());
                if (delta != null) {
                    split(delta, slices);
                }
            }
            for (int i = 0; i < instances.size(); i++) {
                if (instances.get(i) != null) {
                    instances.get(i).enqueue(new Message.Inject(epoch, slices[i]));
                }
            }
        }
    }

    @Override
    public void injectData(JobId job, String relation, ZSet chunk) {
        DeployedJob deployed = jobs.get(job);
        if (deployed == null) {
            throw new IllegalStateException("job " + job + " is not deployed here");
        }
        deployed.inFlight().awaitAtMost(MAX_IN_FLIGHT);
        for (JobVertex vertex : deployed.graph().vertices()) {
            if (vertex.operator() instanceof OperatorSpec.Source source && source.relation().equals(relation)) {
                List<Subtask> instances = deployed.subtasks().get(vertex.id());
                ZSet[] slices = new ZSet[instances.size()];
                split(chunk, slices);
                for (int i = 0; i < instances.size(); i++) {
                    if (instances.get(i) != null && !slices[i].isEmpty()) {
                        instances.get(i).enqueue(new Message.InjectData(slices[i]));
                    }
                }
            }
        }
    }

    /**
     * Deals a source's delta over its subtasks by the hash of each row, so that a row and its
     * retraction meet in the same subtask even when they arrive in different chunks of an
     * epoch (e.g. a table's visible rows and the not yet visible writes that delete some).
     */
    private static void split(ZSet delta, ZSet[] slices) {
        if (slices.length == 1) {
            slices[0] = delta;
            return;
        }
        for (int i = 0; i < slices.length; i++) {
            slices[i] = new ZSet(delta.size() / slices.length + 1);
        }
        for (int i = 0; i < delta.size(); i++) {
            Row row = delta.row(i);
            slices[sourceIndex(row, slices.length)].add(row, delta.weight(i));
        }
    }

    /** The source subtask (of {@code parallelism}) that takes {@code row} of a source's input. */
    public static int sourceIndex(Row row, int parallelism) {
        return parallelism == 1 ? 0 : Math.floorMod(row.hashCode() * 0x9E3779B9, parallelism);
    }

    @Override
    public List<SubtaskStatus> status(JobId job, boolean stateSizes) {
        DeployedJob deployed = jobs.get(job);
        if (deployed == null) {
            return List.of();
        }
        List<SubtaskStatus> statuses = new ArrayList<>();
        for (JobVertex vertex : deployed.graph().vertices()) {
            for (Subtask subtask : deployed.subtasks().get(vertex.id())) {
                if (subtask != null) {
                    statuses.add(subtask.status(stateSizes));
                }
            }
        }
        return statuses;
    }

    @Override
    public long injectedEpoch(JobId job) {
        DeployedJob deployed = jobs.get(job);
        return deployed == null ? -1 : deployed.injected().get();
    }

    @Override
    public TaskManagerStatus status() {
        int subtasks = 0;
        for (DeployedJob deployed : jobs.values()) {
            for (List<Subtask> instances : deployed.subtasks().values()) {
                subtasks += (int) instances.stream().filter(Objects::nonNull).count();
            }
        }
        int busy = pool instanceof java.util.concurrent.ThreadPoolExecutor executor ? executor.getActiveCount() : 0;
        return new TaskManagerStatus("taskmanager-1", "embedded (in the JobManager's JVM)", slots, busy, jobs.size(),
                subtasks);
    }

    /** Cancels every job and waits (a little) for the subtasks running now, so none writes to a state store closed next. */
    @Override
    public void close() {
        jobs.keySet().forEach(this::cancel);
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
