package io.rockstream.jobmanager.cluster;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.rockstream.jobgraph.control.JobPlaneMessage;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.JobManagerGateway;
import io.rockstream.taskmanager.runtime.SubtaskStatus;
import io.rockstream.taskmanager.runtime.TaskManager;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's TaskManagers: the one in its own JVM and the TaskManager processes that
 * connected a job plane ({@link JobPlaneMessage}). It is the {@link TaskManagerGateway} the
 * epoch coordinator and the query runner use, so the embedded engine and a cluster share one
 * code path: with no TaskManager process, every job runs in this JVM.
 *
 * <ul>
 *   <li><b>Placement.</b> {@link #deployAnywhere} puts a view's job on the TaskManager
 *       process with the most free slots (subtasks per slot), or in this JVM when none is
 *       connected. Ad hoc queries and jobs restored on the local store run here.</li>
 *   <li><b>Flow control.</b> Each remote job has {@link #CREDITS} credits for input chunks;
 *       a chunk takes one, and the TaskManager returns it once its subtasks took the chunk.
 *       A slow TaskManager makes a backfill wait, with at most that many chunks in flight.</li>
 *   <li><b>Fencing.</b> A job's answers count only from the connection it was deployed on. A
 *       TaskManager whose job-plane connection breaks, or that the control channel declares
 *       lost (missed heartbeats: a paused process), is closed, and each job it ran is handed
 *       to the {@link #onLost lost-job handler}, which places it again.</li>
 * </ul>
 */
public final class ClusterJobs implements TaskManagerGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
    /** Input chunks a remote job may have in flight. */
    static final int CREDITS = 4;

    private final TaskManager local;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final Map<JobId, Placed> placed = new ConcurrentHashMap<>();
    /** Answers from TaskManagers are handed to the JobManager in order on this thread, never on Netty's. */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-plane-answers");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<JobId> lostHandler = job -> { };
    private volatile Runnable joinedHandler = () -> { };
    /** Deployments so far: each gets its own number, which fences the batches of earlier ones. */
    private final AtomicLong attempts = new AtomicLong(System.currentTimeMillis() << 10); // grows across restarts too
    private static final AtomicLong BYTES_SENT = new AtomicLong();
    private static final AtomicLong BYTES_RECEIVED = new AtomicLong();

    /** Job-plane bytes sent to TaskManager processes by this JVM so far (frames, without TCP/IP). */
    public static long jobPlaneBytesSent() {
        return BYTES_SENT.get();
    }

    /** Job-plane bytes received from TaskManager processes by this JVM so far. */
    public static long jobPlaneBytesReceived() {
        return BYTES_RECEIVED.get();
    }

    /** A connected TaskManager process. */
    static final class Host {
        final String id;
        final String incarnation;
        final int slots;
        final String exchange;
        final Channel channel;
        volatile boolean lost;
        /**
         * Set when an answer to a checkpoint came too late to be kept: its files may be
         * garbage-collected, so the next checkpoint must not reuse them.
         */
        volatile boolean uploadsUnkept;
        /** Checkpoints asked of this TaskManager and not answered yet, by id. */
        final Map<Long, java.util.concurrent.CompletableFuture<CheckpointRound.Answer>> checkpoints = new ConcurrentHashMap<>();

        Host(String id, String incarnation, int slots, String exchange, Channel channel) {
            this.id = id;
            this.incarnation = incarnation;
            this.slots = slots;
            this.exchange = exchange;
            this.channel = channel;
        }

        @Override
        public String toString() {
            return id + " (" + incarnation + ")";
        }
    }

    /** A job running on TaskManager processes: subtask index i of every vertex on {@code slots.get(i)}. */
    private static final class Placed {
        final JobGraph graph;
        final List<Host> slots;
        final List<Host> hosts;
        final JobManagerGateway jobManager;
        final Map<Host, Semaphore> credits = new HashMap<>();
        final Set<Host> deployed = ConcurrentHashMap.newKeySet();
        final AtomicLong injected = new AtomicLong(-1);
        /** Sink output received in parts, by subtask; touched on the answers thread. */
        final Map<SubtaskId, ZSet> parts = new HashMap<>();
        /** Set (under this object's lock) once the placement is cancelled: its answers are not delivered any more. */
        boolean forgotten;
        /** Why a TaskManager could not deploy its part (e.g. its restore failed), or null. */
        volatile RockStreamException deployFailure;
        /** Set once the deployment's loss was reported: its TaskManager lost, or a peer's exchange connection to it. */
        final java.util.concurrent.atomic.AtomicBoolean lossReported = new java.util.concurrent.atomic.AtomicBoolean();

        /** The deployment's number: every TaskManager of it gets it, and its frames and acknowledgements carry it. */
        final long attempt;

        Placed(JobGraph graph, List<Host> slots, JobManagerGateway jobManager, long attempt) {
            this.attempt = attempt;
            this.graph = graph;
            this.slots = List.copyOf(slots);
            this.hosts = slots.stream().distinct().toList();
            this.jobManager = jobManager;
            hosts.forEach(host -> credits.put(host, new Semaphore(CREDITS)));
        }

        boolean lost() {
            return hosts.stream().anyMatch(host -> host.lost);
        }

        /**
         * A source's input split by host: each row goes to the hosts of the source subtasks
         * (one per source vertex reading {@code relation}) that take it, as the TaskManager splits.
         */
        Map<Host, ZSet> split(String relation, ZSet delta) {
            Map<Host, ZSet> parts = new HashMap<>();
            hosts.forEach(host -> parts.put(host, new ZSet(delta.size() / hosts.size() + 1)));
            List<Integer> parallelisms = new ArrayList<>();
            for (var vertex : graph.vertices()) {
                if (vertex.operator() instanceof io.rockstream.jobgraph.graph.OperatorSpec.Source source
                        && source.relation().equals(relation) && !parallelisms.contains(vertex.parallelism())) {
                    parallelisms.add(vertex.parallelism());
                }
            }
            for (int i = 0; i < delta.size(); i++) {
                Row row = delta.row(i);
                if (parallelisms.size() == 1) {
                    parts.get(slots.get(TaskManager.sourceIndex(row, parallelisms.get(0)))).add(row, delta.weight(i));
                    continue;
                }
                List<Host> targets = new ArrayList<>(parallelisms.size());
                for (int parallelism : parallelisms) {
                    Host host = slots.get(TaskManager.sourceIndex(row, parallelism));
                    if (!targets.contains(host)) {
                        targets.add(host);
                        parts.get(host).add(row, delta.weight(i));
                    }
                }
            }
            return parts;
        }

        Host lostHost() {
            return hosts.stream().filter(host -> host.lost).findFirst().orElse(hosts.get(0));
        }
    }

    public ClusterJobs(TaskManager local) {
        this.local = Objects.requireNonNull(local, "local is null");
    }

    /** Who places a job again when its TaskManager is lost (called on a Netty or coordinator thread; must not block). */
    public void onLost(Consumer<JobId> handler) {
        this.lostHandler = Objects.requireNonNull(handler, "handler is null");
    }

    /** Who hears that a TaskManager process connected its job plane (called on a Netty thread; must not block). */
    public void onJoined(Runnable handler) {
        this.joinedHandler = Objects.requireNonNull(handler, "handler is null");
    }

    /** The TaskManager processes running {@code job} (ids, comma-separated), if it runs on any. */
    public Optional<String> host(JobId job) {
        Placed where = placed.get(job);
        return where == null ? Optional.empty()
                : Optional.of(String.join(",", where.hosts.stream().map(host -> host.id).sorted().toList()));
    }

    /** Subtasks placed on each connected TaskManager process. */
    public Map<String, Integer> subtasks() {
        return cluster().load();
    }

    /** The jobs each connected TaskManager process runs subtasks of. */
    public Map<String, List<JobId>> placement() {
        Map<String, List<JobId>> result = new HashMap<>();
        hosts.keySet().forEach(id -> result.put(id, new ArrayList<>()));
        placed.forEach((job, where) -> where.hosts.forEach(host -> {
            if (!host.lost) {
                result.computeIfAbsent(host.id, id -> new ArrayList<>()).add(job);
            }
        }));
        return result;
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * A checkpoint of the TaskManager processes' stores: its {@link CheckpointRound} (who was
     * asked, where the jobs ran, the answers so far), and {@code done} once every process
     * asked has answered or will not (lost, failed, or no answer within
     * {@link #CHECKPOINT_TIMEOUT_SECONDS}).
     */
    public record Capture(CheckpointRound round, java.util.concurrent.CompletableFuture<CheckpointRound> done) {
    }

    private final AtomicLong checkpointIds = new AtomicLong();
    /** Set once the job plane's server closed: no TaskManager can answer any more. */
    private volatile boolean planeClosed;

    /**
     * The job plane's server is closing (the JobManager shuts down): no answer can arrive any
     * more, so checkpoints waiting for TaskManagers settle now (as silence), and later ones
     * (the shutdown checkpoint) ask none. Without it, a checkpoint asked while the server's
     * event loops were shutting down waited the whole {@link #CHECKPOINT_TIMEOUT_SECONDS}.
     */
    public void jobPlaneClosed() {
        planeClosed = true;
        hosts.values().forEach(host -> host.checkpoints.values().forEach(waiting -> waiting.complete(null)));
    }
    /** How long a TaskManager has to checkpoint its state (its upload included). */
    static final long CHECKPOINT_TIMEOUT_SECONDS = 120;

    /**
     * Asks every connected TaskManager process to checkpoint its state store now, epoch
     * {@code epoch} being complete and no other started; call between epochs, before any
     * message of the next one is sent. The placement is read after the requests left, so a
     * job placed again meanwhile is not taken for the one they checkpoint.
     */
    public Capture checkpoint(long epoch) {
        long id = checkpointIds.incrementAndGet();
        Map<String, java.util.concurrent.CompletableFuture<CheckpointRound.Answer>> waiting = new HashMap<>();
        for (Host host : hosts.values()) {
            if (planeClosed || host.lost || !host.channel.isActive()) {
                continue;
            }
            java.util.concurrent.CompletableFuture<CheckpointRound.Answer> answer = new java.util.concurrent.CompletableFuture<>();
            host.checkpoints.put(id, answer);
            boolean forget = host.uploadsUnkept;
            host.uploadsUnkept = false;
            waiting.put(host.id, answer.completeOnTimeout(null, CHECKPOINT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((done, failure) -> {
                        if (done == null && host.checkpoints.remove(id) != null) {
                            host.uploadsUnkept = true; // no answer in time: whatever it uploads is not kept
                        }
                    }));
            send(host, new JobPlaneMessage.Checkpoint(id, epoch, forget));
            if (planeClosed || host.lost) {
                answer.complete(null);
            }
        }
        Map<JobId, CheckpointRound.Placement> placements = new HashMap<>();
        placed.forEach((job, where) -> placements.put(job, new CheckpointRound.Placement(where.attempt,
                where.slots.stream().map(host -> host.id).toList())));
        CheckpointRound round = new CheckpointRound(waiting.keySet(), placements);
        java.util.concurrent.CompletableFuture<CheckpointRound> done = new java.util.concurrent.CompletableFuture<>();
        if (waiting.isEmpty()) {
            done.complete(round);
        }
        waiting.forEach((host, answer) -> answer.whenComplete((checkpoint, failure) -> {
            synchronized (round) {
                if (checkpoint != null) {
                    round.answered(host, checkpoint);
                } else {
                    round.silent(host);
                }
                if (round.complete()) {
                    done.complete(round);
                }
            }
        }));
        return new Capture(round, done);
    }

    // ------------------------------------------------------------------ TaskManagerGateway

    @Override
    public void deploy(JobGraph graph, JobManagerGateway jobManager) {
        local.deploy(graph, jobManager);
    }

    @Override
    public void deploy(JobGraph graph, JobManagerGateway jobManager, boolean durable) {
        forget(graph.id());
        local.deploy(graph, jobManager, durable);
    }

    /**
     * Places the job's slots (subtask index i of every vertex in slot i) one by one on the
     * TaskManager process with the fewest subtasks per slot, deploys it there and waits until
     * every one of them has deployed its part; in this JVM when no process is connected.
     */
    @Override
    public void deployAnywhere(JobGraph graph, JobManagerGateway jobManager, boolean durable) {
        deployAnywhere(graph, jobManager, durable, Map.of(), Map.of());
    }

    /**
     * {@link #deployAnywhere(JobGraph, JobManagerGateway, boolean)} whose subtasks of slot i
     * first restore their state from the state checkpoint {@code restore.get(i)}, wherever
     * they are placed; a TaskManager that cannot restore fails the deployment with its error.
     * A rescaled job's TaskManagers ({@code rescaledFrom} not empty) get every old slot's
     * state checkpoint, from which their subtasks take their key-group ranges.
     */
    @Override
    public void deployAnywhere(JobGraph graph, JobManagerGateway jobManager, boolean durable,
            Map<Integer, byte[]> restore, Map<Integer, Integer> rescaledFrom) {
        forget(graph.id());
        List<Host> slots = placeSlots(graph);
        if (slots.isEmpty()) {
            local.deploy(graph, jobManager, durable, 0, index -> true, index -> {
                throw new IllegalStateException("every subtask is local");
            }, restore, rescaledFrom);
            return;
        }
        Placed where = new Placed(graph, slots, jobManager, attempts.incrementAndGet());
        placed.put(graph.id(), where);
        List<JobPlaneMessage.Slot> addresses = slots.stream()
                .map(host -> new JobPlaneMessage.Slot(host.id, host.exchange)).toList();
        String json = JobGraphJson.write(graph);
        where.hosts.forEach(host -> {
            Map<Integer, byte[]> mine = new HashMap<>();
            restore.forEach((index, checkpoint) -> {
                if (!rescaledFrom.isEmpty() || index < slots.size() && slots.get(index) == host) {
                    mine.put(index, checkpoint);
                }
            });
            send(host, new JobPlaneMessage.Deploy(json, addresses, where.attempt, mine, rescaledFrom));
        });
        // restoring state takes a download: the deadline grows with it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEPLOY_TIMEOUT_SECONDS * (restore.isEmpty() ? 1 : 10));
        while (where.deployed.size() < where.hosts.size()) {
            if (where.deployFailure != null) {
                forget(graph.id());
                throw where.deployFailure;
            }
            if (where.lost() || placed.get(graph.id()) != where || System.nanoTime() > deadline) {
                throw lost(where.lostHost(), graph.id());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to interruption");
            }
        }
        LOG.info("job {} runs on TaskManager(s) {}", graph.id(), host(graph.id()).orElse(""));
    }

    /** Seconds a TaskManager has to deploy its part of a job. */
    static final long DEPLOY_TIMEOUT_SECONDS = 30;

    /** Slot i of {@code graph} → the host for it ({@link SlotPlacement#place}); empty when no TaskManager process is connected. */
    private List<Host> placeSlots(JobGraph graph) {
        Map<String, Host> live = liveHosts();
        if (live.isEmpty()) {
            return List.of();
        }
        SlotPlacement.Cluster cluster = cluster(live);
        return SlotPlacement.place(cluster.load(), cluster.slots(), widths(graph)).stream().map(live::get).toList();
    }

    private Map<String, Host> liveHosts() {
        Map<String, Host> live = new HashMap<>();
        for (Host host : hosts.values()) {
            if (!host.lost && host.channel.isActive()) {
                live.put(host.id, host);
            }
        }
        return live;
    }

    /** Subtasks per slot index of {@code graph}: slot i runs subtask i of every vertex wider than i. */
    private static int[] widths(JobGraph graph) {
        int[] width = new int[graph.slots()];
        for (var vertex : graph.vertices()) {
            for (int index = 0; index < vertex.parallelism(); index++) {
                width[index]++;
            }
        }
        return width;
    }

    private SlotPlacement.Cluster cluster(Map<String, Host> live) {
        Map<String, Integer> slots = new HashMap<>();
        live.forEach((id, host) -> slots.put(id, host.slots));
        Map<String, List<String>> jobs = new HashMap<>();
        Map<String, int[]> widths = new HashMap<>();
        placed.forEach((job, where) -> {
            jobs.put(job.value(), where.slots.stream().map(host -> host.id).toList());
            widths.put(job.value(), widths(where.graph));
        });
        return new SlotPlacement.Cluster(slots, jobs, widths);
    }

    /** The TaskManager processes connected now and where every job runs on them, for {@link SlotPlacement#nextMove}. */
    public SlotPlacement.Cluster cluster() {
        return cluster(liveHosts());
    }

    /** Cancels what an earlier placement of {@code job} left running anywhere. */
    private void forget(JobId job) {
        Placed before = placed.remove(job);
        if (before != null) {
            synchronized (before) {
                before.forgotten = true; // no answer of it is being delivered once this is set
            }
            before.hosts.forEach(host -> {
                send(host, new JobPlaneMessage.Cancel(job));
                before.credits.get(host).release(CREDITS);
            });
        } else {
            local.cancel(job);
        }
    }

    @Override
    public boolean runsLocally(JobId job) {
        return !placed.containsKey(job);
    }

    /**
     * Whether the job's deployment was lost (a TaskManager of it lost, or a peer's exchange
     * connection to one broken): its loss was reported once, to the lost-job handler, which
     * may have had no job of that name to place again yet.
     */
    @Override
    public boolean lost(JobId job) {
        Placed where = placed.get(job);
        return where != null && where.lossReported.get();
    }

    @Override
    public void cancel(JobId job) {
        forget(job);
    }

    @Override
    public void dropState(JobId job) {
        local.dropState(job);
    }

    @Override
    public void injectEpoch(JobId job, long epoch, Map<String, ZSet> inputs) {
        Placed where = placed.get(job);
        if (where == null) {
            local.injectEpoch(job, epoch, inputs);
            return;
        }
        where.injected.set(epoch);
        // each TaskManager of the job gets the rows of its own source subtasks only
        Map<Host, Map<String, ZSet>> split = new HashMap<>();
        where.hosts.forEach(host -> split.put(host, new HashMap<>()));
        inputs.forEach((relation, delta) -> where.split(relation, delta).forEach((host, part) -> {
            if (!part.isEmpty()) {
                split.get(host).put(relation, part);
            }
        }));
        where.hosts.forEach(host -> send(host, new JobPlaneMessage.InjectEpoch(job, epoch, split.get(host))));
    }

    @Override
    public void injectData(JobId job, String relation, ZSet chunk) {
        Placed where = placed.get(job);
        if (where == null) {
            local.injectData(job, relation, chunk);
            return;
        }
        Map<Host, ZSet> split = where.split(relation, chunk);
        for (Host host : where.hosts) {
            ZSet part = split.get(host);
            if (part.isEmpty()) {
                continue;
            }
            Semaphore credits = where.credits.get(host);
            try {
                while (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (host.lost || placed.get(job) != where) {
                        throw lost(host, job);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "canceling statement due to interruption");
            }
            if (host.lost || placed.get(job) != where) {
                throw lost(host, job);
            }
            send(host, new JobPlaneMessage.InjectData(job, relation, part));
        }
    }

    /** The error of a job whose TaskManager was lost under it (58030, marked so that {@link #isLost} knows it). */
    static RockStreamException lost(Host host, JobId job) {
        return lost(job, "TaskManager " + host.id);
    }

    /** The error of {@code job} whose TaskManager ({@code who}) was lost under it. */
    public static RockStreamException lost(JobId job, String who) {
        return RockStreamException.of(ErrorCode.IO_ERROR, "%s running job %s was lost", who, job.value())
                .withCause(new Lost());
    }

    /** The cause that marks {@link #lost} errors. */
    private static final class Lost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Lost() {
            super("TaskManager lost", null, false, false);
        }
    }

    /** True when {@code failure} says a job's TaskManager was lost (the job can be placed again). */
    public static boolean isLost(Throwable failure) {
        return failure instanceof RockStreamException && failure.getCause() instanceof Lost;
    }

    @Override
    public List<SubtaskStatus> status(JobId job, boolean stateSizes) {
        return placed.containsKey(job) ? List.of() : local.status(job, stateSizes);
    }

    @Override
    public long injectedEpoch(JobId job) {
        Placed where = placed.get(job);
        return where == null ? local.injectedEpoch(job) : where.injected.get();
    }

    @Override
    public TaskManagerStatus status() {
        return local.status();
    }

    // ------------------------------------------------------------------ the job plane

    private static void send(Host host, JobPlaneMessage message) {
        if (!host.lost && host.channel.isActive()) {
            byte[] frame = JobPlaneMessage.encode(message);
            BYTES_SENT.addAndGet(frame.length + 4);
            host.channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
        }
    }

    /** A job-plane frame arrived on {@code channel} (called on a Netty thread). */
    void received(Channel channel, byte[] frame) {
        BYTES_RECEIVED.addAndGet(frame.length + 4);
        JobPlaneMessage message;
        try {
            message = JobPlaneMessage.decode(frame);
        } catch (RuntimeException bad) {
            LOG.warn("dropping the job-plane connection from {}: {}", channel.remoteAddress(), bad.getMessage());
            channel.close();
            return;
        }
        if (message instanceof JobPlaneMessage.Hello hello) {
            Host host = new Host(hello.taskManager(), hello.incarnation(), Math.max(1, hello.slots()), hello.exchange(),
                    channel);
            channel.attr(HOST).set(host);
            Host before = hosts.put(host.id, host);
            if (before != null) {
                lose(before, "it connected again");
            }
            LOG.info("TaskManager {} with {} slots connected its job plane from {}", host, host.slots,
                    channel.remoteAddress());
            joinedHandler.run();
            return;
        }
        Host host = channel.attr(HOST).get();
        if (host == null || host.lost) {
            return;
        }
        if (message instanceof JobPlaneMessage.Credit credit) {
            Placed where = placed.get(credit.job());
            if (where != null && where.credits.containsKey(host)) {
                where.credits.get(host).release();
            }
            return;
        }
        if (message instanceof JobPlaneMessage.CheckpointDone done) {
            java.util.concurrent.CompletableFuture<CheckpointRound.Answer> waiting = host.checkpoints.remove(done.id());
            if (waiting != null) {
                if (!done.error().isEmpty()) {
                    LOG.warn("TaskManager {} could not checkpoint its state: {}", host, done.error());
                }
                waiting.complete(done.error().isEmpty() && done.state().length > 0
                        ? new CheckpointRound.Answer(done.state(), done.idleJobs()) : null);
            }
            return;
        }
        if (message instanceof JobPlaneMessage.Deployed deployed) {
            Placed where = placed.get(deployed.job());
            // an earlier deployment's acknowledgement must not count: its TaskManager may not have the new one yet
            if (where != null && where.attempt == deployed.attempt() && where.credits.containsKey(host)) {
                where.deployed.add(host);
            }
            return;
        }
        try {
            answers.execute(() -> answer(host, message));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // shutting down
        }
    }

    private void answer(Host host, JobPlaneMessage message) {
        if (!(message instanceof JobPlaneMessage.Answer answer)) {
            LOG.warn("TaskManager {} sent {}, which only the JobManager sends; ignored", host,
                    message.getClass().getSimpleName());
            return;
        }
        SubtaskId subtask = answer.subtask();
        Placed where = placed.get(subtask.job());
        if (where == null || where.attempt != answer.attempt() || !where.credits.containsKey(host) || host.lost) {
            return; // an answer of an earlier deployment, or of a job moved elsewhere or cancelled
        }
        if (answer instanceof JobPlaneMessage.Failed failed && where.deployed.size() < where.hosts.size()
                && !where.deployed.contains(host)) {
            // it could not deploy its part: the deployment fails (deployAnywhere throws), the view does not
            where.deployFailure = RockStreamException.of(code(failed.sqlstate()), "TaskManager %s could not deploy"
                    + " job %s: %s", host.id, subtask.job().value(), failed.message());
            return;
        }
        synchronized (where) {
            if (!where.forgotten) {
                deliver(where, subtask, answer);
            }
        }
    }

    private void deliver(Placed where, SubtaskId subtask, JobPlaneMessage.Answer answer) {
        if (answer instanceof JobPlaneMessage.SinkPart part) {
            where.parts.computeIfAbsent(subtask, s -> new ZSet()).addAll(part.delta());
        } else if (answer instanceof JobPlaneMessage.SinkEpoch sink) {
            ZSet delta = sink.delta();
            ZSet earlier = where.parts.remove(subtask);
            if (earlier != null) {
                earlier.addAll(delta);
                delta = earlier;
            }
            where.jobManager.sinkEpochCompleted(subtask, sink.epoch(), delta);
        } else if (answer instanceof JobPlaneMessage.DataErrors errors) {
            where.jobManager.dataErrors(subtask, errors.epoch(), errors.errors());
        } else if (answer instanceof JobPlaneMessage.Failed failed) {
            where.jobManager.subtaskFailed(subtask, RockStreamException.of(code(failed.sqlstate()), failed.message()));
        } else if (answer instanceof JobPlaneMessage.PeerLost peerLost) {
            // every peer of a lost TaskManager reports it, and its own loss is reported too: the job moves once
            if (where.lossReported.compareAndSet(false, true)) {
                LOG.warn("job {}: a TaskManager running it lost its exchange connection to {}; placing it again",
                        subtask.job(), peerLost.peer());
                lostHandler.accept(subtask.job()); // not the job's fault
            }
        }
    }

    private static ErrorCode code(String sqlstate) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.sqlState().equals(sqlstate)) {
                return code;
            }
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    /** A job-plane connection closed (called on a Netty thread). */
    void closed(Channel channel) {
        Host host = channel.attr(HOST).get();
        if (host != null) {
            lose(host, "its job-plane connection closed");
        }
    }

    /** The control channel declared {@code taskManager} lost (missed heartbeats, or gone). */
    void taskManagerLost(String taskManager) {
        Host host = hosts.get(taskManager);
        if (host != null) {
            lose(host, "the control channel lost it");
        }
    }

    private void lose(Host host, String why) {
        synchronized (host) {
            if (host.lost) {
                return;
            }
            host.lost = true;
        }
        hosts.remove(host.id, host);
        host.channel.close();
        host.checkpoints.values().forEach(waiting -> waiting.complete(null));
        List<JobId> jobs = new ArrayList<>();
        placed.forEach((job, where) -> {
            if (where.hosts.contains(host) && where.lossReported.compareAndSet(false, true)) {
                jobs.add(job);
            }
        });
        LOG.warn("TaskManager {} is lost ({}); placing its {} job(s) again: {}", host, why, jobs.size(), jobs);
        for (JobId job : jobs) {
            lostHandler.accept(job);
        }
    }

    private static final io.netty.util.AttributeKey<Host> HOST = io.netty.util.AttributeKey.valueOf("job-plane-host");

    @Override
    public void close() {
        answers.shutdownNow();
        hosts.values().forEach(host -> host.channel.close());
    }
}
