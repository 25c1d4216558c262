package io.rockstream.jobmanager.cluster;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.buffer.ByteBuf;
import io.rockstream.jobgraph.control.ControlMessage;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's end of the control channel: TaskManagers connect over Netty, register,
 * heartbeat, and get commands back. Every message becomes a {@link ClusterEvent} for the
 * {@link ClusterCoordinator}, fed on one thread with the wall clock, together with a tick
 * every {@link #TICK_MILLIS}; the coordinator's commands for a TaskManager go out on its
 * connection. A broken connection is a {@link ClusterEvent.Disconnected}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final long TICK_MILLIS = 250;
    /** Control messages are small; job-plane frames carry a sink's output in parts of 16,384 rows. */
    static final int MAX_FRAME_BYTES = 256 << 20;

    /** A TaskManager as monitoring shows it. */
    public record RemoteTaskManager(String id, String incarnation, String address, int slots, int slotsUsed,
            long millisSinceHeartbeat) {
    }

    private final ClusterCoordinator coordinator;
    private final ClusterJobs jobs;
    /** The TaskManagers the coordinator had registered at the last event (touched on its thread). */
    private java.util.Set<String> known = java.util.Set.of();
    private final ScheduledExecutorService events;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    /** TaskManager id → its connection (the one it registered on last). */
    private final Map<String, Channel> connections = new ConcurrentHashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Map<String, Long> lastHeartbeat = new ConcurrentHashMap<>();
    private volatile List<RemoteTaskManager> snapshot = List.of();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ControlServer(String host, int port, ClusterCoordinator coordinator, ClusterJobs jobs) throws Exception {
        this.coordinator = coordinator;
        this.jobs = jobs;
        this.events = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(io.rockstream.taskmanager.control.FramedConnections.pipeline(MAX_FRAME_BYTES,
                            Handler::new))
                    .bind(host, port).sync().channel();
        } catch (Exception failure) {
            close();
            throw failure;
        }
        events.scheduleAtFixedRate(() -> feed(new ClusterEvent.Tick(System.currentTimeMillis()), null), TICK_MILLIS,
                TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Listens on {@code host:port} (0: any free port) without a job plane: TaskManagers run nothing. */
    public static ControlServer start(String host, int port, ClusterCoordinator coordinator) {
        return start(host, port, coordinator, null);
    }

    /**
     * Listens on {@code host:port} (0: any free port) for control and job-plane connections;
     * {@code jobs} places jobs on the TaskManagers that connect. Fails with 58030 when it cannot.
     */
    public static ControlServer start(String host, int port, ClusterCoordinator coordinator, ClusterJobs jobs) {
        try {
            return new ControlServer(host, port, coordinator, jobs);
        } catch (Exception failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot listen for TaskManagers on %s:%d: %s", host, port,
                    failure.getMessage()).withCause(failure);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The TaskManagers registered now. */
    public List<RemoteTaskManager> taskManagers() {
        return snapshot;
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            if (frame.isReadable() && io.rockstream.jobgraph.control.JobPlaneMessage.isJobPlane(
                    frame.getByte(frame.readerIndex()))) {
                if (jobs == null) {
                    LOG.warn("dropping a job-plane connection from {}: this JobManager places no jobs on TaskManagers",
                            context.channel().remoteAddress());
                    context.close();
                } else {
                    context.channel().attr(JOB_PLANE).set(Boolean.TRUE);
                    jobs.received(context.channel(), ByteBufUtil.getBytes(frame));
                }
                return;
            }
            ControlMessage message;
            try {
                message = ControlMessage.decode(ByteBufUtil.getBytes(frame));
            } catch (IllegalArgumentException bad) {
                LOG.warn("dropping the control connection from {}: {}", context.channel().remoteAddress(), bad.getMessage());
                context.close();
                return;
            }
            Channel from = context.channel();
            long now = System.currentTimeMillis();
            if (message instanceof ControlMessage.Register register) {
                feed(new ClusterEvent.Registered(now, register.taskManager(), register.incarnation(), register.slots(),
                        attempts(register.running())), () -> {
                            connections.put(register.taskManager(), from);
                            addresses.put(register.taskManager(), String.valueOf(from.remoteAddress()));
                            lastHeartbeat.put(register.taskManager(), now);
                            from.attr(TASK_MANAGER).set(register.taskManager());
                        });
            } else if (message instanceof ControlMessage.Heartbeat heartbeat) {
                feed(new ClusterEvent.Heartbeat(now, heartbeat.taskManager(), heartbeat.incarnation()), () -> {
                    connections.putIfAbsent(heartbeat.taskManager(), from);
                    lastHeartbeat.put(heartbeat.taskManager(), now);
                });
            } else {
                LOG.warn("a TaskManager sent {}, which only the JobManager sends; dropping it", message);
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (jobs != null && Boolean.TRUE.equals(context.channel().attr(JOB_PLANE).get())) {
                jobs.closed(context.channel());
                return;
            }
            String taskManager = context.channel().attr(TASK_MANAGER).get();
            if (taskManager != null) {
                feed(new ClusterEvent.Disconnected(System.currentTimeMillis(), taskManager), null,
                        () -> connections.get(taskManager) == context.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("control connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
            context.close();
        }
    }

    private static final io.netty.util.AttributeKey<String> TASK_MANAGER = io.netty.util.AttributeKey.valueOf("tm");
    private static final io.netty.util.AttributeKey<Boolean> JOB_PLANE = io.netty.util.AttributeKey.valueOf("job-plane");

    private static Set<ClusterEvent.AttemptId> attempts(List<ControlMessage.Attempt> running) {
        Set<ClusterEvent.AttemptId> attempts = new HashSet<>();
        for (ControlMessage.Attempt attempt : running) {
            attempts.add(new ClusterEvent.AttemptId(io.rockstream.jobgraph.graph.JobId.of(attempt.job()),
                    attempt.leader(), attempt.number()));
        }
        return attempts;
    }

    private void feed(ClusterEvent event, Runnable before) {
        feed(event, before, () -> true);
    }

    /** Hands {@code event} to the coordinator on its thread (after {@code before}, when {@code when} holds there). */
    private void feed(ClusterEvent event, Runnable before, java.util.function.BooleanSupplier when) {
        try {
            events.execute(() -> {
                try {
                    if (!when.getAsBoolean()) {
                        return;
                    }
                    if (before != null) {
                        before.run();
                    }
                    for (ClusterCommand command : coordinator.handle(event)) {
                        carryOut(command);
                    }
                    refreshSnapshot(event.now());
                } catch (RuntimeException failure) {
                    LOG.error("the cluster coordinator failed on {}", event, failure);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // shutting down
        }
    }

    private void carryOut(ClusterCommand command) {
        if (command instanceof ClusterCommand.Reregister reregister) {
            send(reregister.taskManager(), new ControlMessage.Reregister());
        } else if (command instanceof ClusterCommand.Cancel cancel) {
            send(cancel.taskManager(), new ControlMessage.Cancel(new ControlMessage.Attempt(
                    cancel.attempt().job().value(), cancel.attempt().leader(), cancel.attempt().number())));
        } else if (command instanceof ClusterCommand.JobRestarting restarting) {
            LOG.warn("job {} restarts from checkpoint {}: {}", restarting.job(), restarting.restoreFrom(),
                    restarting.reason());
        } else {
            // deployments and checkpoints through the control channel come with remote subtasks (issue 5)
            LOG.info("cluster command {} (remote subtasks are not deployed yet)", command);
        }
    }

    private void send(String taskManager, ControlMessage message) {
        Channel connection = connections.get(taskManager);
        if (connection != null && connection.isActive()) {
            connection.writeAndFlush(Unpooled.wrappedBuffer(ControlMessage.encode(message)));
        }
    }

    private void refreshSnapshot(long now) {
        List<RemoteTaskManager> list = new ArrayList<>();
        coordinator.slots().forEach((id, used) -> list.add(new RemoteTaskManager(id,
                coordinator.incarnation(id).orElse(""), addresses.getOrDefault(id, ""), used[1], used[0],
                Math.max(0, now - lastHeartbeat.getOrDefault(id, now)))));
        connections.keySet().retainAll(coordinator.slots().keySet());
        snapshot = List.copyOf(list);
        java.util.Set<String> registeredNow = java.util.Set.copyOf(coordinator.slots().keySet());
        if (jobs != null) {
            for (String gone : known) {
                if (!registeredNow.contains(gone)) {
                    jobs.taskManagerLost(gone); // missed its heartbeats (e.g. a paused process): its jobs move
                }
            }
        }
        known = registeredNow;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // e.g. by the engine it is attached to, and by its starter
        }
        if (jobs != null) {
            jobs.jobPlaneClosed();
        }
        events.shutdownNow();
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        connections.values().forEach(Channel::close);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
