package io.rockstream.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.rockstream.jobmanager.Engine;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres wire gateway: a Netty server whose every connection gets a
 * {@link PgMessageDecoder} on the event loop and a {@link PgSession} on a separate executor
 * (statements block; the event loops must not). Sessions of one connection run in order.
 */
public final class PgGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgGateway.class);

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final EventExecutorGroup sessionGroup;
    private final Channel serverChannel;

    private PgGateway(EventLoopGroup bossGroup, EventLoopGroup workerGroup, EventExecutorGroup sessionGroup,
            Channel serverChannel) {
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.sessionGroup = sessionGroup;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts serving {@code engine}.
     *
     * @throws AddressInUseException when the port is taken
     */
    public static PgGateway start(Engine engine, GatewayConfig config) {
        EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventExecutorGroup sessionGroup = new DefaultEventExecutorGroup(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("decoder", new PgMessageDecoder(config.maxMessageBytes()))
                                .addLast(sessionGroup, "session", new PgSession(engine::openSession));
                    }
                });
        try {
            Channel serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port()))
                    .syncUninterruptibly().channel();
            PgGateway gateway = new PgGateway(bossGroup, workerGroup, sessionGroup, serverChannel);
            LOG.info("Postgres gateway listening on {}", serverChannel.localAddress());
            return gateway;
        } catch (Exception failure) {
            // Netty rethrows the bind's checked exception (BindException) undeclared
            shutdown(bossGroup, workerGroup, sessionGroup);
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

    /** Stops accepting, closes every connection and waits for the threads to finish. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown(bossGroup, workerGroup, sessionGroup);
    }

    private static void shutdown(EventLoopGroup bossGroup, EventLoopGroup workerGroup, EventExecutorGroup sessions) {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        sessions.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The port (or the address) cannot be bound. */
    public static final class AddressInUseException extends RuntimeException {
        AddressInUseException(String host, int port, Throwable cause) {
            super("cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
    }
}
