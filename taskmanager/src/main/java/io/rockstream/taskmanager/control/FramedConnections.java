package io.rockstream.taskmanager.control;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.util.function.Supplier;

/**
 * The connections of the cluster (control channel, job plane, exchange): Netty channels
 * carrying frames behind a 4-byte length, one handler per connection.
 */
public final class FramedConnections {
    private FramedConnections() {
    }

    /** A pipeline of frames up to {@code maxFrameBytes}, handed to a new {@code handler} per connection. */
    public static ChannelInitializer<SocketChannel> pipeline(int maxFrameBytes, Supplier<ChannelHandler> handler) {
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.config().setOption(ChannelOption.TCP_NODELAY, true);
                channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4));
                channel.pipeline().addLast(new LengthFieldPrepender(4));
                channel.pipeline().addLast(handler.get());
            }
        };
    }

    /** Connects to {@code host:port} (5 s connect timeout) with {@link #pipeline}. */
    public static ChannelFuture connect(EventLoopGroup group, String host, int port, int maxFrameBytes,
            Supplier<ChannelHandler> handler) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(pipeline(maxFrameBytes, handler)).connect(host, port);
    }
}
