package io.rockstream.jobmanager.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's HTTP server (ARCHITECTURE.md §6): the REST API under {@code /api/v1},
 * Prometheus at {@code /metrics}, and the web UI's static files at {@code /}. Netty reads
 * and writes; each request runs on a worker pool, since SQL may wait for epochs.
 *
 * <p>With a token, every API route but the OpenAPI document needs
 * {@code Authorization: Bearer <token>} (401 with SQLSTATE 28000 otherwise). A server that
 * listens beyond loopback without a configured token makes one up and logs it.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    private static final String WEB_UI = "/io/rockstream/webui/";

    private final RestApi api;
    private final Optional<String> token;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService requests;
    private final Channel channel;
    private final String host;
    private final int port;

    private RestServer(Engine engine, RestConfig config) throws InterruptedException {
        this.api = new RestApi(engine);
        Optional<String> configured = config.token();
        if (configured.isEmpty() && !config.loopbackOnly()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = Optional.of(HexFormat.of().formatHex(random));
            LOG.warn("the HTTP server listens on {} beyond loopback without a configured token; API calls need"
                    + " 'Authorization: Bearer {}' (set one with --http-token)", config.host(), configured.get());
        }
        this.token = configured;
        AtomicInteger threads = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "http-request-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpServerCodec(8192, 16 * 1024, 8192));
                            channel.pipeline().addLast(new HttpObjectAggregator(RestApi.MAX_BODY_BYTES));
                            channel.pipeline().addLast(new Handler());
                        }
                    });
            this.channel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception failure) { // sync() rethrows the bind's checked exception as it is
            shutdown();
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot listen for HTTP on %s:%d: %s", config.host(),
                    config.port(), failure.getMessage()).withCause(failure);
        }
        this.host = config.host();
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
        LOG.info("REST API and web UI on http://{}:{}/", host, port);
    }

    /** Starts serving {@code engine}; fails with 58030 when the port cannot be bound. */
    public static RestServer start(Engine engine, RestConfig config) {
        try {
            return new RestServer(engine, config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RockStreamException.of(ErrorCode.QUERY_CANCELED, "interrupted while starting the HTTP server");
        }
    }

    public int port() {
        return port;
    }

    /** The base address, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The token API calls need, if any (configured, or made up for a non-loopback address). */
    public Optional<String> token() {
        return token;
    }

    /** Every API route as (method, template), for the OpenAPI check. */
    public static List<RestApi.Route> routes(Engine engine) {
        return new RestApi(engine).routes();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        requests.shutdownNow();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                Throwable cause = request.decoderResult().cause();
                int status = cause instanceof TooLongFrameException ? 413 : 400;
                send(context, false, api.error(status, RockStreamException.of(ErrorCode.PROTOCOL_VIOLATION,
                        "malformed HTTP request: %s", String.valueOf(cause == null ? "" : cause.getMessage())), null,
                        List.of()), false);
                return;
            }
            String method = request.method().name();
            String uri = request.uri();
            String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            byte[] body = ByteBufUtil.getBytes(request.content());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            boolean head = method.equals("HEAD");
            String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
            try {
                requests.execute(() -> {
                    RestApi.Response response;
                    if (api.serves(path)) {
                        if (api.protectedPath(path) && !authorized(authorization)) {
                            response = api.error(401, RockStreamException.of(ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION,
                                    "this server needs a token: send 'Authorization: Bearer <token>'"), null, List.of());
                        } else {
                            response = api.handle(new RestApi.Request(method, uri, body, contentType));
                        }
                    } else {
                        response = staticFile(method, path);
                    }
                    RestApi.Response done = response;
                    context.executor().execute(() -> send(context, head, done, keepAlive));
                });
            } catch (RejectedExecutionException closing) {
                context.close();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            context.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (!(cause instanceof IOException)) {
                LOG.warn("HTTP connection from {} failed", context.channel().remoteAddress(), cause);
            }
            context.close();
        }
    }

    private boolean authorized(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8));
    }

    private RestApi.Response staticFile(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return api.error(405, RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "method %s is not allowed on %s", method, path), null, List.of());
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.isEmpty() || name.contains("..") || name.contains("//") || name.contains("\\")) {
            return notFound(path);
        }
        try (InputStream in = RestServer.class.getResourceAsStream(WEB_UI + name)) {
            if (in == null) {
                return notFound(path);
            }
            return new RestApi.Response(200, contentType(name), in.readAllBytes());
        } catch (IOException e) {
            return api.error(500, RockStreamException.of(ErrorCode.IO_ERROR, "cannot read %s: %s", name, e.getMessage()),
                    null, List.of());
        }
    }

    private RestApi.Response notFound(String path) {
        return api.error(404, RockStreamException.of(ErrorCode.UNDEFINED_OBJECT, "no such file: %s", path), null,
                List.of());
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static void send(ChannelHandlerContext context, boolean head, RestApi.Response response,
            boolean keepAlive) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        out.headers().set("X-Content-Type-Options", "nosniff");
        if (response.status() == 401) {
            out.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rockstream\"");
        }
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            context.writeAndFlush(out);
        } else {
            context.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
