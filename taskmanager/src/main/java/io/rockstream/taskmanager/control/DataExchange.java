package io.rockstream.taskmanager.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.ExchangeLink;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange between TaskManagers: batches and barriers from a producer subtask here to a
 * consumer subtask on another TaskManager, over one Netty connection per peer, with
 * credit-based flow control per channel ({@link ExchangeLink}).
 *
 * <pre>
 * frame := DATA    subtask varint(input) varint(channel) zset   (producer → consumer, spends a credit)
 *        | BARRIER subtask varint(input) varint(channel) signed(epoch)
 *        | CREDIT  subtask varint(input) varint(channel)        (consumer → producer, one batch processed)
 * subtask := string(job) varint(vertex) varint(index) varint(attempt)
 * </pre>
 *
 * Every TaskManager listens on a port of its own and tells the JobManager, which gives it
 * to the TaskManagers that run the other subtasks of a job. A broken connection to a peer
 * is reported ({@code peerLost}): the jobs that used it cannot go on, and the JobManager
 * places them again.
 */
public final class DataExchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataExchange.class);
    /** Batches a channel may have in flight. */
    public static final int CREDITS_PER_CHANNEL = 4;
    static final int MAX_FRAME_BYTES = 1 << 30;
    private static final int DATA = 1;
    private static final int BARRIER = 2;
    private static final int CREDIT = 3;

    private final TaskManager taskManager;
    private final Consumer<String> peerLost;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    /** Connections peers opened to us. */
    private final java.util.Set<Channel> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong rowsSent = new AtomicLong();
    /** The fewest credits any channel had left after a send (below zero: one input batch overdrew it). */
    private final AtomicInteger lowestCredit = new AtomicInteger(CREDITS_PER_CHANNEL);

    private DataExchange(TaskManager taskManager, String host, Consumer<String> peerLost) throws InterruptedException {
        this.taskManager = taskManager;
        this.peerLost = peerLost;
        this.server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(FramedConnections.pipeline(MAX_FRAME_BYTES, Inbound::new))
                .bind(host, 0).sync().channel();
    }

    /**
     * Listens on {@code host} (any free port); {@code peerLost} hears the address of a peer
     * whose connection broke.
     */
    public static DataExchange start(TaskManager taskManager, String host, Consumer<String> peerLost) {
        try {
            return new DataExchange(taskManager, host, peerLost);
        } catch (Exception failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot listen for the data exchange on %s: %s", host,
                    failure.getMessage()).withCause(failure);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Bytes of data frames sent to peers so far (frames and rows, without TCP/IP overhead). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Rows sent to peers so far. */
    public long rowsSent() {
        return rowsSent.get();
    }

    /** The fewest credits a channel had left after a send, since the start (0: a producer used them all, then waited). */
    public int lowestCredit() {
        return lowestCredit.get();
    }

    /** Batches sent and not yet processed by their consumers, over every channel. */
    public int batchesInFlight() {
        int inFlight = 0;
        for (Peer peer : peers.values()) {
            for (AtomicInteger credit : peer.credits.values()) {
                inFlight += CREDITS_PER_CHANNEL - credit.get();
            }
        }
        return inFlight;
    }

    /**
     * Forgets the channels of {@code job}: a new deployment of it starts with full credits,
     * whatever batches of an earlier one were lost in flight.
     */
    public void forgetJob(JobId job) {
        peers.values().forEach(peer -> peer.forget(job));
    }

    /** The link to the TaskManager listening at {@code address} ({@code host:port}); connects on first use. */
    public ExchangeLink link(String address) {
        return peers.computeIfAbsent(address, Peer::new);
    }

    private static RowCodec.Writer channel(RowCodec.Writer writer, int tag, ExchangeLink.Channel channel) {
        SubtaskId target = channel.target();
        return writer.varint(tag).string(target.job().value()).varint(target.vertex().value()).varint(target.index())
                .varint(channel.attempt()).varint(channel.input()).varint(channel.channel());
    }

    private static ExchangeLink.Channel channel(RowCodec.Reader reader) {
        SubtaskId target = new SubtaskId(JobId.of(reader.string()), VertexId.of((int) reader.varint()),
                (int) reader.varint());
        return new ExchangeLink.Channel(target, reader.varint(), (int) reader.varint(), (int) reader.varint());
    }

    private static void write(Channel to, RowCodec.Writer frame) {
        to.writeAndFlush(Unpooled.wrappedBuffer(frame.toByteArray()));
    }

    /** The consuming end: batches and barriers for subtasks here; credits go back on the same connection. */
    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        public void channelActive(ChannelHandlerContext context) {
            accepted.add(context.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            accepted.remove(context.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            byte[] bytes = ByteBufUtil.getBytes(frame);
            Channel from = context.channel();
            try {
                RowCodec.Reader reader = new RowCodec.Reader(bytes, 0, bytes.length);
                int tag = (int) reader.varint();
                ExchangeLink.Channel channel = channel(reader);
                if (tag == DATA) {
                    ZSet delta = reader.zset();
                    reader.expectEnd();
                    Runnable credit = () -> write(from, channel(new RowCodec.Writer(32), CREDIT, channel));
                    if (!taskManager.deliverData(channel.target(), channel.attempt(), channel.input(), channel.channel(),
                            delta, credit)) {
                        credit.run(); // its job is gone here: nobody will process it
                    }
                } else if (tag == BARRIER) {
                    long epoch = reader.signed();
                    reader.expectEnd();
                    taskManager.deliverBarrier(channel.target(), channel.attempt(), channel.input(), channel.channel(),
                            epoch);
                } else {
                    throw new IllegalArgumentException("unknown exchange frame tag " + tag);
                }
            } catch (RuntimeException bad) {
                LOG.warn("dropping the exchange connection from {}: {}", from.remoteAddress(), bad.getMessage());
                context.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    /** The producing end towards one peer: one connection, credits per channel. */
    private final class Peer implements ExchangeLink {
        private final String address;
        private final Map<ExchangeLink.Channel, AtomicInteger> credits = new ConcurrentHashMap<>();
        private final Map<ExchangeLink.Channel, Queue<Runnable>> waiting = new ConcurrentHashMap<>();
        private volatile io.netty.channel.Channel connection;
        private volatile boolean broken;

        Peer(String address) {
            this.address = address;
        }

        private synchronized io.netty.channel.Channel connection() {
            io.netty.channel.Channel current = connection;
            if (current != null) {
                return current;
            }
            int colon = address.lastIndexOf(':');
            try {
                current = FramedConnections.connect(workers, address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1)), MAX_FRAME_BYTES, () -> new Outbound(Peer.this))
                        .syncUninterruptibly().channel();
            } catch (RuntimeException failure) {
                broken();
                throw RockStreamException.of(ErrorCode.IO_ERROR, "TaskManager exchange peer %s unreachable: %s", address,
                        failure.getMessage());
            }
            connection = current;
            return current;
        }

        private AtomicInteger credit(ExchangeLink.Channel channel) {
            return credits.computeIfAbsent(channel, c -> new AtomicInteger(CREDITS_PER_CHANNEL));
        }

        @Override
        public void sendData(ExchangeLink.Channel channel, ZSet delta) {
            // may go below zero: a subtask checks its credits before it takes input, not per batch
            lowestCredit.accumulateAndGet(credit(channel).decrementAndGet(), Math::min);
            RowCodec.Writer frame = channel(new RowCodec.Writer(64 + delta.size() * 16), DATA, channel).zset(delta);
            bytesSent.addAndGet(frame.length() + 4);
            rowsSent.addAndGet(delta.size());
            write(connection(), frame);
        }

        @Override
        public void sendBarrier(ExchangeLink.Channel channel, long epoch) {
            write(connection(), channel(new RowCodec.Writer(48), BARRIER, channel).signed(epoch));
        }

        @Override
        public boolean hasCredit(ExchangeLink.Channel channel) {
            return broken || credit(channel).get() > 0;
        }

        @Override
        public void whenCredit(ExchangeLink.Channel channel, Runnable wake) {
            waiting.computeIfAbsent(channel, c -> new ConcurrentLinkedQueue<>()).add(wake);
            if (hasCredit(channel)) {
                wakeWaiting(channel);
            }
        }

        void credited(ExchangeLink.Channel channel) {
            // a credit of a deployment forgotten since may come late: never more than the window
            credit(channel).updateAndGet(credits -> Math.min(CREDITS_PER_CHANNEL, credits + 1));
            wakeWaiting(channel);
        }

        void forget(JobId job) {
            credits.keySet().removeIf(channel -> channel.target().job().equals(job));
            waiting.keySet().removeIf(channel -> channel.target().job().equals(job));
        }

        private void wakeWaiting(ExchangeLink.Channel channel) {
            Queue<Runnable> queue = waiting.get(channel);
            if (queue == null) {
                return;
            }
            Runnable wake;
            while ((wake = queue.poll()) != null) {
                wake.run();
            }
        }

        void broken() {
            if (broken) {
                return;
            }
            broken = true; // producers stop waiting; their job is about to be cancelled and placed again
            peers.remove(address, this);
            waiting.keySet().forEach(this::wakeWaiting);
            LOG.warn("the exchange connection to TaskManager {} broke", address);
            peerLost.accept(address);
        }
    }

    /** Credits coming back from a peer. */
    private static final class Outbound extends SimpleChannelInboundHandler<ByteBuf> {
        private final Peer peer;

        Outbound(Peer peer) {
            this.peer = peer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            byte[] bytes = ByteBufUtil.getBytes(frame);
            try {
                RowCodec.Reader reader = new RowCodec.Reader(bytes, 0, bytes.length);
                int tag = (int) reader.varint();
                ExchangeLink.Channel channel = channel(reader);
                reader.expectEnd();
                if (tag != CREDIT) {
                    throw new IllegalArgumentException("a consumer sent exchange frame tag " + tag);
                }
                peer.credited(channel);
            } catch (RuntimeException bad) {
                LOG.warn("dropping the exchange connection to {}: {}", peer.address, bad.getMessage());
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            peer.broken();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        peers.values().forEach(peer -> {
            Channel connection = peer.connection;
            if (connection != null) {
                connection.close();
            }
        });
        server.close().syncUninterruptibly();
        accepted.forEach(Channel::close);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
