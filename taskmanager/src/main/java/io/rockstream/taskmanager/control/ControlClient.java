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
import io.rockstream.jobgraph.control.ControlMessage;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskManager's end of the control channel: connects to the JobManager, registers its
 * slots under an incarnation (new at every process start), heartbeats, registers again
 * when the JobManager asks (it restarted, or lost track of this TaskManager), and
 * reconnects after the connection breaks, every {@link #RETRY_MILLIS}.
 */
public final class ControlClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlClient.class);
    public static final long HEARTBEAT_MILLIS = 1_000;
    static final long RETRY_MILLIS = 1_000;

    private final String host;
    private final int port;
    private final String id;
    private final String incarnation = UUID.randomUUID().toString();
    private final int slots;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile int registrations;

    private ControlClient(String host, int port, String id, int slots) {
        this.host = Objects.requireNonNull(host, "host is null");
        this.port = port;
        this.id = Objects.requireNonNull(id, "id is null");
        this.slots = slots;
    }

    /** Starts connecting to the JobManager at {@code host:port}; returns at once. */
    public static ControlClient start(String host, int port, String id, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a TaskManager needs at least one slot: " + slots);
        }
        ControlClient client = new ControlClient(host, port, id, slots);
        client.connect();
        client.group.scheduleAtFixedRate(client::heartbeat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        return client;
    }

    public String id() {
        return id;
    }

    public String incarnation() {
        return incarnation;
    }

    /** True while connected to the JobManager. */
    public boolean connected() {
        Channel current = channel;
        return current != null && current.isActive();
    }

    /** How many times it has registered (first connection, reconnections, requests to). */
    public int registrations() {
        return registrations;
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture connecting = FramedConnections.connect(group, host, port, 1 << 20, Handler::new);
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                channel = connecting.channel();
                register();
            } else {
                retry();
            }
        });
    }

    private void retry() {
        if (!closed) {
            group.schedule(this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void register() {
        registrations++;
        // its jobs run over the job plane, which starts empty at each connection: none to report here
        send(new ControlMessage.Register(id, incarnation, slots, List.of()));
        LOG.info("TaskManager {} ({} slots, incarnation {}) registered with the JobManager at {}:{}", id, slots,
                incarnation, host, port);
    }

    private void heartbeat() {
        if (connected()) {
            send(new ControlMessage.Heartbeat(id, incarnation));
        }
    }

    private void send(ControlMessage message) {
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.writeAndFlush(Unpooled.wrappedBuffer(ControlMessage.encode(message)));
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            ControlMessage message;
            try {
                message = ControlMessage.decode(ByteBufUtil.getBytes(frame));
            } catch (IllegalArgumentException bad) {
                LOG.warn("dropping the control connection to the JobManager: {}", bad.getMessage());
                context.close();
                return;
            }
            if (message instanceof ControlMessage.Reregister) {
                register();
            } else if (message instanceof ControlMessage.Cancel cancel) {
                LOG.info("the JobManager cancels {} (nothing of it runs here)", cancel.attempt());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (!closed) {
                LOG.warn("lost the connection to the JobManager at {}:{}; reconnecting", host, port);
                retry();
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
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
