package io.rockstream.taskmanager.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.rockstream.jobgraph.control.JobPlaneMessage;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.JobManagerGateway;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskManager process's job plane: a connection to the JobManager, beside the control
 * channel, on which jobs are deployed, cancelled and fed, and on which their sinks answer
 * ({@link JobPlaneMessage}). The jobs run on a {@link TaskManager} in this process, the same
 * runtime the embedded engine uses.
 *
 * <p>Messages are carried out in arrival order on one thread. An {@code InjectData} is
 * answered with a credit once the TaskManager has taken it (it waits while the job has many
 * batches in flight), so a JobManager that keeps a fixed number of credits per job
 * back-pressures itself by the slowest subtask, with bounded memory on both ends.
 *
 * <p>When the connection breaks, every job of this TaskManager is cancelled: the JobManager
 * has moved them elsewhere (it fences the old connection), and a reconnection starts empty.
 */
public final class JobPlaneClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobPlaneClient.class);
    /** Frames can hold an epoch's whole input (a big COPY): up to 1 GiB. */
    public static final int MAX_FRAME_BYTES = 1 << 30;

    private final String host;
    private final int port;
    private final String id;
    private final String incarnation;
    private final int slots;
    private final TaskManager taskManager;
    /** The durable state's checkpoints, or null when subtasks keep their state on the heap. */
    private final StateCheckpoints checkpoints;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService commands = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-plane");
        thread.setDaemon(true);
        return thread;
    });
    /** The jobs deployed here, with the exchange addresses of the TaskManagers running their other subtasks; touched on the command thread only. */
    private final Map<JobId, Deployed> jobs = new HashMap<>();
    /** The exchange with other TaskManagers, started at the first connection on its local address. */
    private volatile DataExchange exchange;

    /** A job deployed here. */
    private record Deployed(JobGraph graph, Set<String> peers, Channel from, long attempt) {
    }
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile int connections;

    private JobPlaneClient(String host, int port, String id, String incarnation, int slots, TaskManager taskManager,
            StateCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
        this.host = Objects.requireNonNull(host, "host is null");
        this.port = port;
        this.id = Objects.requireNonNull(id, "id is null");
        this.incarnation = Objects.requireNonNull(incarnation, "incarnation is null");
        this.slots = slots;
        this.taskManager = Objects.requireNonNull(taskManager, "taskManager is null");
    }

    /** Starts connecting to the JobManager's control port; returns at once, reconnects when the connection breaks. */
    public static JobPlaneClient start(String host, int port, String id, String incarnation, int slots,
            TaskManager taskManager) {
        return start(host, port, id, incarnation, slots, taskManager, null);
    }

    /**
     * {@link #start(String, int, String, String, int, TaskManager)} for a TaskManager whose
     * jobs keep durable state (its durable state factory) and checkpoint it through
     * {@code checkpoints}; null keeps jobs on the heap.
     */
    public static JobPlaneClient start(String host, int port, String id, String incarnation, int slots,
            TaskManager taskManager, StateCheckpoints checkpoints) {
        JobPlaneClient client = new JobPlaneClient(host, port, id, incarnation, slots, taskManager, checkpoints);
        client.connect();
        return client;
    }

    /** True while connected. */
    public boolean connected() {
        Channel current = channel;
        return current != null && current.isActive();
    }

    /** How many times it connected. */
    public int connections() {
        return connections;
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture connecting = FramedConnections.connect(group, host, port, MAX_FRAME_BYTES, Handler::new);
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                Channel connected = connecting.channel();
                channel = connected;
                connections++;
                String local = ((java.net.InetSocketAddress) connected.localAddress()).getAddress().getHostAddress();
                if (exchange == null) {
                    exchange = DataExchange.start(taskManager, local,
                            peer -> commands.execute(() -> peerLost(peer)));
                }
                if (checkpoints != null) {
                    commands.execute(checkpoints::forgetUploads);
                }
                write(connected, new JobPlaneMessage.Hello(id, incarnation, slots, local + ":" + exchange.port()));
                LOG.info("job plane connected to the JobManager at {}:{}", host, port);
            } else if (!closed) {
                group.schedule(this::connect, ControlClient.RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private static void write(Channel to, JobPlaneMessage message) {
        if (to.isActive()) {
            to.writeAndFlush(Unpooled.wrappedBuffer(JobPlaneMessage.encode(message)));
        }
    }

    private void execute(JobPlaneMessage message, Channel from) {
        try {
            if (message instanceof JobPlaneMessage.Deploy deploy) {
                deploy(deploy, from);
            } else if (message instanceof JobPlaneMessage.Cancel cancel) {
                taskManager.cancel(cancel.job());
                jobs.remove(cancel.job());
                taskManager.dropState(cancel.job());
                LOG.info("cancelled job {}", cancel.job());
            } else if (message instanceof JobPlaneMessage.Checkpoint checkpoint) {
                checkpoint(checkpoint, from);
            } else if (message instanceof JobPlaneMessage.InjectData data) {
                if (jobs.containsKey(data.job())) {
                    taskManager.injectData(data.job(), data.relation(), data.chunk());
                }
                write(from, new JobPlaneMessage.Credit(data.job()));
            } else if (message instanceof JobPlaneMessage.InjectEpoch inject) {
                if (jobs.containsKey(inject.job())) {
                    taskManager.injectEpoch(inject.job(), inject.epoch(), inject.inputs());
                }
            } else {
                LOG.warn("the JobManager sent {}, which only a TaskManager sends; ignored", message.getClass().getSimpleName());
            }
        } catch (RuntimeException failure) {
            LOG.error("job-plane message {} failed", message.getClass().getSimpleName(), failure);
        }
    }

    private void deploy(JobPlaneMessage.Deploy deploy, Channel from) {
        JobGraph graph = JobGraphJson.read(deploy.jobGraphJson());
        taskManager.cancel(graph.id());
        exchange.forgetJob(graph.id());
        // whatever an earlier deployment of the job left here is stale: the new one starts empty or restored
        taskManager.dropState(graph.id());
        List<JobPlaneMessage.Slot> placement = deploy.slots();
        Set<String> peers = new HashSet<>();
        for (JobPlaneMessage.Slot slot : placement) {
            if (!slot.taskManager().equals(id)) {
                peers.add(slot.exchange());
            }
        }
        Answers answers = new Answers(from, deploy.attempt());
        try {
            if (placement.isEmpty() && deploy.restore().isEmpty()) {
                taskManager.deploy(graph, answers);
            } else {
                taskManager.deploy(graph, answers, checkpoints != null, deploy.attempt(),
                        index -> placement.isEmpty()
                                || index < placement.size() && placement.get(index).taskManager().equals(id),
                        index -> exchange.link(placement.get(index).exchange()), deploy.restore(),
                        deploy.rescaledFrom());
            }
        } catch (RuntimeException failure) {
            // e.g. a state checkpoint that cannot be restored: the JobManager hears it instead of an acknowledgement
            LOG.error("deploying job {} failed", graph.id(), failure);
            taskManager.cancel(graph.id());
            taskManager.dropState(graph.id());
            answers.subtaskFailed(new SubtaskId(graph.id(), graph.vertices().get(0).id(), 0), failure);
            return;
        }
        jobs.put(graph.id(), new Deployed(graph, peers, from, deploy.attempt()));
        write(from, new JobPlaneMessage.Deployed(graph.id(), deploy.attempt()));
        LOG.info("deployed job {} ({} vertices{}{})", graph.id(), graph.vertices().size(),
                peers.isEmpty() ? "" : ", exchanging with " + peers,
                deploy.restore().isEmpty() ? "" : ", state restored from a checkpoint");
    }

    /**
     * Checkpoints the state store now, before any later message is carried out. A job counts
     * as in it when its subtasks were idle before and after the store's files were fixed:
     * no epoch of it was written meanwhile, so its state is that of its last epoch.
     */
    private void checkpoint(JobPlaneMessage.Checkpoint checkpoint, Channel from) {
        if (checkpoints == null) {
            write(from, new JobPlaneMessage.CheckpointDone(checkpoint.id(), new byte[0], Map.of(), ""));
            return;
        }
        if (checkpoint.forgetUploads()) {
            checkpoints.forgetUploads();
        }
        Map<JobId, Long> idle = new HashMap<>(taskManager.idleJobs());
        java.util.concurrent.CompletableFuture<byte[]> taken;
        try {
            taken = checkpoints.take();
        } catch (RuntimeException failure) {
            LOG.error("checkpoint {} of the state store failed", checkpoint.id(), failure);
            write(from, new JobPlaneMessage.CheckpointDone(checkpoint.id(), new byte[0], Map.of(),
                    String.valueOf(failure.getMessage())));
            return;
        }
        idle.entrySet().retainAll(taskManager.idleJobs().entrySet());
        taken.whenComplete((state, failure) -> write(from, failure == null
                ? new JobPlaneMessage.CheckpointDone(checkpoint.id(), state, idle, "")
                : new JobPlaneMessage.CheckpointDone(checkpoint.id(), new byte[0], Map.of(),
                        String.valueOf(failure.getMessage()))));
    }

    /**
     * The exchange connection to another TaskManager broke: every job sending there cannot
     * go on; it is cancelled here and the JobManager hears that a TaskManager was lost under it.
     */
    private void peerLost(String peer) {
        for (java.util.Iterator<Map.Entry<JobId, Deployed>> it = jobs.entrySet().iterator(); it.hasNext();) {
            Map.Entry<JobId, Deployed> job = it.next();
            if (job.getValue().peers().contains(peer)) {
                taskManager.cancel(job.getKey());
                it.remove();
                write(job.getValue().from(), new JobPlaneMessage.PeerLost(new SubtaskId(job.getKey(),
                        job.getValue().graph().vertices().get(0).id(), 0), job.getValue().attempt(), peer));
            }
        }
    }

    /** Bytes this TaskManager sent to other TaskManagers over the exchange. */
    public long exchangeBytesSent() {
        DataExchange current = exchange;
        return current == null ? 0 : current.bytesSent();
    }

    /** Rows this TaskManager sent to other TaskManagers over the exchange. */
    public long exchangeRowsSent() {
        DataExchange current = exchange;
        return current == null ? 0 : current.rowsSent();
    }

    /** The connection broke: whatever ran for it is the JobManager's to place again. */
    private void cancelAll() {
        for (JobId job : jobs.keySet()) {
            taskManager.cancel(job);
            taskManager.dropState(job);
        }
        if (!jobs.isEmpty()) {
            LOG.warn("cancelled {} job(s) of the broken job-plane connection", jobs.size());
        }
        jobs.clear();
    }

    /** What the jobs tell the JobManager, on the connection they were deployed on. */
    private static final class Answers implements JobManagerGateway {
        private final Channel to;
        private final long attempt;

        Answers(Channel to, long attempt) {
            this.to = to;
            this.attempt = attempt;
        }

        @Override
        public void sinkEpochCompleted(SubtaskId subtask, long epoch, ZSet delta) {
            int rows = delta.size();
            int start = 0;
            while (rows - start > JobPlaneMessage.MAX_ROWS_PER_FRAME) {
                ZSet part = new ZSet(JobPlaneMessage.MAX_ROWS_PER_FRAME);
                for (int i = start; i < start + JobPlaneMessage.MAX_ROWS_PER_FRAME; i++) {
                    part.add(delta.row(i), delta.weight(i));
                }
                write(to, new JobPlaneMessage.SinkPart(subtask, attempt, epoch, part));
                start += JobPlaneMessage.MAX_ROWS_PER_FRAME;
            }
            ZSet last = delta;
            if (start > 0) {
                last = new ZSet(rows - start);
                for (int i = start; i < rows; i++) {
                    last.add(delta.row(i), delta.weight(i));
                }
            }
            write(to, new JobPlaneMessage.SinkEpoch(subtask, attempt, epoch, last));
        }

        @Override
        public void dataErrors(SubtaskId subtask, long epoch, ZSet errors) {
            write(to, new JobPlaneMessage.DataErrors(subtask, attempt, epoch, errors));
        }

        @Override
        public void subtaskFailed(SubtaskId subtask, Throwable failure) {
            String sqlstate = failure instanceof RockStreamException error ? error.code().sqlState() : "XX000";
            String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            // its job fails: worth a trace here too (the JobManager hears the message only)
            LOG.error("subtask {} failed", subtask, failure);
            write(to, new JobPlaneMessage.Failed(subtask, attempt, sqlstate, text));
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            JobPlaneMessage message;
            try {
                message = JobPlaneMessage.decode(ByteBufUtil.getBytes(frame));
            } catch (RuntimeException bad) {
                LOG.warn("dropping the job-plane connection to the JobManager: {}", bad.getMessage());
                context.close();
                return;
            }
            Channel from = context.channel();
            commands.execute(() -> execute(message, from));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            commands.execute(JobPlaneClient.this::cancelAll);
            if (!closed) {
                LOG.warn("lost the job-plane connection to the JobManager at {}:{}; reconnecting", host, port);
                group.schedule(JobPlaneClient.this::connect, ControlClient.RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().syncUninterruptibly();
        }
        commands.shutdownNow();
        DataExchange started = exchange;
        if (started != null) {
            started.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
