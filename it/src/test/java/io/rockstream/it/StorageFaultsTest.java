package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.objectstore.ObjectStores;
import io.rockstream.statebackend.objectstore.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that fails under a running engine: a full disk (a real 4 MB tmpfs) and an S3
 * server stopped mid-run. Each write that cannot be made durable fails with a named
 * SQLSTATE, writes stop until a restart, reads go on, and the restarted engine has every
 * acknowledged write and nothing else.
 */
class StorageFaultsTest {
    @TempDir
    Path work;

    private static List<String> rows(SqlSession session, String sql) {
        List<StatementResult> results = session.execute(sql);
        return ((StatementResult.Rows) results.get(results.size() - 1)).rows().stream().map(Row::toString).toList();
    }

    private static EngineConfig config(ObjectStore store) {
        return EngineConfig.defaults().withStorage(store).withCheckpoints(5, 0, 2);
    }

    @Test
    void aFullDiskStopsWritesWithSqlState53100AndLosesNothing() throws Exception {
        Path disk = Files.createDirectories(work.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root (CI runs as root)");
        try {
            List<Integer> acknowledged = new ArrayList<>();
            String filler = "x".repeat(20_000);
            try (Engine engine = Engine.start(config(new LocalObjectStore(disk)));
                    SqlSession session = engine.openSession()) {
                session.execute("CREATE TABLE t (k int PRIMARY KEY, payload text)");
                session.execute("CREATE MATERIALIZED VIEW c AS SELECT count(*) AS n FROM t");
                RockStreamException full = null;
                for (int k = 0; k < 10_000 && full == null; k++) {
                    try {
                        session.execute("INSERT INTO t VALUES (" + k + ", '" + filler + k + "')");
                        acknowledged.add(k);
                    } catch (RockStreamException error) {
                        full = error;
                    }
                }
                assertThat(full).as("the disk filled up").isNotNull();
                assertThat(full.sqlState()).isEqualTo("53100");
                assertThat(full.getMessage()).contains("no space left on device");
                assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (-1, 'late')"))
                        .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("53100"))
                        .hasMessageContaining("writes are stopped");
                // reads still answer from the last complete epoch
                assertThat(rows(session, "SELECT n FROM c")).containsExactly("[" + acknowledged.size() + "]");
            }
            assertThat(run("mount", "-o", "remount,size=64m", disk.toString())).isZero();
            try (Engine engine = Engine.start(config(new LocalObjectStore(disk)));
                    SqlSession session = engine.openSession()) {
                assertThat(rows(session, "SELECT k FROM t ORDER BY k"))
                        .containsExactlyElementsOf(acknowledged.stream().map(k -> "[" + k + "]").toList());
                assertThat(rows(session, "SELECT n FROM c")).containsExactly("[" + acknowledged.size() + "]");
                session.execute("INSERT INTO t VALUES (-1, 'after')");
                assertThat(rows(session, "SELECT n FROM c")).containsExactly("[" + (acknowledged.size() + 1) + "]");
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void anS3ServerStoppedMidRunFailsWritesWith58030AndLosesNothing() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(work.resolve("s3"))) {
            String storage = "s3://" + S3TestServer.BUCKET + "/faults";
            List<Integer> acknowledged = new ArrayList<>();
            Engine engine = Engine.start(config(ObjectStores.open(storage, s3.options())));
            try (SqlSession session = engine.openSession()) {
                session.execute("CREATE TABLE t (k int PRIMARY KEY)");
                session.execute("CREATE MATERIALIZED VIEW c AS SELECT count(*) AS n, sum(k) AS total FROM t");
                for (int k = 0; k < 40; k++) {
                    session.execute("INSERT INTO t VALUES (" + k + ")");
                    acknowledged.add(k);
                }
                s3.stop();
                long started = System.nanoTime();
                assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (1000)"))
                        .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58030"));
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
                s3.restart();
                assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (1001)"))
                        .hasMessageContaining("writes are stopped");
            } finally {
                engine.close();
            }
            try (Engine restarted = Engine.start(config(ObjectStores.open(storage, s3.options())));
                    SqlSession session = restarted.openSession()) {
                assertThat(rows(session, "SELECT count(*), sum(k) FROM t")).containsExactly("[40, 780]");
                assertThat(rows(session, "SELECT n, total FROM c")).containsExactly("[40, 780]");
            }
        }
    }

    @Test
    void aTruncatedStateFileFallsBackToTheCheckpointBeforeIt() throws Exception {
        Path storage = work.resolve("data");
        List<String> expected;
        try (Engine engine = Engine.start(config(new LocalObjectStore(storage)));
                SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE t (k int PRIMARY KEY, g int)");
            session.execute("CREATE MATERIALIZED VIEW c AS SELECT g, count(*) AS n FROM t GROUP BY g");
            for (int k = 0; k < 30; k++) {
                session.execute("INSERT INTO t VALUES (" + k + ", " + (k % 4) + ")");
            }
            engine.checkpoint();
            session.execute("UPDATE t SET g = 9 WHERE k < 10");
            engine.checkpoint();
            expected = rows(session, "SELECT g, n FROM c ORDER BY g");
        }
        ObjectStore store = new LocalObjectStore(storage);
        List<String> states = store.list("checkpoints/").stream().map(ObjectStore.ObjectInfo::key)
                .filter(key -> key.endsWith("/state.json")).toList();
        String newest = new String(store.get(states.get(states.size() - 1)), java.nio.charset.StandardCharsets.UTF_8);
        String previous = new String(store.get(states.get(states.size() - 2)), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher sst = java.util.regex.Pattern.compile("\"(state/[^\"]+\\.sst)\"").matcher(newest);
        String victim = null;
        while (sst.find() && victim == null) {
            if (!previous.contains(sst.group(1))) {
                victim = sst.group(1);
            }
        }
        assertThat(victim).as("an SST file only the newest checkpoint has").isNotNull();
        Path file = storage.resolve(victim);
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length / 2));
        try (Engine engine = Engine.start(config(new LocalObjectStore(storage)));
                SqlSession session = engine.openSession()) {
            assertThat(engine.recovered().fallback()).contains("XX001").contains(victim);
            assertThat(rows(session, "SELECT g, n FROM c ORDER BY g")).isEqualTo(expected);
            assertThat(rows(session, "SELECT count(*) FROM t WHERE g = 9")).containsExactly("[10]");
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
