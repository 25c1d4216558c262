package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rockstream.jobmanager.Engine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protocol on an {@link EmbeddedChannel}: exact bytes in, exact bytes out. */
class PgProtocolBytesTest {
    private static Engine engine;
    private EmbeddedChannel channel;

    @BeforeAll
    static void startEngine() {
        engine = Engine.startInMemory();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @BeforeEach
    void openChannel() {
        channel = new EmbeddedChannel(new PgMessageDecoder(1024 * 1024), new PgSession(engine::openSession));
    }

    // ---- building frontend bytes ----

    /** A message builder: type byte (0 for none), then fields; the length is filled in by {@link #bytes()}. */
    private static final class Message {
        private final char type;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Message(char type) {
            this.type = type;
        }

        Message int32(int value) {
            body.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
            return this;
        }

        Message int16(int value) {
            body.writeBytes(ByteBuffer.allocate(2).putShort((short) value).array());
            return this;
        }

        Message string(String value) {
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            body.write(0);
            return this;
        }

        Message raw(byte... values) {
            body.writeBytes(values);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (type != 0) {
                out.write(type);
            }
            out.writeBytes(ByteBuffer.allocate(4).putInt(body.size() + 4).array());
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }
    }

    private void send(Message... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message message : messages) {
            out.writeBytes(message.bytes());
        }
        channel.writeInbound(Unpooled.wrappedBuffer(out.toByteArray()));
    }

    /** Everything the gateway wrote so far, concatenated. */
    private byte[] received() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buffer;
        while ((buffer = channel.readOutbound()) != null) {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            buffer.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(Message... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message message : messages) {
            out.writeBytes(message.bytes());
        }
        return out.toByteArray();
    }

    private static Message ready(char status) {
        return new Message('Z').raw((byte) status);
    }

    private void startUp() {
        send(new Message((char) 0).int32(196608).string("user").string("rockstream").string("database")
                .string("rockstream").raw((byte) 0));
        received();
    }

    // ---- tests ----

    @Test
    void sslAndGssEncRequestsAreAnsweredN() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f}));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30}));
        assertThat(received()).containsExactly('N', 'N');
    }

    @Test
    void startupSendsAuthenticationOkParametersKeyAndReadyForQuery() {
        send(new Message((char) 0).int32(196608).string("user").string("rockstream").string("database")
                .string("rockstream").string("application_name").string("bytes").raw((byte) 0));
        byte[] expected = concat(
                new Message('R').int32(0),
                new Message('S').string("server_version").string("17.0"),
                new Message('S').string("server_encoding").string("UTF8"),
                new Message('S').string("client_encoding").string("UTF8"),
                new Message('S').string("DateStyle").string("ISO, MDY"),
                new Message('S').string("TimeZone").string("UTC"),
                new Message('S').string("integer_datetimes").string("on"),
                new Message('S').string("standard_conforming_strings").string("on"),
                new Message('S').string("application_name").string("bytes"));
        byte[] actual = received();
        assertThat(actual).hasSize(expected.length + 13 + 6);
        assertThat(java.util.Arrays.copyOfRange(actual, 0, expected.length)).isEqualTo(expected);
        // BackendKeyData: 'K', int32 12, then a random process id and secret key
        assertThat(java.util.Arrays.copyOfRange(actual, expected.length, expected.length + 5))
                .containsExactly('K', 0, 0, 0, 12);
        assertThat(java.util.Arrays.copyOfRange(actual, expected.length + 13, actual.length))
                .isEqualTo(ready('I').bytes());
    }

    @Test
    void anUnknownDatabaseIsFatal3D000() {
        send(new Message((char) 0).int32(196608).string("user").string("rockstream").string("database")
                .string("nope").raw((byte) 0));
        assertThat(received()).isEqualTo(new Message('E').raw((byte) 'S').string("FATAL").raw((byte) 'V')
                .string("FATAL").raw((byte) 'C').string("3D000").raw((byte) 'M')
                .string("database \"nope\" does not exist").raw((byte) 0).bytes());
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void simpleQueryWithTwoStatements() {
        startUp();
        send(new Message('Q').string("SELECT 1 AS a; SELECT 'x' AS b, NULL::int8 AS c"));
        assertThat(received()).isEqualTo(concat(
                new Message('T').int16(1).string("a").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0),
                new Message('D').int16(1).int32(1).raw((byte) '1'),
                new Message('C').string("SELECT 1"),
                new Message('T').int16(2)
                        .string("b").int32(0).int16(0).int32(25).int16(-1).int32(-1).int16(0)
                        .string("c").int32(0).int16(0).int32(20).int16(8).int32(-1).int16(0),
                new Message('D').int16(2).int32(1).raw((byte) 'x').int32(-1),
                new Message('C').string("SELECT 1"),
                ready('I')));
    }

    @Test
    void emptyQueryResponse() {
        startUp();
        send(new Message('Q').string("  ;-- nothing\n"));
        assertThat(received()).isEqualTo(concat(new Message('I'), ready('I')));
    }

    @Test
    void anErrorStopsTheScriptAndCarriesItsPositionInTheWholeQuery() {
        startUp();
        send(new Message('Q').string("SELECT 1; SELECT nope"));
        byte[] actual = received();
        byte[] first = concat(
                new Message('T').int16(1).string("?column?").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0),
                new Message('D').int16(1).int32(1).raw((byte) '1'),
                new Message('C').string("SELECT 1"));
        assertThat(java.util.Arrays.copyOfRange(actual, 0, first.length)).isEqualTo(first);
        String error = new String(actual, first.length, actual.length - first.length, StandardCharsets.ISO_8859_1);
        assertThat(error).startsWith("E").contains("SERROR\0VERROR\0C42703\0M").contains("\0P18\0\0")
                .endsWith("Z\0\0\0\5I");
    }

    @Test
    void transactionStatusFollowsBeginErrorAndRollback() {
        startUp();
        send(new Message('Q').string("BEGIN"));
        assertThat(received()).isEqualTo(concat(new Message('C').string("BEGIN"), ready('T')));
        send(new Message('Q').string("SELECT 1/0"));
        assertThat(received()).endsWith(ready('E').bytes());
        send(new Message('Q').string("SELECT 1"));
        String refused = new String(received(), StandardCharsets.ISO_8859_1);
        assertThat(refused).contains("C25P02\0").endsWith("Z\0\0\0\5E");
        send(new Message('Q').string("COMMIT"));
        assertThat(received()).isEqualTo(concat(new Message('C').string("ROLLBACK"), ready('I')));
    }

    @Test
    void extendedQueryWithBinaryParameterBinaryResultsAndPortalSuspension() {
        startUp();
        send(new Message('P').string("s1").string("SELECT v * $1 AS w FROM (VALUES (1), (2), (3)) AS t(v) ORDER BY v")
                        .int16(1).int32(23),
                new Message('B').string("").string("s1").int16(1).int16(1).int16(1).int32(4).int32(10)
                        .int16(1).int16(1),
                new Message('D').raw((byte) 'P').string(""),
                new Message('E').string("").int32(2),
                new Message('E').string("").int32(2),
                new Message('S'));
        assertThat(received()).isEqualTo(concat(
                new Message('1'),
                new Message('2'),
                new Message('T').int16(1).string("w").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(1),
                new Message('D').int16(1).int32(4).int32(10),
                new Message('D').int16(1).int32(4).int32(20),
                new Message('s'),
                new Message('D').int16(1).int32(4).int32(30),
                new Message('C').string("SELECT 1"),
                ready('I')));
    }

    /** As a driver like pgx does: Parse with no types, read the inferred ones, send values in binary by them. */
    @Test
    void inferredParameterTypesTakeBinaryValues() {
        startUp();
        send(new Message('Q').string("CREATE TABLE inferred (k BIGINT PRIMARY KEY, v INT); "
                + "INSERT INTO inferred VALUES (5000000000, 7)"));
        received();
        send(new Message('P').string("by_k").string("SELECT v FROM inferred WHERE k = $1").int16(0),
                new Message('D').raw((byte) 'S').string("by_k"),
                new Message('S'));
        assertThat(received()).isEqualTo(concat(
                new Message('1'),
                new Message('t').int16(1).int32(20),
                new Message('T').int16(1).string("v").int32(0).int16(0).int32(23).int16(4).int32(-1).int16(0),
                ready('I')));
        send(new Message('B').string("").string("by_k").int16(1).int16(1).int16(1).int32(8).int32(1).int32(705032704)
                        .int16(0),
                new Message('E').string("").int32(0),
                new Message('S'));
        assertThat(received()).isEqualTo(concat(
                new Message('2'),
                new Message('D').int16(1).int32(1).raw((byte) '7'),
                new Message('C').string("SELECT 1"),
                ready('I')));
    }

    @Test
    void describeStatementOfACommandIsParameterDescriptionAndNoData() {
        startUp();
        send(new Message('Q').string("CREATE TABLE described (id INT, name TEXT)"));
        received();
        send(new Message('P').string("").string("INSERT INTO described VALUES ($1, $2)").int16(1).int32(23),
                new Message('D').raw((byte) 'S').string(""),
                new Message('S'));
        assertThat(received()).isEqualTo(concat(
                new Message('1'),
                // $1 as declared, $2 inferred from its column (text), as PostgreSQL does
                new Message('t').int16(2).int32(23).int32(25),
                new Message('n'),
                ready('I')));
    }

    @Test
    void anErrorInTheExtendedProtocolSkipsToSync() {
        startUp();
        send(new Message('B').string("").string("missing").int16(0).int16(0).int16(0),
                new Message('E').string("").int32(0),
                new Message('S'));
        assertThat(received()).isEqualTo(concat(
                new Message('E').raw((byte) 'S').string("ERROR").raw((byte) 'V').string("ERROR")
                        .raw((byte) 'C').string("26000").raw((byte) 'M')
                        .string("prepared statement \"missing\" does not exist").raw((byte) 0),
                ready('I')));
    }

    @Test
    void garbageIsAFatalProtocolViolation() {
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(received()).isEqualTo(new Message('E').raw((byte) 'S').string("FATAL").raw((byte) 'V')
                .string("FATAL").raw((byte) 'C').string("08P01").raw((byte) 'M')
                .string("invalid length of startup packet").raw((byte) 0).bytes());
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anUnknownMessageTypeIsAFatalProtocolViolation() {
        startUp();
        send(new Message('!'));
        String error = new String(received(), StandardCharsets.ISO_8859_1);
        assertThat(error).contains("SFATAL\0VFATAL\0C08P01\0Minvalid frontend message type 33\0");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMessageOverTheLimitIsRefusedBeforeItIsBuffered() {
        startUp();
        // only the header arrives: the length alone is enough to refuse it
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'Q', 0x10, 0, 0, 0}));
        String error = new String(received(), StandardCharsets.ISO_8859_1);
        assertThat(error).contains("SFATAL\0VFATAL\0C08P01\0Minvalid message length 268435456 for message type"
                + " \"Q\" (limit 1048576 bytes)\0");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void terminateClosesTheConnection() {
        startUp();
        send(new Message('X'));
        assertThat(channel.isOpen()).isFalse();
    }
}
