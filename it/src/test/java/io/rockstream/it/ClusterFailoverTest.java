package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's failover proof with real processes on loopback: one JobManager (durable storage)
 * and three TaskManager processes; views with joins and aggregates at parallelism 6 run on
 * the TaskManagers while a client writes without pause. TaskManagers are killed with SIGKILL
 * at random moments and replaced, one is paused with SIGSTOP past the heartbeat timeout and
 * resumed, then the JobManager itself is killed and restarted on the same storage while the
 * TaskManagers reconnect. After each step every acknowledged write is present exactly once,
 * and every view equals its query run by PostgreSQL over the same tables.
 */
class ClusterFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance bigint);"
            + "CREATE TABLE transfers (id bigint PRIMARY KEY, src int, dst int, amount bigint);";
    private static final Map<String, String> VIEWS = Map.of(
            "owner_flow", "SELECT a.owner, count(*) AS transfers, sum(t.amount) AS amount FROM transfers t"
                    + " JOIN accounts a ON t.src = a.id GROUP BY a.owner",
            "owner_balance", "SELECT owner, count(*) AS accounts, sum(balance) AS total, max(balance) AS top"
                    + " FROM accounts GROUP BY owner",
            "unmatched", "SELECT t.dst, count(*) AS n, sum(t.amount) AS amount FROM transfers t LEFT JOIN accounts a"
                    + " ON t.dst = a.id WHERE a.id IS NULL GROUP BY t.dst");

    @TempDir
    Path work;

    private final List<Process> taskManagers = new ArrayList<>();
    private final List<RockStreamProcess> jobManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int controlPort;
    private int taskManagersStarted;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : taskManagers) {
            signal("CONT", process.pid());
            process.destroyForcibly();
        }
        for (RockStreamProcess jobManager : jobManagers) {
            jobManager.close();
        }
    }

    private RockStreamProcess jobManager() throws Exception {
        RockStreamProcess process = RockStreamProcess.start(work.resolve("jobmanager.log"), Map.of(),
                "--storage=" + work.resolve("data"), "--control-port=" + controlPort, "--heartbeat-timeout-ms=3000",
                "--checkpoint-epochs=10", "--checkpoint-interval-ms=300");
        jobManagers.add(process);
        return process;
    }

    private Process startTaskManager() throws Exception {
        String id = "tm-" + taskManagersStarted++;
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.rockstream.cli.Main",
                "taskmanager", "--jobmanager=127.0.0.1:" + controlPort, "--slots=2", "--id=" + id,
                "--storage=" + work.resolve("data"))
                .redirectErrorStream(true).redirectOutput(work.resolve(id + ".log").toFile()).start();
        taskManagers.add(process);
        return process;
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed", e);
        }
    }

    /** Where each view's job runs (REST): view → TaskManager id. */
    private Map<String, String> placement(RockStreamProcess jobManager) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + jobManager.httpPort() + "/api/v1/jobs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> placement = new TreeMap<>();
        for (JsonNode job : JSON.readTree(response.body()).get("jobs")) {
            if (VIEWS.containsKey(job.get("name").asText())) {
                placement.put(job.get("name").asText(), job.get("taskmanager").asText());
            }
        }
        return placement;
    }

    private boolean onTaskManagerProcesses(RockStreamProcess jobManager) throws Exception {
        Map<String, String> placement = placement(jobManager);
        return placement.size() == VIEWS.size() && placement.values().stream().allMatch(tm -> tm.startsWith("tm-"));
    }

    /** The TaskManager processes running some subtask of a view. */
    private java.util.Set<String> taskManagersInUse(RockStreamProcess jobManager) throws Exception {
        java.util.Set<String> used = new java.util.TreeSet<>();
        placement(jobManager).values().forEach(tms -> used.addAll(List.of(tms.split(","))));
        return used;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void killedAndPausedTaskManagersAndAKilledJobManagerLoseNothing() throws Exception {
        long seed = Long.getLong("cluster.seed", System.nanoTime());
        System.out.println("ClusterFailoverTest seed " + seed + " (replay with -Dcluster.seed=" + seed + ")");
        Random random = new Random(seed);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            controlPort = socket.getLocalPort();
        }
        RockStreamProcess jobManager = jobManager();
        for (int i = 0; i < 3; i++) {
            startTaskManager();
        }
        Model model = new Model();
        List<Long> recoveries = new ArrayList<>();
        try (Connection oracle = PostgresOracle.newDatabase("cluster")) {
            PostgresOracle.execute(oracle, SCHEMA);
            try {
                RockStreamProcess first = jobManager;
                await(() -> first.output().split("connected its job plane", -1).length - 1 >= 3,
                        "three TaskManagers connected their job planes");
                try (Connection connection = jobManager.connect(); Statement statement = connection.createStatement()) {
                    statement.execute(SCHEMA);
                    statement.execute("INSERT INTO accounts SELECT g, 'o' || (g % 5), g * 10 FROM generate_series(1, 50) g");
                    model.nextAccount = 51;
                    for (int g = 1; g <= 50; g++) {
                        model.accounts.add(g);
                    }
                    for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                        statement.execute("CREATE MATERIALIZED VIEW " + view.getKey() + " WITH (parallelism = 6) AS "
                                + view.getValue());
                    }
                }
                assertThat(onTaskManagerProcesses(jobManager)).as("views on TaskManager processes: %s",
                        placement(jobManager)).isTrue();
                assertThat(taskManagersInUse(jobManager)).as("parallelism 6 spread over the three TaskManagers")
                        .containsExactly("tm-0", "tm-1", "tm-2");
                JsonNode listed = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + jobManager.httpPort() + "/api/v1/taskmanagers")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("taskmanagers");
                for (JsonNode taskManager : listed) {
                    if (taskManager.get("id").asText().startsWith("tm-")) {
                        assertThat(taskManager.get("subtasks").asInt()).as("subtasks on %s", taskManager).isPositive();
                        assertThat(taskManager.get("jobs").toString()).contains("owner_flow", "owner_balance",
                                "unmatched");
                    }
                }
                check(jobManager, model, oracle, "before any fault");

                // SIGKILL the TaskManager of a random view at random moments, under writes; replace it
                for (int round = 0; round < 3; round++) {
                    Writer writer = Writer.start(jobManager, model, random.nextLong());
                    Thread.sleep(300 + random.nextInt(900));
                    List<String> inUse = new ArrayList<>(taskManagersInUse(jobManager));
                    String victim = inUse.get(random.nextInt(inUse.size()));
                    Process process = taskManagers.get(Integer.parseInt(victim.substring(3)));
                    long killed = System.nanoTime();
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    recoveries.add(writer.firstAcknowledgedSentAfter(killed) - killed);
                    startTaskManager();
                    Thread.sleep(300 + random.nextInt(900));
                    writer.stop();
                    await(() -> onTaskManagerProcesses(jobManager), "views back on live TaskManagers");
                    assertThat(taskManagersInUse(jobManager)).as("nothing left on the killed " + victim)
                            .doesNotContain(victim);
                    check(jobManager, model, oracle, "after killing " + victim + " (seed " + seed + ")");
                }

                // the TaskManagers checkpoint their RocksDB state with the JobManager: lost views are restored from it
                assertThat(count(jobManager.output(), "restored from the checkpoint of epoch"))
                        .as("placements restored from a checkpoint, not rebuilt from the inputs").isPositive();
                JsonNode overview = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + jobManager.httpPort() + "/api/v1/overview")).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
                assertThat(overview.get("views_restored").asLong()).as("REST overview: %s", overview).isPositive()
                        .isLessThanOrEqualTo(overview.get("views_placed_again").asLong());

                // SIGSTOP one past the heartbeat timeout: it is lost, its views move; it comes back empty
                Writer writer = Writer.start(jobManager, model, random.nextLong());
                String paused = placement(jobManager).get("owner_flow").split(",")[0];
                long pausedPid = taskManagers.get(Integer.parseInt(paused.substring(3))).pid();
                signal("STOP", pausedPid);
                await(() -> !taskManagersInUse(jobManager).contains(paused), "views moved off the paused " + paused);
                signal("CONT", pausedPid);
                Thread.sleep(500);
                writer.stop();
                check(jobManager, model, oracle, "after pausing " + paused + " (seed " + seed + ")");

                // SIGKILL the JobManager under writes; restart it on the same storage and control port
                writer = Writer.start(jobManager, model, random.nextLong());
                Thread.sleep(300 + random.nextInt(700));
                jobManager.kill();
                writer.stop();
                RockStreamProcess restarted = jobManager();
                await(() -> restarted.output().contains("views restored from the last checkpoint"), "the banner");
                assertThat(restarted.output()).as("views that ran on TaskManagers restored from their checkpoints")
                        .containsPattern("recovered in \\d+ ms \\([1-9]\\d* views restored from the last checkpoint");
                await(() -> onTaskManagerProcesses(restarted), "views on the reconnected TaskManagers");
                check(restarted, model, oracle, "after the JobManager restart (seed " + seed + ")");
                writer = Writer.start(restarted, model, random.nextLong());
                Thread.sleep(800);
                writer.stop();
                check(restarted, model, oracle, "after writes on the restarted JobManager (seed " + seed + ")");

                // SIGTERM: the shutdown checkpoint is taken while the TaskManagers are still connected, so the next
                // start restores every view from it and has nothing to replay
                assertThat(restarted.terminate()).as("exit status after SIGTERM").isIn(0, 143);
                int banners = count(restarted.output(), RECOVERED);
                RockStreamProcess again = jobManager();
                await(() -> count(again.output(), RECOVERED) > banners, "the banner after the clean stop");
                String output = again.output();
                int banner = output.lastIndexOf(RECOVERED);
                assertThat(output.substring(banner, output.indexOf('\n', banner)))
                        .as("views restored from the shutdown checkpoint")
                        .contains("(" + VIEWS.size() + " views restored from the last checkpoint, 0 log records replayed");
                await(() -> onTaskManagerProcesses(again), "views on the TaskManagers after the clean stop");
                check(again, model, oracle, "after a clean stop and start (seed " + seed + ")");
                System.out.println("ClusterFailoverTest: " + model.acknowledged + " acknowledged writes, placement "
                        + placement(again) + "; from a TaskManager's SIGKILL to the first write sent after it"
                        + " and acknowledged (its views restored elsewhere): " + recoveries.stream()
                                .map(nanos -> nanos / 1_000_000 + " ms").toList());
            } catch (AssertionError | RuntimeException failure) {
                System.out.println(jobManagers.get(jobManagers.size() - 1).output());
                // CI shows only the summary's lines: the failure carries the processes' warnings and errors with it
                throw new AssertionError(failure.getMessage() + " (seed " + seed + ")\n" + warnings(), failure);
            }
        }
    }

    /** Each JobManager's banner line about its recovery (they all log to one file). */
    private static final String RECOVERED = ": recovered in ";

    /** The last warnings, errors and placements the processes logged, each line prefixed with its process. */
    private String warnings() {
        List<String> lines = new ArrayList<>();
        // every JobManager logs to the same file
        keepWarnings("jm", List.of(jobManagers.get(jobManagers.size() - 1).output().split("\n")), lines);
        for (int i = 0; i < taskManagersStarted; i++) {
            try {
                keepWarnings("tm-" + i, java.nio.file.Files.readAllLines(work.resolve("tm-" + i + ".log")), lines);
            } catch (java.io.IOException | RuntimeException unreadable) {
                lines.add("tm-" + i + ": log unreadable: " + unreadable);
            }
        }
        return String.join("\n", lines);
    }

    /** Adds the last 25 warnings, errors and placements of one process's log. */
    private static void keepWarnings(String process, List<String> log, List<String> into) {
        List<String> kept = new ArrayList<>();
        for (String line : log) {
            if (line.contains("WARN") || line.contains("ERROR") || line.startsWith("Caused by") || line.contains("placed again")) {
                kept.add(process + ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
            }
        }
        into.addAll(kept.subList(Math.max(0, kept.size() - 25), kept.size()));
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** Compares everything the model knows and every view with PostgreSQL over RockStream's tables. */
    private static void check(RockStreamProcess server, Model model, Connection oracle, String when) throws Exception {
        try (Connection connection = server.connect()) {
            TreeSet<Long> transfers = new TreeSet<>();
            for (List<String> row : rows(connection, "SELECT id FROM transfers")) {
                assertThat(transfers.add(Long.parseLong(row.get(0)))).as("transfer %s once %s", row, when).isTrue();
            }
            model.resolveDoubt(transfers);
            assertThat(transfers).as("acknowledged transfers " + when).isEqualTo(model.transfers);
            List<List<String>> accounts = rows(connection, "SELECT id, owner, balance FROM accounts");
            List<List<String>> transferRows = rows(connection, "SELECT id, src, dst, amount FROM transfers");
            StringBuilder load = new StringBuilder("TRUNCATE accounts, transfers;");
            for (List<String> account : accounts) {
                load.append("INSERT INTO accounts VALUES (").append(account.get(0)).append(", '").append(account.get(1))
                        .append("', ").append(account.get(2)).append(");");
            }
            for (List<String> transfer : transferRows) {
                load.append("INSERT INTO transfers VALUES (").append(String.join(", ", transfer)).append(");");
            }
            PostgresOracle.execute(oracle, load.toString());
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                assertThat(rows(connection, "SELECT * FROM " + view.getKey())).as("view " + view.getKey() + " " + when)
                        .containsExactlyInAnyOrderElementsOf(rows(oracle, view.getValue()));
            }
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        return CrashRecoveryTest.rows(connection, sql);
    }

    /** What the client knows was acknowledged: the transfers present, and the one write in doubt. */
    private static final class Model {
        final TreeSet<Long> transfers = new TreeSet<>();
        final List<Integer> accounts = new ArrayList<>();
        int nextAccount;
        long nextTransfer = 1;
        long acknowledged;
        /** A transfer insert (positive id) or delete (negative id) sent but not acknowledged. */
        volatile long inDoubt;

        void resolveDoubt(TreeSet<Long> present) {
            long doubt = inDoubt;
            if (doubt > 0 && present.contains(doubt)) {
                transfers.add(doubt);
            } else if (doubt < 0 && !present.contains(-doubt)) {
                transfers.remove(-doubt);
            }
            inDoubt = 0;
        }
    }

    /** One client writing without pause from its own thread until stopped (or its server dies). */
    private static final class Writer {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> unexpected = new AtomicReference<>();
        private final Thread thread;
        /** When the last acknowledged write was sent, and when its acknowledgement came (System.nanoTime). */
        private volatile long lastSent;
        private volatile long lastAcknowledged;

        /**
         * Waits for a write sent at or after {@code since} to be acknowledged: when a view's
         * TaskManager was lost at {@code since}, that needs the view rebuilt and its epoch
         * complete. Returns when that acknowledgement came.
         */
        long firstAcknowledgedSentAfter(long since) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastSent < since) {
                if (!thread.isAlive()) {
                    throw new AssertionError("the writer stopped before a write sent after the kill was acknowledged",
                            unexpected.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no write sent after the kill was acknowledged within 60 s");
                }
                Thread.sleep(1);
            }
            return lastAcknowledged;
        }

        private Writer(RockStreamProcess server, Model model, long seed) {
            thread = new Thread(() -> {
                Random random = new Random(seed);
                try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                    while (!stop.get()) {
                        long sent = System.nanoTime();
                        int choice = random.nextInt(10);
                        if (choice < 2) {
                            int id = model.nextAccount++;
                            statement.execute("INSERT INTO accounts VALUES (" + id + ", 'o" + random.nextInt(7) + "', "
                                    + random.nextInt(1000) + ")");
                            model.accounts.add(id);
                        } else if (choice < 4) {
                            int id = model.accounts.get(random.nextInt(model.accounts.size()));
                            statement.execute("UPDATE accounts SET balance = balance + " + (random.nextInt(200) - 100)
                                    + " WHERE id = " + id);
                        } else if (choice < 9 || model.transfers.isEmpty()) {
                            long id = model.nextTransfer++;
                            int src = model.accounts.get(random.nextInt(model.accounts.size()));
                            int dst = random.nextInt(5) == 0 ? model.nextAccount + 100 + random.nextInt(5)
                                    : model.accounts.get(random.nextInt(model.accounts.size()));
                            model.inDoubt = id;
                            statement.execute("INSERT INTO transfers VALUES (" + id + ", " + src + ", " + dst + ", "
                                    + (1 + random.nextInt(500)) + ")");
                            model.transfers.add(id);
                            model.inDoubt = 0;
                        } else {
                            long id = model.transfers.first() + random.nextInt(20);
                            id = model.transfers.ceiling(id) == null ? model.transfers.first() : model.transfers.ceiling(id);
                            model.inDoubt = -id;
                            statement.execute("DELETE FROM transfers WHERE id = " + id);
                            model.transfers.remove(id);
                            model.inDoubt = 0;
                        }
                        model.acknowledged++;
                        lastAcknowledged = System.nanoTime();
                        lastSent = sent;
                    }
                } catch (SQLException failure) {
                    // a killed JobManager cuts the connection (class 08): the write in flight stays in doubt
                    if (failure.getSQLState() == null || !failure.getSQLState().startsWith("08")) {
                        unexpected.set(failure);
                    }
                } catch (Throwable failure) {
                    unexpected.set(failure);
                }
            }, "cluster-writer");
        }

        static Writer start(RockStreamProcess server, Model model, long seed) {
            Writer writer = new Writer(server, model, seed);
            writer.thread.start();
            return writer;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
            assertThat(thread.isAlive()).as("writer stopped").isFalse();
            if (unexpected.get() != null) {
                throw new AssertionError("a write failed", unexpected.get());
            }
        }
    }
}
