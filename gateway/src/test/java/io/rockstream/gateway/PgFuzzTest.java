package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.UserStore;
import io.rockstream.jobmanager.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated frontend byte streams over many connections against a
 * running gateway (one trusting loopback, one asking for SCRAM). Mutations start from
 * recorded valid conversations: startup, simple queries, Parse/Bind/Describe/Execute/Sync,
 * SSLRequest, CancelRequest, a SCRAM first message; they flip bits, cut, splice, repeat,
 * insert random bytes and write bogus or huge lengths. Afterwards the server must be up
 * and serve pgjdbc, no connection or session thread may be left, no response may carry an
 * internal error (XX000), and the heap after GC must not have grown by more than 64 MB.
 *
 * <p>The seed is printed; replay with {@code -Dfuzz.seed=N}. {@code -Dfuzz.cases=N} and
 * {@code -Dfuzz.seconds=N} size the run (defaults 10,000 cases, at most 40 s).
 */
class PgFuzzTest {
    private static final byte[] INTERNAL_ERROR = "CXX000\0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void randomAndMutatedMessagesLeaveTheServerHealthy() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        int cases = Integer.getInteger("fuzz.cases", 10_000);
        long seconds = Long.getLong("fuzz.seconds", 40);
        System.out.println("PgFuzzTest seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Engine engine = Engine.startInMemory();
                PgGateway trust = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                        .withMaxMessageBytes(1 << 20).withAuthTimeout(Duration.ofSeconds(2)).withMaxConnections(64));
                PgGateway scram = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                        .withAuthTimeout(Duration.ofSeconds(2)).withLoopbackTrust(false)
                        .withUsers(UserStore.of(Map.of("alice", "wonderland")), AuthMethod.SCRAM_SHA_256))) {
            try (Connection connection = connect(trust.port()); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE fz (a INT, b TEXT)");
                statement.execute("INSERT INTO fz VALUES (1, 'one'), (2, 'two')");
                // the fuzzed statements write to fz; no mutation of them names this table
                statement.execute("CREATE TABLE kept (a INT, b TEXT)");
                statement.execute("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
            }
            long heapBefore = usedHeapAfterGc(memory);
            List<byte[]> corpus = corpus();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger internalErrors = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int workers = 12;
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Random random = new Random(seed + w);
                running.add(pool.submit(() -> {
                    while (done.get() < cases && System.nanoTime() < deadline) {
                        byte[] input = mutate(random, corpus);
                        int port = random.nextInt(4) == 0 ? scram.port() : trust.port();
                        if (contains(play(random, port, input), INTERNAL_ERROR)) {
                            internalErrors.incrementAndGet();
                            System.out.println("internal error for input (seed " + seed + "): "
                                    + java.util.HexFormat.of().formatHex(input));
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get(seconds + 60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            System.out.println("PgFuzzTest ran " + done.get() + " cases");
            assertThat(done.get()).isGreaterThanOrEqualTo(Math.min(cases, 500));
            assertThat(internalErrors.get()).as("responses with XX000").isZero();

            for (PgGateway gateway : List.of(trust, scram)) {
                awaitZero(gateway::openConnections, "open connections");
                awaitZero(gateway::busySessionThreads, "busy session threads");
                awaitZero(gateway::cancellableConnections, "registered cancel keys");
            }
            try (Connection connection = connect(trust.port()); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT a, b FROM kept WHERE a = 2")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(2)).isEqualTo("two");
            }
            Properties alice = new Properties();
            alice.setProperty("user", "alice");
            alice.setProperty("password", "wonderland");
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + scram.port() + "/rockstream", alice).close();
            long heapAfter = usedHeapAfterGc(memory);
            System.out.println("PgFuzzTest heap after GC: " + heapBefore / 1024 / 1024 + " MB before, "
                    + heapAfter / 1024 / 1024 + " MB after");
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
        }
    }

    private static Connection connect(int port) throws java.sql.SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/rockstream", properties);
    }

    private static void awaitZero(java.util.function.IntSupplier value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (value.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsInt()).as(what).isZero();
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    // ---- the corpus: valid conversations as a client sends them ----

    private static List<byte[]> corpus() {
        byte[] startup = RawPgClient.startupPacket("rockstream");
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(concat(startup, query("SELECT 1"), terminate()));
        corpus.add(concat(startup, query("SELECT a, b FROM fz ORDER BY a; SELECT count(*) FROM fz"), terminate()));
        corpus.add(concat(startup, query("BEGIN"), query("INSERT INTO fz VALUES (3, 'three')"), query("ROLLBACK")));
        corpus.add(concat(startup, query("SELECT * FROM missing"), query("SELEC 1"), query("")));
        corpus.add(concat(startup, parse("s1", "SELECT a, b FROM fz WHERE a = $1", 23), bind("", "s1", "2"),
                describe('P', ""), execute("", 0), sync(), terminate()));
        corpus.add(concat(startup, parse("", "SELECT $1::text", 0), describe('S', ""), bind("p", "", "x"),
                execute("p", 1), execute("p", 1), close('P', "p"), sync()));
        corpus.add(concat(startup, parse("", "INSERT INTO fz VALUES ($1, $2)", 23, 25), bind("", "", "9", "nine"),
                execute("", 0), sync(), query("DELETE FROM fz WHERE a = 9")));
        corpus.add(concat(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array(), startup, query("SELECT 2")));
        corpus.add(concat(ByteBuffer.allocate(8).putInt(8).putInt(80877104).array(), startup, query("SHOW ALL")));
        corpus.add(ByteBuffer.allocate(16).putInt(16).putInt(80877102).putInt(12345).putInt(678).array());
        corpus.add(concat(startup, message('H', new byte[0]), message('S', new byte[0]), terminate()));
        byte[] scramFirst = "n,,n=,r=fuzzfuzzfuzzfuzz".getBytes(StandardCharsets.US_ASCII);
        corpus.add(concat(RawPgClient.startupPacket("alice"), message('p', ByteBuffer.allocate(18 + scramFirst.length)
                .put(RawPgClient.cstring("SCRAM-SHA-256")).putInt(scramFirst.length).put(scramFirst).array()),
                message('p', "c=biws,r=fuzzfuzzfuzzfuzz,p=AAAA".getBytes(StandardCharsets.US_ASCII))));
        corpus.add(concat(startup, message('d', "1\tx\n".getBytes(StandardCharsets.US_ASCII)), message('c', new byte[0]),
                message('f', RawPgClient.cstring("stop"))));
        return corpus;
    }

    private static byte[] message(char type, byte[] body) {
        return RawPgClient.message(type, body);
    }

    private static byte[] query(String sql) {
        return message('Q', RawPgClient.cstring(sql));
    }

    private static byte[] terminate() {
        return message('X', new byte[0]);
    }

    private static byte[] sync() {
        return message('S', new byte[0]);
    }

    private static byte[] parse(String name, String sql, int... types) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RawPgClient.cstring(name));
        body.writeBytes(RawPgClient.cstring(sql));
        body.writeBytes(ByteBuffer.allocate(2).putShort((short) types.length).array());
        for (int type : types) {
            body.writeBytes(ByteBuffer.allocate(4).putInt(type).array());
        }
        return message('P', body.toByteArray());
    }

    private static byte[] bind(String portal, String statement, String... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RawPgClient.cstring(portal));
        body.writeBytes(RawPgClient.cstring(statement));
        body.writeBytes(new byte[] {0, 0});
        body.writeBytes(ByteBuffer.allocate(2).putShort((short) values.length).array());
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            body.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            body.writeBytes(bytes);
        }
        body.writeBytes(new byte[] {0, 0});
        return message('B', body.toByteArray());
    }

    private static byte[] describe(char kind, String name) {
        return message('D', concat(new byte[] {(byte) kind}, RawPgClient.cstring(name)));
    }

    private static byte[] close(char kind, String name) {
        return message('C', concat(new byte[] {(byte) kind}, RawPgClient.cstring(name)));
    }

    private static byte[] execute(String portal, int rows) {
        return message('E', concat(RawPgClient.cstring(portal), ByteBuffer.allocate(4).putInt(rows).array()));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- mutations ----

    static byte[] mutate(Random random, List<byte[]> corpus) {
        byte[] input = corpus.get(random.nextInt(corpus.size())).clone();
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            input = mutateOnce(random, input, corpus);
        }
        return input;
    }

    private static byte[] mutateOnce(Random random, byte[] input, List<byte[]> corpus) {
        switch (random.nextInt(9)) {
            case 0: {
                byte[] flipped = input.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 1:
                return java.util.Arrays.copyOf(input, input.length == 0 ? 0 : random.nextInt(input.length));
            case 2: {
                // a bogus length: tiny, negative, huge or random, at a random offset
                byte[] bogus = input.clone();
                if (bogus.length >= 4) {
                    int[] lengths = {0, 1, 3, 4, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, 1 << 24,
                        65_537, random.nextInt()};
                    ByteBuffer.wrap(bogus).putInt(random.nextInt(bogus.length - 3), lengths[random.nextInt(lengths.length)]);
                }
                return bogus;
            }
            case 3: {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                int at = random.nextInt(input.length + 1);
                return concat(java.util.Arrays.copyOf(input, at), noise,
                        java.util.Arrays.copyOfRange(input, at, input.length));
            }
            case 4: {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                return concat(java.util.Arrays.copyOf(input, random.nextInt(input.length + 1)),
                        java.util.Arrays.copyOfRange(other, random.nextInt(other.length + 1), other.length));
            }
            case 5: {
                // repeat a slice (messages sent twice, or a half message twice)
                if (input.length == 0) {
                    return input;
                }
                int from = random.nextInt(input.length);
                int to = from + random.nextInt(input.length - from + 1);
                byte[] slice = java.util.Arrays.copyOfRange(input, from, to);
                return concat(java.util.Arrays.copyOf(input, to), slice, slice,
                        java.util.Arrays.copyOfRange(input, to, input.length));
            }
            case 6: {
                byte[] noise = new byte[random.nextInt(512)];
                random.nextBytes(noise);
                return noise;
            }
            case 7: {
                // a message type byte replaced by any other byte
                byte[] retyped = input.clone();
                if (retyped.length > 0) {
                    retyped[random.nextInt(retyped.length)] = (byte) random.nextInt(256);
                }
                return retyped;
            }
            default:
                return concat(input, corpus.get(random.nextInt(corpus.size())));
        }
    }

    // ---- playing one input ----

    /**
     * Sends {@code input} in random fragments, then either half-closes and reads to the end,
     * or reads briefly and resets the connection; returns what the server sent.
     */
    private static byte[] play(Random random, int port, byte[] input) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean abrupt = random.nextInt(8) == 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(abrupt ? 100 : 10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int at = 0;
            while (at < input.length) {
                int chunk = random.nextInt(4) == 0 ? 1 + random.nextInt(8) : input.length - at;
                chunk = Math.min(chunk, input.length - at);
                out.write(input, at, chunk);
                out.flush();
                at += chunk;
            }
            if (abrupt) {
                drain(in, received);
                socket.setSoLinger(true, 0);
                return received.toByteArray();
            }
            socket.shutdownOutput();
            drain(in, received);
        } catch (IOException closedOrReset) {
            // the server may close mid-write: that is an answer too
        }
        return received.toByteArray();
    }

    private static void drain(InputStream in, ByteArrayOutputStream received) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException quiet) {
            // the abrupt client stops listening here
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
