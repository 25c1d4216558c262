package io.rockstream.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the byte stream into {@link ClientMessage}s (and {@link PasswordMessage}s while the
 * client authenticates). Every frame's length is checked before its body is buffered, so a
 * client cannot make the gateway hold more than {@code maxMessageBytes}, nor more than
 * {@value #MAX_AUTHENTICATION_MESSAGE} bytes before it has authenticated; a bad length or an
 * unknown message type raises a {@link ProtocolException} (the session answers FATAL 08P01
 * and closes) and the decoder then discards whatever else arrives.
 *
 * <p>The decoder answers SSLRequest itself, on the event loop: 'S' and an {@link SslHandler}
 * in front of it when TLS is configured, else 'N'. Bytes that arrive with the SSLRequest,
 * before the client could have read the answer, are refused (they would otherwise pass as
 * if they had come over TLS).
 *
 * <pre>
 * client                         decoder state
 *   SSLRequest                   STARTUP   (answered 'S' + TLS from here on, or 'N'; once)
 *   GSSENCRequest                STARTUP   (answered 'N'; once)
 *   StartupMessage               STARTUP -&gt; MESSAGES
 *   CancelRequest                STARTUP   (the connection closes)
 *   p (password, SASL)           MESSAGES  (until {@link #authenticated()})
 *   Q P B D E C S H X d c f      MESSAGES
 *   (bad frame)                  any -&gt; FAILED
 * </pre>
 *
 * <p>Not thread-safe, except {@link #authenticated()}; owned by the channel's event loop.
 */
final class PgMessageDecoder extends ByteToMessageDecoder {
    /** PostgreSQL's limit for a startup packet (MAX_STARTUP_PACKET_LENGTH). */
    static final int MAX_STARTUP_PACKET = 10_000;
    static final int PROTOCOL_3_0 = 196608;
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    /** The largest message before authentication (PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH is 65535). */
    static final int MAX_AUTHENTICATION_MESSAGE = 65_536;

    enum State {
        /**
         * Before the StartupMessage: int32 length (including itself), int32 code, then the
         * code's payload. No type byte.
         */
        STARTUP,
        /** Regular messages: byte1 type, int32 length (including itself, not the type), body. */
        MESSAGES,
        /** After a protocol violation: every byte is dropped while the connection closes. */
        FAILED
    }

    private final int maxMessageBytes;
    /** The server's TLS context, or null: SSLRequest is answered 'N'. */
    private final SslContext tls;
    /** Whether a password exchange precedes the session (false: messages flow right after startup). */
    private final boolean authenticates;
    private volatile boolean authenticated;
    private boolean sslRequested;
    private boolean gssEncRequested;
    private State state = State.STARTUP;

    /** A decoder with no TLS and no authentication phase (messages flow right after the StartupMessage). */
    PgMessageDecoder(int maxMessageBytes) {
        this(maxMessageBytes, null, false);
    }

    /**
     * @param tls the TLS context for SSLRequest, or null to answer 'N'
     * @param authenticates whether {@link PasswordMessage}s are decoded until {@link #authenticated()} is called
     */
    PgMessageDecoder(int maxMessageBytes, SslContext tls, boolean authenticates) {
        this.maxMessageBytes = maxMessageBytes;
        this.tls = tls;
        this.authenticates = authenticates;
        this.authenticated = !authenticates;
    }

    /**
     * The client is authenticated: from now on 'p' is a protocol violation and messages may be
     * as large as {@code maxMessageBytes}. Called from the connection's session thread before
     * it sends AuthenticationOk, so that no message the client sends after it is cut with the
     * smaller limit.
     */
    void authenticated() {
        authenticated = true;
    }

    State state() {
        return state;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        switch (state) {
            case STARTUP -> decodeStartup(context, in, out);
            case MESSAGES -> decodeMessage(in, out);
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    private void decodeStartup(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_PACKET) {
            throw fail("08P01", "invalid length of startup packet");
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(4);
        ByteBuf body = in.readSlice(length - 4);
        int code = body.readInt();
        switch (code) {
            case SSL_REQUEST_CODE -> negotiateSsl(context, in);
            case GSSENC_REQUEST_CODE -> {
                if (gssEncRequested || in.isReadable()) {
                    throw fail("08P01", gssEncRequested ? "GSSENCRequest sent twice"
                            : "received unencrypted data after GSSAPI encryption request");
                }
                gssEncRequested = true;
                answer(context, 'N');
            }
            case CANCEL_REQUEST_CODE -> {
                if (body.readableBytes() < 8) {
                    throw fail("08P01", "invalid length of cancel request");
                }
                out.add(new ClientMessage.CancelRequest(body.readInt(), body.readInt()));
            }
            default -> {
                if (code >>> 16 != 3) {
                    throw fail("0A000", "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
                            + ": server supports 3.0 to 3.0");
                }
                out.add(new ClientMessage.Startup(readStartupParameters(body)));
                state = State.MESSAGES;
            }
        }
    }

    private void negotiateSsl(ChannelHandlerContext context, ByteBuf in) {
        if (sslRequested) {
            throw fail("08P01", "SSLRequest sent twice");
        }
        sslRequested = true;
        if (in.isReadable()) {
            throw fail("08P01", "received unencrypted data after SSL request");
        }
        if (tls == null) {
            answer(context, 'N');
            return;
        }
        // startTls: the 'S' itself goes out in clear, everything after it through TLS
        context.pipeline().addBefore(context.name(), "tls", new SslHandler(tls.newEngine(context.alloc()), true));
        answer(context, 'S');
    }

    /** The one-byte answer to SSLRequest or GSSENCRequest: 'S' or 'N', no header. */
    private static void answer(ChannelHandlerContext context, char answer) {
        ByteBuf buffer = context.alloc().buffer(1);
        buffer.writeByte(answer);
        context.writeAndFlush(buffer);
    }

    private Map<String, String> readStartupParameters(ByteBuf body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (body.isReadable()) {
            String name = readString(body);
            if (name.isEmpty()) {
                return parameters;
            }
            parameters.put(name, readString(body));
        }
        throw fail("08P01", "invalid startup packet layout: expected terminator as last byte");
    }

    private void decodeMessage(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        int start = in.readerIndex();
        char type = (char) in.getUnsignedByte(start);
        int length = in.getInt(start + 1);
        int limit = authenticated ? maxMessageBytes : Math.min(maxMessageBytes, MAX_AUTHENTICATION_MESSAGE);
        if (length < 4 || length > limit) {
            throw fail("08P01", "invalid message length " + length + " for message type \"" + printable(type)
                    + "\" (limit " + limit + " bytes)");
        }
        if (in.readableBytes() < 1 + length) {
            return;
        }
        in.skipBytes(5);
        ByteBuf body = in.readSlice(length - 4);
        try {
            out.add(parse(type, body));
        } catch (IndexOutOfBoundsException truncated) {
            throw fail("08P01", "invalid message format for message type \"" + printable(type) + "\"");
        }
        if (body.isReadable()) {
            throw fail("08P01", "invalid message format for message type \"" + printable(type) + "\"");
        }
    }

    private Object parse(char type, ByteBuf body) {
        return switch (type) {
            case 'Q' -> new ClientMessage.Query(readString(body));
            case 'P' -> {
                String statement = readString(body);
                String sql = readString(body);
                int count = body.readUnsignedShort();
                List<Integer> types = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    types.add(body.readInt());
                }
                yield new ClientMessage.Parse(statement, sql, types);
            }
            case 'B' -> parseBind(body);
            case 'D' -> new ClientMessage.Describe(readKind(body, "Describe"), readString(body));
            case 'E' -> new ClientMessage.Execute(readString(body), body.readInt());
            case 'C' -> new ClientMessage.Close(readKind(body, "Close"), readString(body));
            case 'S' -> new ClientMessage.Sync();
            case 'H' -> new ClientMessage.Flush();
            case 'X' -> new ClientMessage.Terminate();
            case 'd' -> {
                byte[] data = new byte[body.readableBytes()];
                body.readBytes(data);
                yield new ClientMessage.CopyData(data);
            }
            case 'c' -> new ClientMessage.CopyDone();
            case 'f' -> new ClientMessage.CopyFail(readString(body));
            case 'p' -> {
                if (authenticated) {
                    throw fail("08P01", "invalid frontend message type " + (int) type);
                }
                byte[] data = new byte[body.readableBytes()];
                body.readBytes(data);
                yield new PasswordMessage(data);
            }
            default -> throw fail("08P01", "invalid frontend message type " + (int) type);
        };
    }

    private ClientMessage parseBind(ByteBuf body) {
        String portal = readString(body);
        String statement = readString(body);
        int formatCount = body.readUnsignedShort();
        List<Short> formats = new ArrayList<>(formatCount);
        for (int i = 0; i < formatCount; i++) {
            formats.add(body.readShort());
        }
        int valueCount = body.readUnsignedShort();
        List<byte[]> values = new ArrayList<>(valueCount);
        for (int i = 0; i < valueCount; i++) {
            int length = body.readInt();
            if (length < -1 || length > body.readableBytes()) {
                throw fail("08P01", "insufficient data left in message");
            }
            if (length == -1) {
                values.add(null);
            } else {
                byte[] value = new byte[length];
                body.readBytes(value);
                values.add(value);
            }
        }
        int resultCount = body.readUnsignedShort();
        List<Short> resultFormats = new ArrayList<>(resultCount);
        for (int i = 0; i < resultCount; i++) {
            resultFormats.add(body.readShort());
        }
        return new ClientMessage.Bind(portal, statement, formats, values, resultFormats);
    }

    private char readKind(ByteBuf body, String message) {
        char kind = (char) body.readUnsignedByte();
        if (kind != 'S' && kind != 'P') {
            throw fail("08P01", "invalid " + message + " message subtype " + (int) kind);
        }
        return kind;
    }

    /** A NUL-terminated UTF-8 string. */
    private String readString(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw fail("08P01", "invalid string in message");
        }
        String value = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
        body.readerIndex(end + 1);
        return value;
    }

    private ProtocolException fail(String sqlState, String message) {
        state = State.FAILED;
        return new ProtocolException(sqlState, message);
    }

    private static String printable(char type) {
        return type >= 32 && type < 127 ? String.valueOf(type) : "\\x" + Integer.toHexString(type);
    }
}
