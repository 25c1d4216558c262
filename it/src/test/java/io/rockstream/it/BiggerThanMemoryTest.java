package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "bigger than memory" proof of issue 3: {@code rockstream start --storage} runs as its
 * own JVM with a small heap and a small RocksDB budget, and a client loads a table and
 * views whose state (table contents, view contents, join and aggregate operator state)
 * is several times the heap. Reads work without copying a relation to the heap: a point
 * query by primary key, count(*) over the table and over a view. Then the process is
 * killed, restarted, and the counts are checked again. The test prints the heap, the state
 * on disk, the peak RSS (VmHWM) of the server and the time each phase took.
 */
class BiggerThanMemoryTest {
    private static final int GROUPS = 20_000;
    private static final String SCHEMA = """
            CREATE TABLE groups (g integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE docs (id bigint PRIMARY KEY, g integer NOT NULL, body text NOT NULL);
            CREATE MATERIALIZED VIEW enriched AS SELECT d.id, d.body, gr.name FROM docs d JOIN groups gr ON d.g = gr.g;
            CREATE MATERIALIZED VIEW per_group AS SELECT g, count(*) AS n, sum(length(body)) AS characters FROM docs GROUP BY g;
            """;

    @TempDir
    Path work;

    /** State at least 5 times a 160 MB heap, in the default suite. */
    @Test
    void stateSeveralTimesTheHeapSurvivesAKill() throws Exception {
        run(160, 5);
    }

    /** The full-size variant: 5 times a 256 MB heap (about 1.3 GB of state). */
    @Test
    @Tag("soak")
    void stateFiveTimesA256MegabyteHeap() throws Exception {
        run(256, 5);
    }

    private void run(int heapMegabytes, int factor) throws Exception {
        long heapBytes = (long) heapMegabytes << 20;
        long target = heapBytes * factor;
        Path local = work.resolve("local");
        Path storage = work.resolve("data");
        Path log = work.resolve("rockstream.log");
        List<String> jvm = List.of("-Xmx" + heapMegabytes + "m", "-Drockstream.stateMemoryBytes=" + (64 << 20),
                "-Drockstream.localStateDir=" + local, "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + work.resolve("heap.hprof"));
        String[] arguments = {"--storage=" + storage, "--checkpoint-epochs=50", "--checkpoint-interval-ms=0"};
        int width = 1000;
        long started = System.nanoTime();
        long rows;
        long peakBefore;
        long stateBytes;
        try (RockStreamProcess server = RockStreamProcess.start(log, Map.of(), jvm, arguments)) {
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                statement.execute(SCHEMA);
                for (int from = 0; from < GROUPS; from += 5000) {
                    StringBuilder groups = new StringBuilder("INSERT INTO groups VALUES ");
                    for (int g = from; g < from + 5000; g++) {
                        groups.append(g == from ? "" : ", ").append("(").append(g).append(", 'group ").append(g)
                                .append("')");
                    }
                    statement.execute(groups.toString());
                }
            }
            try {
                rows = load(server, local, target, width);
            } catch (Exception failure) {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(server.pid()), "Thread.print").redirectErrorStream(true).start();
                System.out.println(new String(jcmd.getInputStream().readAllBytes()));
                String output = server.output();
                System.out.println(output.substring(Math.max(0, output.length() - 20_000)));
                throw failure;
            }
            stateBytes = stateSize(local);
            long loaded = System.nanoTime();
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT g, length(body) FROM docs WHERE id = 4321"))
                        .isEqualTo((4321 % GROUPS) + "|" + width);
                assertThat(single(statement, "SELECT count(*) FROM docs")).isEqualTo(String.valueOf(rows));
                assertThat(single(statement, "SELECT count(*) FROM enriched")).isEqualTo(String.valueOf(rows));
                assertThat(single(statement, "SELECT sum(n) FROM per_group")).isEqualTo(String.valueOf(rows));
            }
            System.out.printf("reads after the load: %d ms%n", (System.nanoTime() - loaded) / 1_000_000);
            peakBefore = peakRss(server.pid());
            server.kill();
        }
        long restarted = System.nanoTime();
        long peakAfter;
        try (RockStreamProcess server = RockStreamProcess.start(log, Map.of(), jvm, arguments)) {
            long up = System.nanoTime();
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT g, length(body) FROM docs WHERE id = 4321"))
                        .isEqualTo((4321 % GROUPS) + "|" + width);
                assertThat(single(statement, "SELECT count(*) FROM docs")).isEqualTo(String.valueOf(rows));
                assertThat(single(statement, "SELECT count(*) FROM enriched")).isEqualTo(String.valueOf(rows));
                assertThat(single(statement, "SELECT sum(n) FROM per_group")).isEqualTo(String.valueOf(rows));
                statement.execute("INSERT INTO docs VALUES (" + rows + ", 1, 'one more')");
                assertThat(single(statement, "SELECT n FROM per_group WHERE g = 1"))
                        .isEqualTo(String.valueOf(rows / GROUPS + (rows % GROUPS > 1 ? 1 : 0) + 1));
                assertThat(single(statement, "SELECT count(*) FROM enriched")).isEqualTo(String.valueOf(rows + 1));
            }
            System.out.printf("restart: up in %d ms, reads %d ms%n", (up - restarted) / 1_000_000,
                    (System.nanoTime() - up) / 1_000_000);
            peakAfter = peakRss(server.pid());
            server.terminate();
        }
        String output = Files.readString(log);
        assertThat(output).doesNotContain("OutOfMemoryError");
        System.out.printf("heap %d MB (-Xmx), RocksDB budget 64 MB; %d rows of %d characters; state on local disk %d MB"
                + " (%.1f x the heap), storage %d MB; peak RSS %d MB before the kill, %d MB after the restart;"
                + " %d s in all%n", heapMegabytes, rows, width, stateBytes >> 20, (double) stateBytes / heapBytes,
                size(storage) >> 20, peakBefore >> 20, peakAfter >> 20, (System.nanoTime() - started) / 1_000_000_000);
        assertThat(stateBytes).isGreaterThanOrEqualTo(target);
        // the configured budget: the heap, RocksDB's 64 MB, and a generous 320 MB for the JVM itself (code, metaspace,
        // threads, direct buffers, RocksDB's index and filter blocks); either way far below the state it holds
        long budget = heapBytes + (64L << 20) + (320L << 20);
        assertThat(Math.max(peakBefore, peakAfter)).as("peak RSS within heap + state budget + JVM overhead")
                .isLessThan(budget).isLessThan(stateBytes);
    }

    /** Inserts documents from two connections until the local state reaches {@code target} bytes; returns the count. */
    private static long load(RockStreamProcess server, Path local, long target, int width) throws Exception {
        int batch = 500;
        long[] next = {0};
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            while (true) {
                List<Future<?>> round = new ArrayList<>();
                for (int client = 0; client < 2; client++) {
                    long first = next[0];
                    next[0] += (long) batch * 20;
                    round.add(clients.submit(() -> {
                        Random random = new Random(first);
                        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                            for (long from = first; from < first + (long) batch * 20; from += batch) {
                                statement.execute(insert(from, batch, width, random));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : round) {
                    future.get();
                }
                long state = stateSize(local);
                System.out.printf("%d rows, %d ms, state %d MB%n", next[0], (System.nanoTime() - started) / 1_000_000,
                        state >> 20);
                if (state >= target) {
                    System.out.printf("loaded %d rows in %d ms; state on local disk %d MB%n", next[0],
                            (System.nanoTime() - started) / 1_000_000, state >> 20);
                    return next[0];
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static String insert(long from, int count, int width, Random random) {
        StringBuilder sql = new StringBuilder(count * (width + 32)).append("INSERT INTO docs VALUES ");
        for (long id = from; id < from + count; id++) {
            sql.append(id == from ? "" : ", ").append('(').append(id).append(", ").append(id % GROUPS).append(", '");
            for (int i = 0; i < width; i++) {
                sql.append((char) ('a' + random.nextInt(26)));
            }
            sql.append("')");
        }
        return sql.toString();
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                row.append(i == 1 ? "" : "|").append(result.getString(i));
            }
            assertThat(result.next()).as(sql).isFalse();
            return row.toString();
        }
    }

    /** The size of the server's RocksDB directory (not the hard-linked checkpoint copies beside it). */
    private static long stateSize(Path local) throws IOException {
        if (!Files.isDirectory(local)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> entries = Files.list(local)) {
            for (Path directory : entries.toList()) {
                if (!directory.getFileName().toString().contains(".checkpoint")) {
                    total += size(directory);
                }
            }
        }
        return total;
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (java.io.UncheckedIOException gone) {
            return 0;
        }
    }

    /** VmHWM of a process: its peak resident set, in bytes. */
    private static long peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
