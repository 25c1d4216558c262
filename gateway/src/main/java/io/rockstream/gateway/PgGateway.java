package io.rockstream.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rockstream.gateway.auth.Authenticator;
import io.rockstream.jobmanager.Engine;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres wire gateway: a Netty server. Every connection gets a
 * {@link PgMessageDecoder} on the event loop, then a {@link PgStartup} and a
 * {@link PgSession} on an executor of its own: one thread per connection, taken from a
 * shared cached pool when the connection opens and given back when it closes, so a
 * statement that blocks (or a SUBSCRIBE that streams for minutes) holds up no other
 * connection, and the messages of one connection run in order.
 *
 * <pre>
 * socket -&gt; [tls: SslHandler, after SSLRequest] -&gt; decoder (event loop)
 *        -&gt; release + startup + session (the connection's own thread)
 * </pre>
 *
 * <p>Limits: {@code maxConnections} connections are served; up to as many more are told
 * FATAL 53300 after their StartupMessage (on the event loop, no thread of their own); beyond
 * that a connection is closed at once. A connection not authenticated within
 * {@code authTimeout} is closed. When a connection closes, its running statement is
 * cancelled and its SQL session closed.
 */
public final class PgGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgGateway.class);

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ThreadPoolExecutor sessionThreads;
    private final AtomicInteger openConnections;
    private final CancelRegistry cancels;
    private final ChannelGroup connections;
    private final Set<EventExecutor> sessionExecutors;
    private final Channel serverChannel;

    private PgGateway(EventLoopGroup bossGroup, EventLoopGroup workerGroup, ThreadPoolExecutor sessionThreads,
            AtomicInteger openConnections, CancelRegistry cancels, ChannelGroup connections,
            Set<EventExecutor> sessionExecutors, Channel serverChannel) {
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.sessionThreads = sessionThreads;
        this.openConnections = openConnections;
        this.cancels = cancels;
        this.connections = connections;
        this.sessionExecutors = sessionExecutors;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts serving {@code engine}.
     *
     * @throws AddressInUseException when the port is taken
     * @throws IllegalArgumentException when the TLS certificate or key cannot be loaded
     */
    public static PgGateway start(Engine engine, GatewayConfig config) {
        SslContext tls = config.tls().map(TlsConfig::newContext).orElse(null);
        Authenticator authenticator = config.users().isEmpty() ? null
                : new Authenticator(config.users(), config.authMethod());
        CancelRegistry cancels = new CancelRegistry();
        PgStartup.Policy policy = new PgStartup.Policy(authenticator, config.loopbackTrust(),
                config.tlsRequiredForRemote(), cancels, config.authTimeout());
        AtomicInteger openConnections = new AtomicInteger();
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Set<EventExecutor> sessionExecutors = ConcurrentHashMap.newKeySet();
        long refuseAbove = 2L * config.maxConnections();
        EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ThreadPoolExecutor sessionThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new SessionThreadFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.attr(CancelRegistry.ATTRIBUTE).set(cancels);
                        int open = openConnections.incrementAndGet();
                        channel.closeFuture().addListener(closed -> openConnections.decrementAndGet());
                        connections.add(channel);
                        if (open > refuseAbove) {
                            channel.close();
                            return;
                        }
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast("decoder", new PgMessageDecoder(config.maxMessageBytes(), tls, true));
                        if (open > config.maxConnections()) {
                            pipeline.addLast("startup", new PgStartup(policy, true));
                            return;
                        }
                        EventExecutor executor = new DefaultEventExecutor(sessionThreads);
                        sessionExecutors.add(executor);
                        executor.terminationFuture().addListener(done -> sessionExecutors.remove(executor));
                        PgSession session = new PgSession(engine::openSession);
                        pipeline.addLast(executor, "release", new ReleaseExecutor())
                                .addLast(executor, "startup", new PgStartup(policy, false))
                                .addLast(executor, "session", session);
                        // a client that leaves mid-statement must not keep it running
                        channel.closeFuture().addListener(closed -> session.cancel());
                    }
                });
        try {
            Channel serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port()))
                    .syncUninterruptibly().channel();
            PgGateway gateway = new PgGateway(bossGroup, workerGroup, sessionThreads, openConnections, cancels,
                    connections, sessionExecutors, serverChannel);
            LOG.info("Postgres gateway listening on {} (TLS {}, {} password users, {} connections at most)",
                    serverChannel.localAddress(), tls == null ? "off" : "on", config.users().names().size(),
                    config.maxConnections());
            return gateway;
        } catch (Exception failure) {
            // Netty rethrows the bind's checked exception (BindException) undeclared
            shutdown(bossGroup, workerGroup, sessionThreads);
            if (isBindFailure(failure)) {
                throw new AddressInUseException(config.host(), config.port(), failure);
            }
            throw failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot start the Postgres gateway: " + failure, failure);
        }
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The address actually bound (the port is real even when 0 was asked). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Client connections open now, refused ones still closing included. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Threads running a connection now (each open, served connection holds one). */
    public int busySessionThreads() {
        return sessionThreads.getActiveCount();
    }

    /** Connections that can be cancelled now (those past startup). */
    int cancellableConnections() {
        return cancels.size();
    }

    /** Stops accepting, closes every connection and waits for the threads to finish. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        // close the connections while the event loops still run, so that each one's handlers are
        // removed and its thread given back before the loops stop
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (EventExecutor executor : sessionExecutors) {
            executor.terminationFuture().awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
        shutdown(bossGroup, workerGroup, sessionThreads);
    }

    private static void shutdown(EventLoopGroup bossGroup, EventLoopGroup workerGroup, ExecutorService sessions) {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        sessions.shutdown();
        try {
            if (!sessions.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Postgres sessions still running 5 s after the gateway closed; interrupting them");
                sessions.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            sessions.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives the connection's thread back to the pool once its handlers are gone. It is the
     * first handler on the connection's executor, and Netty removes handlers from the tail
     * to the head, so nothing runs on that executor after it.
     */
    private static final class ReleaseExecutor extends ChannelHandlerAdapter {
        @Override
        public void handlerRemoved(ChannelHandlerContext context) {
            context.executor().shutdownGracefully(200, 2000, TimeUnit.MILLISECONDS);
        }
    }

    private static final class SessionThreadFactory implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "rockstream-pg-session-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** The port (or the address) cannot be bound. */
    public static final class AddressInUseException extends RuntimeException {
        AddressInUseException(String host, int port, Throwable cause) {
            super("cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
    }
}
