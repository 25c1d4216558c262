package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.UserStore;
import io.rockstream.jobmanager.Engine;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients that are slow, greedy, too many or gone: each is dealt with and the server serves the next one. */
class PgRobustnessTest {
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = Engine.startInMemory();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Connection connect(PgGateway gateway) throws SQLException {
        return connect(gateway, new Properties());
    }

    private static Connection connect(PgGateway gateway, Properties properties) throws SQLException {
        properties.putIfAbsent("user", properties.containsKey("password") ? "alice" : "rockstream");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port() + "/rockstream", properties);
    }

    private static void assertServes(PgGateway gateway) throws SQLException {
        try (Connection connection = connect(gateway); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 2 * 21")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    private static void awaitValue(IntSupplier value, int expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsInt()).as(what).isEqualTo(expected);
    }

    @Test
    void slowlorisClientsAreDroppedAfterTheStartupTimeoutWhileANormalClientConnects() throws Exception {
        GatewayConfig config = GatewayConfig.of("127.0.0.1", 0).withAuthTimeout(Duration.ofMillis(1500))
                .withUsers(UserStore.of(Map.of("alice", "wonderland")), AuthMethod.SCRAM_SHA_256)
                .withLoopbackTrust(false);
        Properties alice = new Properties();
        alice.setProperty("password", "wonderland");
        try (PgGateway gateway = PgGateway.start(engine, config)) {
            List<RawPgClient> slow = new ArrayList<>();
            byte[] startup = RawPgClient.startupPacket("rockstream");
            try {
                for (int i = 0; i < 60; i++) {
                    slow.add(new RawPgClient(gateway.port(), 10_000));
                }
                // a complete startup that never answers the password request is just as slow
                RawPgClient silent = new RawPgClient(gateway.port(), 10_000);
                slow.add(silent);
                silent.send(RawPgClient.startupPacket("alice"));
                long started = System.nanoTime();
                // trickle the startup packets a byte at a time; a normal client connects meanwhile
                for (int b = 0; b < 5; b++) {
                    for (RawPgClient client : slow.subList(0, 60)) {
                        client.send(new byte[] {startup[b]});
                    }
                    Thread.sleep(100);
                }
                connect(gateway, alice).close();
                assertThat(gateway.openConnections()).isGreaterThanOrEqualTo(61);
                for (RawPgClient client : slow) {
                    assertThat(client.closedByServer()).isTrue();
                }
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(tookMillis).as("dropped after the 1.5 s timeout, not before, not much later")
                        .isBetween(1_300L, 6_000L);
            } finally {
                for (RawPgClient client : slow) {
                    client.close();
                }
            }
            awaitValue(gateway::openConnections, 0, "open connections");
            awaitValue(gateway::busySessionThreads, 0, "busy session threads");
            connect(gateway, alice).close();
        }
    }

    @Test
    void aMessageOverTheLimitIsFatal08P01AndCloses() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withMaxMessageBytes(4096))) {
            try (RawPgClient client = new RawPgClient(gateway.port(), 10_000)) {
                client.send(RawPgClient.startupPacket("rockstream"));
                client.readUntil('Z');
                // only the header: the gateway refuses before buffering the body
                client.send(ByteBuffer.allocate(5).put((byte) 'Q').putInt(100_000).array());
                RawPgClient.Message error = client.read();
                assertThat(error.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01");
                assertThat(error.fields().get('M')).contains("limit 4096 bytes");
                assertThat(client.closedByServer()).isTrue();
            }
            try (Connection connection = connect(gateway); Statement statement = connection.createStatement()) {
                String big = "SELECT '" + "x".repeat(5000) + "'";
                assertThatThrownBy(() -> statement.executeQuery(big).close()).isInstanceOf(SQLException.class);
                assertThat(connection.isValid(2)).isFalse();
            }
            // before authentication the limit is 64 KiB whatever the configured one
            try (RawPgClient client = new RawPgClient(gateway.port(), 10_000)) {
                client.send(ByteBuffer.allocate(8).putInt(20_000).putInt(196608).array());
                RawPgClient.Message error = client.read();
                assertThat(error.fields()).containsEntry('C', "08P01");
                assertThat(client.closedByServer()).isTrue();
            }
            assertServes(gateway);
            awaitValue(gateway::openConnections, 0, "open connections");
        }
    }

    @Test
    void overTheConnectionLimitClientsGet53300UntilASlotFrees() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withMaxConnections(5))) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    connections.add(connect(gateway));
                }
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> connect(gateway).close()).isInstanceOfSatisfying(SQLException.class,
                            failure -> {
                                assertThat(failure.getSQLState()).isEqualTo("53300");
                                assertThat(failure.getMessage()).contains("sorry, too many clients already");
                            });
                }
                connections.remove(0).close();
                awaitValue(gateway::openConnections, 4, "open connections after one closed");
                assertServes(gateway);
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
            awaitValue(gateway::openConnections, 0, "open connections");
        }
    }

    @Test
    void clientsKilledMidResultOrMidQueryLeaveNothingBehind() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0))) {
            for (int round = 0; round < 5; round++) {
                RawPgClient client = new RawPgClient(gateway.port(), 10_000);
                client.send(RawPgClient.startupPacket("rockstream"));
                client.readUntil('Z');
                client.send(RawPgClient.message('Q', RawPgClient.cstring(
                        "SELECT a, repeat('x', 100) FROM generate_series(1, 300000) a")));
                assertThat(client.read().type()).isEqualTo('T');
                assertThat(client.read().type()).as("the first row").isEqualTo('D');
                kill(client.socket());
            }
            for (int round = 0; round < 3; round++) {
                RawPgClient client = new RawPgClient(gateway.port(), 10_000);
                client.send(RawPgClient.startupPacket("rockstream"));
                client.readUntil('Z');
                client.send(RawPgClient.message('Q', RawPgClient.cstring("SELECT count(*) FROM generate_series(1, 9000)"
                        + " a, generate_series(1, 9000) b WHERE a.a + b.b < 0")));
                Thread.sleep(300);
                kill(client.socket());
            }
            // the statements are cancelled and the threads given back: no need to wait for the joins to end
            awaitValue(gateway::openConnections, 0, "open connections");
            awaitValue(gateway::busySessionThreads, 0, "busy session threads");
            awaitValue(gateway::cancellableConnections, 0, "registered cancel keys");
            assertServes(gateway);
        }
    }

    /** Closes with a reset (SO_LINGER 0), as a killed process's socket does when data is unread. */
    private static void kill(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Test
    void hundredsOfConnectionsAtOnceEachOnItsOwnThread() throws Exception {
        int clients = 300;
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0).withMaxConnections(400))) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Connection> connections = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    int value = i;
                    answers.add(pool.submit(() -> {
                        Connection connection = connect(gateway);
                        connections.add(connection);
                        try (Statement statement = connection.createStatement();
                                ResultSet result = statement.executeQuery("SELECT " + value)) {
                            result.next();
                            return result.getInt(1);
                        }
                    }));
                }
                for (int i = 0; i < clients; i++) {
                    assertThat(answers.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(i);
                }
                assertThat(gateway.openConnections()).isEqualTo(clients);
                assertThat(gateway.busySessionThreads()).as("one thread per open connection").isEqualTo(clients);
            } finally {
                pool.shutdownNow();
                for (Connection connection : connections) {
                    connection.close();
                }
            }
            awaitValue(gateway::openConnections, 0, "open connections");
            awaitValue(gateway::busySessionThreads, 0, "busy session threads");
        }
    }
}
