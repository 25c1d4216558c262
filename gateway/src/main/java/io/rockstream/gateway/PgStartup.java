package io.rockstream.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.rockstream.gateway.auth.AuthExchange;
import io.rockstream.gateway.auth.AuthRequest;
import io.rockstream.gateway.auth.AuthenticationException;
import io.rockstream.gateway.auth.Authenticator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup phase of one connection, in front of its {@link PgSession}: CancelRequest,
 * the StartupMessage, the connection limit, and the password exchange. Once the client is
 * authenticated it hands the StartupMessage to the session (which answers AuthenticationOk,
 * ParameterStatus, BackendKeyData and ReadyForQuery) and lets every later message through.
 *
 * <pre>
 * client                                 gateway
 *   CancelRequest(pid, secret)     -&gt;     (cancels that connection's statement; closes without a reply)
 *   StartupMessage(user)           -&gt;
 *     loopback and trusted:               session: AuthenticationOk ...
 *     otherwise:                   &lt;-     AuthenticationCleartextPassword | MD5Password(salt) | SASL
 *   PasswordMessage ...            -&gt;     ... SASLContinue, SASLFinal (see AuthExchange)
 *                                  &lt;-     session: AuthenticationOk ... ReadyForQuery
 *     wrong password:              &lt;-     FATAL 28P01, closed
 *   (not authenticated after authTimeout: FATAL 57014, closed)
 * </pre>
 *
 * <p>Clients from a non-loopback address always authenticate by password. A connection
 * over the limit is served by this handler alone, on the event loop: it still accepts a
 * CancelRequest, and answers a StartupMessage with FATAL 53300.
 *
 * <p>Confined to the connection's session thread (or the event loop for a refused
 * connection); the timeout runs on the event loop and only closes the channel.
 */
final class PgStartup extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PgStartup.class);

    enum State {
        /** Waiting for a StartupMessage or a CancelRequest. */
        STARTUP,
        /** A password exchange is under way. */
        AUTHENTICATING,
        /** Authenticated: messages pass through to the session. */
        DONE,
        /** Refused or finished; nothing more is read. */
        CLOSED
    }

    /** What every connection of one gateway shares. */
    record Policy(Authenticator authenticator, boolean loopbackTrust, boolean tlsRequiredForRemote,
            CancelRegistry cancels, Duration authTimeout) {
    }

    private final Policy policy;
    private final boolean tooManyClients;
    private State state = State.STARTUP;
    private ClientMessage.Startup startup;
    private String user;
    private AuthExchange exchange;
    private ScheduledFuture<?> timeout;

    /** @param tooManyClients the connection is over the limit: it gets FATAL 53300 after its StartupMessage */
    PgStartup(Policy policy, boolean tooManyClients) {
        this.policy = policy;
        this.tooManyClients = tooManyClients;
    }

    State state() {
        return state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        Channel channel = context.channel();
        timeout = channel.eventLoop().schedule(() -> {
            if (channel.isActive()) {
                LOG.info("closing the connection from {}: not authenticated within {} ms", channel.remoteAddress(),
                        policy.authTimeout().toMillis());
                PgMessages.sendErrorResponse(channel, PgError.fatal("57014", "canceling authentication due to timeout"));
                // close at once: a client that does not read would hold a close-after-flush forever
                channel.flush();
                channel.close();
            }
        }, policy.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        cancelTimeout();
        if (state != State.DONE) {
            state = State.CLOSED;
        }
        super.channelInactive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        switch (state) {
            case DONE:
                if (message instanceof PasswordMessage) {
                    context.fireExceptionCaught(ProtocolException.violation("unexpected password message"));
                } else {
                    context.fireChannelRead(message);
                }
                return;
            case STARTUP:
                startup(context, message);
                return;
            case AUTHENTICATING:
                authenticate(context, message);
                return;
            case CLOSED:
                return;
        }
    }

    private void startup(ChannelHandlerContext context, Object message) {
        Channel channel = context.channel();
        if (message instanceof ClientMessage.CancelRequest cancel) {
            boolean cancelled = policy.cancels().cancel(cancel.processId(), cancel.secretKey());
            LOG.debug("cancel request for process {} from {}: {}", cancel.processId(), channel.remoteAddress(),
                    cancelled ? "cancelled" : "no such process or wrong secret");
            // as in PostgreSQL: no answer either way, so that keys cannot be probed
            state = State.CLOSED;
            channel.close();
            return;
        }
        if (!(message instanceof ClientMessage.Startup startupMessage)) {
            fatal(channel, "08P01", "expected a startup message, got " + describe(message));
            return;
        }
        startup = startupMessage;
        user = startupMessage.parameters().getOrDefault("user", "");
        boolean loopback = isLoopback(channel.remoteAddress());
        if (user.isEmpty()) {
            fatal(channel, "28000", "no PostgreSQL user name specified in startup packet");
        } else if (tooManyClients) {
            fatal(channel, "53300", "sorry, too many clients already");
        } else if (!loopback && policy.tlsRequiredForRemote() && context.pipeline().get(SslHandler.class) == null) {
            fatal(channel, "28000", "connections from " + hostOf(channel.remoteAddress())
                    + " must use TLS (connect with sslmode=require)");
        } else if (loopback && policy.loopbackTrust()) {
            authenticated(context);
        } else if (policy.authenticator() == null) {
            fatal(channel, "28000", "no password authentication is configured for user \"" + user + "\" from host "
                    + hostOf(channel.remoteAddress()) + ": the server needs a users file (--users-file)");
        } else {
            exchange = policy.authenticator().begin(user);
            state = State.AUTHENTICATING;
            sendAuthentication(channel, exchange.first());
            channel.flush();
        }
    }

    private void authenticate(ChannelHandlerContext context, Object message) {
        Channel channel = context.channel();
        if (!(message instanceof PasswordMessage password)) {
            fatal(channel, "08P01", "expected password response, got " + describe(message));
            return;
        }
        AuthExchange.Step step;
        try {
            step = exchange.receive(password.body());
        } catch (AuthenticationException failure) {
            LOG.info("authentication of user \"{}\" from {} failed: {}", user, channel.remoteAddress(),
                    failure.reason());
            fatal(channel, failure.sqlState(), failure.getMessage());
            return;
        }
        step.send().ifPresent(request -> sendAuthentication(channel, request));
        if (step.authenticated()) {
            authenticated(context);
        } else {
            channel.flush();
        }
    }

    /** Lets the session greet the client; from here on every message goes to the session. */
    private void authenticated(ChannelHandlerContext context) {
        cancelTimeout();
        state = State.DONE;
        exchange = null;
        PgMessageDecoder decoder = context.pipeline().get(PgMessageDecoder.class);
        if (decoder != null) {
            decoder.authenticated();
        }
        context.fireChannelRead(startup);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (isTransportFailure(cause)) {
            // the client went away, or TLS failed (the TLS handler has told the client): nothing to answer
            LOG.debug("connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
            if (state != State.DONE) {
                state = State.CLOSED;
            }
            context.close();
            return;
        }
        if (state == State.DONE) {
            context.fireExceptionCaught(cause);
            return;
        }
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (state == State.CLOSED) {
            return;
        }
        if (root instanceof ProtocolException protocol) {
            fatal(context.channel(), protocol.sqlState(), protocol.getMessage());
        } else {
            LOG.error("internal error while a Postgres client connected", root);
            fatal(context.channel(), "XX000", "internal error: " + root);
        }
    }

    /**
     * An Authentication request: byte1 'R', int32 length (8 + payload), int32 code, then the
     * payload (an MD5 salt, the SASL mechanism names each NUL-terminated plus a final NUL, or
     * SCRAM data).
     */
    static void sendAuthentication(Channel channel, AuthRequest request) {
        byte[] payload = request.payload();
        ByteBuf buffer = channel.alloc().buffer(9 + payload.length);
        buffer.writeByte('R').writeInt(8 + payload.length).writeInt(request.code()).writeBytes(payload);
        channel.write(buffer);
    }

    private void fatal(Channel channel, String sqlState, String message) {
        state = State.CLOSED;
        PgMessages.sendErrorResponse(channel, PgError.fatal(sqlState, message));
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** A broken connection or TLS session: IOException (SSLException included) or a record that is not TLS. */
    private static boolean isTransportFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof NotSslRecordException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Object message) {
        return message instanceof PasswordMessage ? "a password message" : message.getClass().getSimpleName();
    }

    static boolean isLoopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
        }
        // embedded and local channels
        return true;
    }

    private static String hostOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return "\"" + inet.getAddress().getHostAddress() + "\"";
        }
        return "\"" + address + "\"";
    }
}
