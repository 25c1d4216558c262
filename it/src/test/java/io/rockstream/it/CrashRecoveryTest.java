package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.statebackend.objectstore.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability proof of issue 3: RockStream runs as its own JVM, a client streams random
 * transactions (inserts, updates, deletes over two tables, with views on them), and the
 * process is killed with SIGKILL at random moments, then restarted on the same storage.
 * After every restart:
 * <ul>
 *   <li>every acknowledged transaction is present exactly once, and the one in doubt at the
 *       kill (sent, not acknowledged) is there completely or not at all: each transaction
 *       also inserts its id into {@code txlog}, which tells which;</li>
 *   <li>every view equals its query recomputed from scratch by PostgreSQL over the same
 *       tables (the oracle law).</li>
 * </ul>
 * Runs against a local directory and against a real S3 server (S3Proxy on 127.0.0.1). The
 * seed is printed; {@code -Dcrash.seed=N} replays one.
 */
class CrashRecoveryTest {
    private static final String SCHEMA = """
            CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL, balance bigint NOT NULL);
            CREATE TABLE transfers (id bigint PRIMARY KEY, src integer, dst integer, amount bigint);
            CREATE TABLE txlog (id bigint PRIMARY KEY);
            """;

    /** Materialized views and their queries, recomputed by PostgreSQL. */
    private static final Map<String, String> VIEWS = new TreeMap<>(Map.of(
            "by_owner", "SELECT owner, count(*) AS n, sum(balance) AS total FROM accounts GROUP BY owner",
            "flows", "SELECT a.owner, count(*) AS transfers, sum(t.amount) AS moved FROM transfers t"
                    + " JOIN accounts a ON t.src = a.id GROUP BY a.owner",
            "top_accounts", "SELECT id, balance FROM accounts ORDER BY balance DESC, id LIMIT 5",
            "receivers", "SELECT DISTINCT dst FROM transfers",
            "orphans", "SELECT t.id, t.dst FROM transfers t LEFT JOIN accounts a ON t.dst = a.id WHERE a.id IS NULL",
            "richest", "SELECT owner, max(balance) AS top, min(balance) AS bottom, count(DISTINCT balance) AS levels"
                    + " FROM accounts GROUP BY owner HAVING count(*) > 1"));

    @TempDir
    Path work;

    @Test
    void killedLocalProcessesLoseNoAcknowledgedWrite() throws Exception {
        Path storage = work.resolve("data");
        run(10, Map.of(), "--storage=" + storage);
    }

    @Test
    void killedProcessesOnS3LoseNoAcknowledgedWrite() throws Exception {
        try (S3TestServer s3 = S3TestServer.start(work.resolve("s3"))) {
            run(10, Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                    "AWS_REGION", S3TestServer.REGION),
                    "--storage=s3://" + S3TestServer.BUCKET + "/crash", "--s3-endpoint=" + s3.endpoint());
        }
    }

    @Test
    @Tag("soak")
    void soakManyKillCycles() throws Exception {
        run(Integer.getInteger("crash.cycles", 100), Map.of(), "--storage=" + work.resolve("data"));
    }

    private void run(int cycles, Map<String, String> environment, String... storage) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        Model model = new Model();
        Path log = work.resolve("rockstream.log");
        List<String> arguments = new ArrayList<>(List.of(storage));
        // small checkpoint cadence: kills land before, during and after checkpoints
        arguments.addAll(List.of("--checkpoint-epochs=" + (3 + random.nextInt(20)), "--checkpoint-interval-ms=50"));
        try (Connection oracle = PostgresOracle.newDatabase("crash")) {
            PostgresOracle.execute(oracle, SCHEMA);
            for (int cycle = 0; cycle < cycles; cycle++) {
                try (RockStreamProcess server = RockStreamProcess.start(log, environment, arguments.toArray(String[]::new))) {
                    try {
                        if (cycle == 0) {
                            createSchema(server);
                        }
                        check(server, model, oracle, "after restart " + cycle + " (seed " + seed + ")");
                        writeUntilKilled(server, model, random, 100 + random.nextInt(1400));
                    } catch (AssertionError | RuntimeException failure) {
                        System.out.println(server.output());
                        throw failure;
                    }
                }
            }
            try (RockStreamProcess server = RockStreamProcess.start(log, environment, arguments.toArray(String[]::new))) {
                check(server, model, oracle, "after the last restart (seed " + seed + ")");
                assertThat(model.acknowledged).as("acknowledged transactions").isGreaterThan(cycles);
                // 143 = 128 + SIGTERM: the JVM reports the signal even after a clean shutdown
                assertThat(server.terminate()).as("exit status after SIGTERM").isIn(0, 143);
                assertThat(server.output()).contains("Shutting down.");
            }
            String output = Files.readString(log);
            long checkpoints = output.lines().filter(l -> l.contains("checkpoint") && l.contains("complete:")).count();
            long restoredViews = output.lines().filter(l -> l.contains("views restored from the last checkpoint")
                    && !l.contains("(0 views")).count();
            System.out.println("CrashRecoveryTest: " + cycles + " kills, " + model.acknowledged
                    + " acknowledged transactions, " + checkpoints + " checkpoints completed, " + restoredViews
                    + " restarts restored view state from a checkpoint");
            assertThat(checkpoints).as("checkpoints completed").isPositive();
            assertThat(restoredViews).as("restarts that restored view state").isPositive();
        }
    }

    private static void createSchema(RockStreamProcess server) throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                statement.execute("CREATE MATERIALIZED VIEW " + view.getKey() + " AS " + view.getValue());
            }
        }
    }

    /** Sends random transactions from another thread and kills the server after {@code millis}. */
    private static void writeUntilKilled(RockStreamProcess server, Model model, Random random, long millis)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        long writerSeed = random.nextLong();
        Thread writer = new Thread(() -> {
            Random writes = new Random(writerSeed);
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                while (!stop.get()) {
                    Model.Transaction transaction = model.next(writes);
                    model.inDoubt = transaction;
                    statement.execute(transaction.sql());
                    model.apply(transaction);
                    model.inDoubt = null;
                }
            } catch (SQLException failure) {
                // the kill cuts the connection (SQLSTATE class 08): the transaction in flight stays in doubt
                if (failure.getSQLState() == null || !failure.getSQLState().startsWith("08")) {
                    unexpected.set(failure);
                }
            } catch (Throwable failure) {
                unexpected.set(failure);
            }
        }, "crash-writer");
        writer.start();
        Thread.sleep(millis);
        server.kill();
        stop.set(true);
        writer.join(60_000);
        assertThat(writer.isAlive()).as("writer stopped after the kill").isFalse();
        if (unexpected.get() != null) {
            throw new AssertionError("the writer failed", unexpected.get());
        }
    }

    private static void check(RockStreamProcess server, Model model, Connection oracle, String when) throws Exception {
        try (Connection connection = server.connect()) {
            TreeSet<Long> txlog = new TreeSet<>();
            for (List<String> row : rows(connection, "SELECT id FROM txlog")) {
                txlog.add(Long.parseLong(row.get(0)));
            }
            Model.Transaction doubt = model.inDoubt;
            if (doubt != null) {
                if (txlog.contains(doubt.id())) {
                    model.apply(doubt);
                }
                model.inDoubt = null;
            }
            assertThat(txlog).as("transactions present " + when).isEqualTo(model.txlog);
            assertThat(rows(connection, "SELECT id, owner, balance FROM accounts")).as("accounts " + when)
                    .containsExactlyInAnyOrderElementsOf(model.accountRows());
            assertThat(rows(connection, "SELECT id, src, dst, amount FROM transfers")).as("transfers " + when)
                    .containsExactlyInAnyOrderElementsOf(model.transferRows());
            PostgresOracle.execute(oracle, "TRUNCATE accounts, transfers, txlog;" + model.insertAll());
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                List<List<String>> expected = rows(oracle, view.getValue());
                assertThat(rows(connection, "SELECT * FROM " + view.getKey())).as("view " + view.getKey() + " " + when)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    /** Every row of {@code sql}, each column as text (SQL NULL as null). */
    static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** What the client knows was acknowledged; the transaction in doubt is resolved by {@code txlog}. */
    private static final class Model {
        final Map<Integer, String[]> accounts = new HashMap<>();
        final Map<Long, long[]> transfers = new HashMap<>();
        final TreeSet<Long> txlog = new TreeSet<>();
        volatile Transaction inDoubt;
        long nextTransaction = 1;
        long nextTransfer = 1;
        int nextAccount = 1;
        long acknowledged;

        /** One transaction: its SQL and its effect on the model. */
        record Transaction(long id, String sql, List<Runnable> effects) {
        }

        Transaction next(Random random) {
            long id = nextTransaction++;
            List<String> statements = new ArrayList<>();
            List<Runnable> effects = new ArrayList<>();
            Map<Integer, String[]> accountsAfter = new HashMap<>(accounts);
            Map<Long, long[]> transfersAfter = new HashMap<>(transfers);
            int operations = 1 + random.nextInt(random.nextInt(10) == 0 ? 6 : 2);
            for (int i = 0; i < operations; i++) {
                int choice = accountsAfter.size() < 5 ? 0 : random.nextInt(10);
                if (choice <= 2) {
                    int account = nextAccount++;
                    String owner = "o" + random.nextInt(6);
                    long balance = random.nextInt(1000);
                    statements.add("INSERT INTO accounts VALUES (" + account + ", '" + owner + "', " + balance + ")");
                    accountsAfter.put(account, new String[] {owner, Long.toString(balance)});
                    effects.add(() -> accounts.put(account, new String[] {owner, Long.toString(balance)}));
                } else if (choice <= 4) {
                    int account = pick(random, accountsAfter.keySet());
                    long delta = random.nextInt(200) - 100;
                    statements.add("UPDATE accounts SET balance = balance + " + delta + " WHERE id = " + account);
                    String[] old = accountsAfter.get(account);
                    String[] updated = {old[0], Long.toString(Long.parseLong(old[1]) + delta)};
                    accountsAfter.put(account, updated);
                    effects.add(() -> accounts.put(account, updated));
                } else if (choice <= 7) {
                    long transfer = nextTransfer++;
                    int src = pick(random, accountsAfter.keySet());
                    int dst = random.nextInt(4) == 0 ? nextAccount + 5 : pick(random, accountsAfter.keySet());
                    long amount = 1 + random.nextInt(500);
                    statements.add("INSERT INTO transfers VALUES (" + transfer + ", " + src + ", " + dst + ", " + amount + ")");
                    transfersAfter.put(transfer, new long[] {src, dst, amount});
                    effects.add(() -> transfers.put(transfer, new long[] {src, dst, amount}));
                } else if (choice == 8 && !transfersAfter.isEmpty()) {
                    long transfer = pick(random, transfersAfter.keySet());
                    statements.add("DELETE FROM transfers WHERE id = " + transfer);
                    transfersAfter.remove(transfer);
                    effects.add(() -> transfers.remove(transfer));
                } else if (accountsAfter.size() > 8) {
                    int account = pick(random, accountsAfter.keySet());
                    statements.add("DELETE FROM accounts WHERE id = " + account);
                    accountsAfter.remove(account);
                    effects.add(() -> accounts.remove(account));
                }
            }
            statements.add("INSERT INTO txlog VALUES (" + id + ")");
            effects.add(() -> txlog.add(id));
            String sql = statements.size() == 1 ? statements.get(0) + ";"
                    : "BEGIN; " + String.join("; ", statements) + "; COMMIT;";
            return new Transaction(id, sql, effects);
        }

        void apply(Transaction transaction) {
            transaction.effects().forEach(Runnable::run);
            acknowledged++;
        }

        private static <T extends Comparable<T>> T pick(Random random, java.util.Set<T> keys) {
            List<T> sorted = new ArrayList<>(new TreeSet<>(keys));
            return sorted.get(random.nextInt(sorted.size()));
        }

        List<List<String>> accountRows() {
            List<List<String>> rows = new ArrayList<>();
            accounts.forEach((id, value) -> rows.add(List.of(Integer.toString(id), value[0], value[1])));
            return rows;
        }

        List<List<String>> transferRows() {
            List<List<String>> rows = new ArrayList<>();
            transfers.forEach((id, value) -> rows.add(List.of(Long.toString(id), Long.toString(value[0]),
                    Long.toString(value[1]), Long.toString(value[2]))));
            return rows;
        }

        String insertAll() {
            StringBuilder sql = new StringBuilder();
            if (!accounts.isEmpty()) {
                sql.append("INSERT INTO accounts VALUES ");
                accounts.forEach((id, value) -> sql.append('(').append(id).append(", '").append(value[0]).append("', ")
                        .append(value[1]).append("),"));
                sql.setLength(sql.length() - 1);
                sql.append(';');
            }
            if (!transfers.isEmpty()) {
                sql.append("INSERT INTO transfers VALUES ");
                transfers.forEach((id, value) -> sql.append('(').append(id).append(", ").append(value[0]).append(", ")
                        .append(value[1]).append(", ").append(value[2]).append("),"));
                sql.setLength(sql.length() - 1);
                sql.append(';');
            }
            return sql.toString();
        }
    }
}
