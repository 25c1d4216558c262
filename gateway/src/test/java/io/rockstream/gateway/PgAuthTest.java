package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.Authenticator;
import io.rockstream.gateway.auth.ScramVerifier;
import io.rockstream.gateway.auth.UserStore;
import io.rockstream.jobmanager.Engine;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password authentication with the real pgjdbc driver (cleartext, MD5, SCRAM-SHA-256),
 * failures, and clients that send garbage in the middle of the exchange.
 */
class PgAuthTest {
    private static Engine engine;
    private static final Map<AuthMethod, PgGateway> gateways = new EnumMap<>(AuthMethod.class);
    private static UserStore users;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.startInMemory();
        String bobMd5 = "md5" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest("builderbob".getBytes(StandardCharsets.UTF_8)));
        users = UserStore.of(Map.of("alice", "wonderland", "bob", bobMd5, "carol",
                ScramVerifier.of("pencil").encode()));
        for (AuthMethod method : AuthMethod.values()) {
            gateways.put(method, PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withUsers(users, method)
                    .withLoopbackTrust(false)));
        }
    }

    @AfterAll
    static void stop() {
        gateways.values().forEach(PgGateway::close);
        engine.close();
    }

    private static Connection connect(AuthMethod method, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateways.get(method).port()
                + "/rockstream", properties);
    }

    private static void assertWorks(AuthMethod method, String user, String password) throws SQLException {
        try (Connection connection = connect(method, user, password); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 40 + 2")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).as(method + " " + user).isEqualTo(42);
        }
    }

    private static void assertRefused(AuthMethod method, String user, String password) {
        assertThatThrownBy(() -> connect(method, user, password).close()).as(method + " " + user)
                .isInstanceOfSatisfying(SQLException.class, failure -> {
                    assertThat(failure.getSQLState()).isEqualTo("28P01");
                    assertThat(failure.getMessage()).contains("password authentication failed for user \"" + user + "\"");
                });
    }

    @Test
    void scramSha256WithPgJdbc() throws SQLException {
        assertWorks(AuthMethod.SCRAM_SHA_256, "alice", "wonderland");
        assertWorks(AuthMethod.SCRAM_SHA_256, "carol", "pencil");
    }

    @Test
    void md5WithPgJdbcAndScramForAUserWhoseSecretIsAVerifier() throws SQLException {
        assertWorks(AuthMethod.MD5, "bob", "builder");
        assertWorks(AuthMethod.MD5, "alice", "wonderland");
        assertWorks(AuthMethod.MD5, "carol", "pencil");
    }

    @Test
    void cleartextPasswordWithPgJdbcAgainstEveryKindOfSecret() throws SQLException {
        assertWorks(AuthMethod.PASSWORD, "alice", "wonderland");
        assertWorks(AuthMethod.PASSWORD, "bob", "builder");
        assertWorks(AuthMethod.PASSWORD, "carol", "pencil");
    }

    @Test
    void aWrongPasswordIs28P01WithEveryMethod() {
        for (AuthMethod method : AuthMethod.values()) {
            assertRefused(method, "alice", "wonderlan");
            assertRefused(method, "carol", "Pencil");
        }
        assertRefused(AuthMethod.MD5, "bob", "builders");
        // an MD5 hash cannot answer SCRAM: refused like a wrong password, as PostgreSQL does
        assertRefused(AuthMethod.SCRAM_SHA_256, "bob", "builder");
    }

    @Test
    void anUnknownUserLooksExactlyLikeAWrongPassword() {
        for (AuthMethod method : AuthMethod.values()) {
            assertRefused(method, "mallory", "wonderland");
        }
    }

    @Test
    void noPasswordAndNoUsersRefuseTheClient() throws Exception {
        assertThatThrownBy(() -> connect(AuthMethod.SCRAM_SHA_256, "alice", null).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
        try (PgGateway noUsers = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withLoopbackTrust(false))) {
            Properties properties = new Properties();
            properties.setProperty("user", "rockstream");
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + noUsers.port()
                    + "/rockstream", properties).close()).isInstanceOfSatisfying(SQLException.class, failure -> {
                        assertThat(failure.getSQLState()).isEqualTo("28000");
                        assertThat(failure.getMessage()).contains("--users-file");
                    });
        }
    }

    @Test
    void garbageSaslMessagesGetACleanFatalAndTheConnectionCloses() throws Exception {
        Random random = new Random(7);
        int port = gateways.get(AuthMethod.SCRAM_SHA_256).port();
        for (int attempt = 0; attempt < 20; attempt++) {
            try (RawPgClient client = new RawPgClient(port, 5_000)) {
                client.send(RawPgClient.startupPacket("alice"));
                RawPgClient.Message sasl = client.read();
                assertThat(sasl.type()).isEqualTo('R');
                assertThat(sasl.int32(0)).isEqualTo(10);
                assertThat(new String(sasl.body(), 4, sasl.body().length - 4, StandardCharsets.US_ASCII))
                        .isEqualTo("SCRAM-SHA-256\0\0");
                byte[] garbage;
                if (attempt % 2 == 0) {
                    garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                } else {
                    // a well-formed initial response, then a garbage client-final
                    byte[] first = "n,,n=,r=abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
                    client.send(RawPgClient.message('p', ByteBuffer.allocate(18 + first.length)
                            .put(RawPgClient.cstring("SCRAM-SHA-256")).putInt(first.length).put(first).array()));
                    RawPgClient.Message next = client.read();
                    assertThat(next.type()).isEqualTo('R');
                    assertThat(next.int32(0)).isEqualTo(11);
                    assertThat(new String(next.body(), 4, next.body().length - 4, StandardCharsets.US_ASCII))
                            .startsWith("r=abcdefghijklmnop").contains(",s=").endsWith(",i=4096");
                    garbage = ("c=biws,r=" + random.nextInt() + ",p=%%%").getBytes(StandardCharsets.US_ASCII);
                }
                client.send(RawPgClient.message('p', garbage));
                RawPgClient.Message error = client.read();
                assertThat(error.type()).isEqualTo('E');
                assertThat(error.fields().get('S')).isEqualTo("FATAL");
                assertThat(error.fields().get('C')).isIn("08P01", "28P01");
                assertThat(client.closedByServer()).isTrue();
            }
        }
        assertWorks(AuthMethod.SCRAM_SHA_256, "alice", "wonderland");
    }

    @Test
    void aQueryInsteadOfAPasswordIsAProtocolViolation() throws Exception {
        try (RawPgClient client = new RawPgClient(gateways.get(AuthMethod.MD5).port(), 5_000)) {
            client.send(RawPgClient.startupPacket("bob"));
            assertThat(client.read().int32(0)).isEqualTo(5);
            client.send(RawPgClient.message('Q', RawPgClient.cstring("SELECT 1")));
            RawPgClient.Message error = client.read();
            assertThat(error.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01");
            assertThat(error.fields().get('M')).startsWith("expected password response");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aPasswordMessageAfterLoginIsAProtocolViolation() throws Exception {
        try (PgGateway trusting = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withUsers(users,
                AuthMethod.SCRAM_SHA_256)); RawPgClient client = new RawPgClient(trusting.port(), 5_000)) {
            client.send(RawPgClient.startupPacket("rockstream"));
            assertThat(client.read().int32(0)).as("trusted on loopback: AuthenticationOk").isZero();
            client.readUntil('Z');
            client.send(RawPgClient.message('p', RawPgClient.cstring("wonderland")));
            RawPgClient.Message error = client.read();
            assertThat(error.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    /** An embedded channel whose client seems to come from a remote host (203.0.113.7, TEST-NET-3). */
    private static final class RemoteChannel extends EmbeddedChannel {
        RemoteChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("203.0.113.7", 40_000);
        }
    }

    private static byte[] drain(EmbeddedChannel channel) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuf buffer;
        while ((buffer = channel.readOutbound()) != null) {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            buffer.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static EmbeddedChannel remote(Authenticator authenticator, boolean tlsRequired) {
        PgStartup.Policy policy = new PgStartup.Policy(authenticator, true, tlsRequired, new CancelRegistry(),
                Duration.ofSeconds(30));
        return new RemoteChannel(new PgMessageDecoder(1 << 20, null, true), new PgStartup(policy, false),
                new PgSession(engine::openSession));
    }

    @Test
    void aRemoteClientIsNeverTrustedEvenWhenLoopbackIs() {
        EmbeddedChannel withUsers = remote(new Authenticator(users, AuthMethod.SCRAM_SHA_256), false);
        withUsers.writeInbound(Unpooled.wrappedBuffer(RawPgClient.startupPacket("rockstream")));
        byte[] answer = drain(withUsers);
        // AuthenticationSASL, not AuthenticationOk
        assertThat(answer[0]).isEqualTo((byte) 'R');
        assertThat(ByteBuffer.wrap(answer).getInt(5)).isEqualTo(10);
        withUsers.finishAndReleaseAll();

        EmbeddedChannel withoutUsers = remote(null, false);
        withoutUsers.writeInbound(Unpooled.wrappedBuffer(RawPgClient.startupPacket("rockstream")));
        String refusal = new String(drain(withoutUsers), StandardCharsets.UTF_8);
        assertThat(refusal).startsWith("E").contains("FATAL").contains("28000").contains("203.0.113.7");
        assertThat(withoutUsers.isActive()).isFalse();

        EmbeddedChannel plainButTlsRequired = remote(new Authenticator(users, AuthMethod.SCRAM_SHA_256), true);
        plainButTlsRequired.writeInbound(Unpooled.wrappedBuffer(RawPgClient.startupPacket("alice")));
        assertThat(new String(drain(plainButTlsRequired), StandardCharsets.UTF_8)).contains("28000")
                .contains("must use TLS");
        assertThat(plainButTlsRequired.isActive()).isFalse();
    }
}
