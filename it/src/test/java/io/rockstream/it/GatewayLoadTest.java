package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Postgres gateway under load (issue 4): {@code rockstream start} as its own JVM, 200
 * pgjdbc connections at once (half with the simple protocol, half with the extended one and
 * prepared statements), each a thread running a random mix for a bounded time: single-row
 * INSERT, UPDATE and DELETE, small transactions (BEGIN ... COMMIT, as one script or through
 * JDBC's autocommit off), point reads by primary key on a table and on a materialized view,
 * and view scans and aggregates. No error is tolerated. Each client writes only its own keys
 * and keeps a model of what it had acknowledged, so every read of its own rows must equal the
 * model exactly (read-your-writes through the gateway). Afterwards every acknowledged write
 * is present exactly once, and every view equals its query recomputed both ad hoc by
 * RockStream and by PostgreSQL 17 over the same rows.
 *
 * <p>{@code -Dload.seconds=N} runs longer (default 45); the soak variant runs
 * {@code -Dload.soakSeconds} (default 600). {@code -Dload.seed=N} replays a seed's choices
 * (timing still differs). Throughput and latency per operation are printed.
 */
class GatewayLoadTest {
    private static final int CLIENTS = 200;
    private static final int ACCOUNTS_PER_CLIENT = 10;
    private static final long KEY_SPACE = 1_000_000L;
    private static final int OWNERS = 50;

    private static final String SCHEMA = """
            CREATE TABLE accounts (id bigint PRIMARY KEY, owner int NOT NULL, balance bigint NOT NULL);
            CREATE TABLE events (id bigint PRIMARY KEY, client int NOT NULL, amount bigint NOT NULL);
            """;

    /** Materialized views and their queries (recomputed by RockStream ad hoc and by PostgreSQL). */
    private static final Map<String, String> VIEWS = new TreeMap<>(Map.of(
            "account_view", "SELECT id, owner, balance, balance * 2 AS doubled FROM accounts",
            "by_owner", "SELECT owner, count(*) AS n, sum(balance) AS total FROM accounts GROUP BY owner",
            "by_client", "SELECT client, count(*) AS n, sum(amount) AS total FROM events GROUP BY client",
            "rich", "SELECT id, balance FROM accounts WHERE balance > 5000"));

    /** What a client does; each has its own latency figures. */
    enum Operation {
        INSERT, UPDATE, DELETE, TRANSACTION_SCRIPT, TRANSACTION_JDBC, READ_TABLE, READ_VIEW, READ_AGGREGATE,
        SCAN_VIEW, AGGREGATE_VIEW
    }

    @TempDir
    Path work;

    @Test
    void twoHundredConnectionsMixReadsAndWritesWithoutError() throws Exception {
        run(Integer.getInteger("load.seconds", 45));
    }

    @Test
    @Tag("soak")
    void soakTwoHundredConnections() throws Exception {
        run(Integer.getInteger("load.soakSeconds", 600));
    }

    private void run(int seconds) throws Exception {
        long seed = Long.getLong("load.seed", System.nanoTime());
        System.out.println("GatewayLoadTest seed " + seed + " (replay with -Dload.seed=" + seed + "), " + CLIENTS
                + " connections for " + seconds + " s");
        Path log = work.resolve("rockstream.log");
        try (RockStreamProcess server = RockStreamProcess.start(log, Map.of(), List.of("-Xmx1g"),
                "--storage=" + work.resolve("data"))) {
            try {
                String url;
                try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
                    url = admin.getMetaData().getURL();
                    statement.execute(SCHEMA);
                    for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                        statement.execute("CREATE MATERIALIZED VIEW " + view.getKey() + " AS " + view.getValue());
                    }
                }
                List<Client> clients = new ArrayList<>();
                SplittableRandom seeds = new SplittableRandom(seed);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new Client(i, seeds.split()));
                }
                try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
                    for (Client client : clients) {
                        statement.execute(client.initialRows());
                    }
                }
                drive(clients, url, seconds);
                verify(server, clients, seed);
            } catch (AssertionError | RuntimeException failure) {
                System.out.println(tail(server.output(), 200));
                throw failure;
            }
        }
    }

    /** Connects every client, starts them together, waits for the deadline, fails on any error. */
    private static void drive(List<Client> clients, String url, int seconds) throws Exception {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(clients.size());
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        long connecting = System.nanoTime();
        for (Client client : clients) {
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, properties(client.simple()))) {
                    connected.countDown();
                    go.await();
                    client.run(connection, deadline[0], errors);
                } catch (Throwable failure) {
                    errors.add("client " + client.id + ": " + describe(failure));
                    connected.countDown();
                }
            }, "load-client-" + client.id);
            thread.start();
            threads.add(thread);
        }
        assertThat(connected.await(5, TimeUnit.MINUTES)).as("every client connected within 5 minutes").isTrue();
        System.out.printf(Locale.ROOT, "GatewayLoadTest: %d connections open in %.1f s%n", clients.size(),
                (System.nanoTime() - connecting) / 1e9);
        long started = System.nanoTime();
        deadline[0] = started + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        for (Thread thread : threads) {
            // generous: one statement may wait behind many others while the gateway is saturated
            thread.join(TimeUnit.MINUTES.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        report(clients, elapsed);
        assertThat(errors).as("errors under load").isEmpty();
    }

    private static Properties properties(boolean simple) {
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        properties.setProperty("connectTimeout", "120");
        properties.setProperty("socketTimeout", "600");
        properties.setProperty("loginTimeout", "120");
        if (simple) {
            properties.setProperty("preferQueryMode", "simple");
        } else {
            properties.setProperty("prepareThreshold", "1");
        }
        return properties;
    }

    private static void report(List<Client> clients, double elapsed) {
        Map<Operation, long[]> merged = new EnumMap<>(Operation.class);
        long total = 0;
        for (Operation operation : Operation.values()) {
            int count = 0;
            for (Client client : clients) {
                count += client.counts[operation.ordinal()];
            }
            long[] all = new long[count];
            int next = 0;
            for (Client client : clients) {
                int n = client.counts[operation.ordinal()];
                System.arraycopy(client.latencies[operation.ordinal()], 0, all, next, n);
                next += n;
            }
            Arrays.sort(all);
            merged.put(operation, all);
            total += count;
        }
        System.out.printf(Locale.ROOT, "GatewayLoadTest: %d operations in %.1f s over %d connections: %.0f ops/s%n",
                total, elapsed, clients.size(), total / elapsed);
        System.out.printf(Locale.ROOT, "  %-20s %9s %9s %10s %10s %10s%n", "operation", "count", "ops/s", "p50 ms",
                "p99 ms", "max ms");
        merged.forEach((operation, all) -> {
            if (all.length > 0) {
                System.out.printf(Locale.ROOT, "  %-20s %9d %9.1f %10.2f %10.2f %10.2f%n", operation, all.length,
                        all.length / elapsed, percentile(all, 50) / 1e6, percentile(all, 99) / 1e6,
                        all[all.length - 1] / 1e6);
            }
        });
        for (Operation operation : Operation.values()) {
            assertThat(merged.get(operation).length).as(operation + " operations done").isPositive();
        }
    }

    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** After the load: the tables hold exactly what clients acknowledged; views equal their queries. */
    private static void verify(RockStreamProcess server, List<Client> clients, long seed) throws Exception {
        List<List<String>> accounts = new ArrayList<>();
        List<List<String>> events = new ArrayList<>();
        for (Client client : clients) {
            client.accounts.forEach((id, row) -> accounts.add(List.of(String.valueOf(id), String.valueOf(row[0]),
                    String.valueOf(row[1]))));
            client.events.forEach((id, amount) -> events.add(List.of(String.valueOf(id), String.valueOf(client.id),
                    String.valueOf(amount))));
        }
        try (Connection connection = server.connect(); Connection oracle = PostgresOracle.newDatabase("gateway_load")) {
            assertThat(rows(connection, "SELECT id, owner, balance FROM accounts")).as("accounts (seed " + seed + ")")
                    .containsExactlyInAnyOrderElementsOf(accounts);
            assertThat(rows(connection, "SELECT id, client, amount FROM events")).as("events (seed " + seed + ")")
                    .containsExactlyInAnyOrderElementsOf(events);
            PostgresOracle.execute(oracle, SCHEMA);
            copyInto(oracle, "accounts", accounts);
            copyInto(oracle, "events", events);
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                List<List<String>> contents = rows(connection, "SELECT * FROM " + view.getKey());
                assertThat(contents).as("view " + view.getKey() + " against PostgreSQL (seed " + seed + ")")
                        .containsExactlyInAnyOrderElementsOf(rows(oracle, view.getValue()));
                assertThat(contents).as("view " + view.getKey() + " against its query run ad hoc (seed " + seed + ")")
                        .containsExactlyInAnyOrderElementsOf(rows(connection, view.getValue()));
            }
            System.out.printf(Locale.ROOT, "GatewayLoadTest: verified %d accounts, %d events and %d views%n",
                    accounts.size(), events.size(), VIEWS.size());
        }
    }

    private static void copyInto(Connection oracle, String table, List<List<String>> rows) throws SQLException {
        try (PreparedStatement insert = oracle.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            for (List<String> row : rows) {
                insert.setLong(1, Long.parseLong(row.get(0)));
                insert.setInt(2, Integer.parseInt(row.get(1)));
                insert.setLong(3, Long.parseLong(row.get(2)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return "SQLSTATE " + sql.getSQLState() + ": " + sql.getMessage();
        }
        return failure.toString();
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * One connection's work and its model: the accounts and events it had acknowledged. Its
     * keys are its own ({@code id * KEY_SPACE + n}), so no two clients ever conflict, and any
     * read of its rows must equal the model.
     */
    private static final class Client {
        final int id;
        final SplittableRandom random;
        final Map<Long, long[]> accounts = new HashMap<>();
        final Map<Long, Long> events = new HashMap<>();
        final List<Long> accountIds = new ArrayList<>();
        final long[][] latencies = new long[Operation.values().length][256];
        final int[] counts = new int[Operation.values().length];
        long nextKey;

        Client(int id, SplittableRandom random) {
            this.id = id;
            this.random = random;
            this.nextKey = (id + 1) * KEY_SPACE;
        }

        boolean simple() {
            return id % 2 == 0;
        }

        String initialRows() {
            StringBuilder sql = new StringBuilder("INSERT INTO accounts VALUES ");
            for (int i = 0; i < ACCOUNTS_PER_CLIENT; i++) {
                long key = nextKey++;
                long[] row = {random.nextInt(OWNERS), random.nextInt(10_000)};
                sql.append(i == 0 ? "" : ", ").append('(').append(key).append(", ").append(row[0]).append(", ")
                        .append(row[1]).append(')');
                accounts.put(key, row);
                accountIds.add(key);
            }
            return sql.toString();
        }

        void run(Connection connection, long deadline, ConcurrentLinkedQueue<String> errors) {
            Operation[] operations = Operation.values();
            // weights in the order of Operation
            int[] weights = {14, 14, 6, 7, 5, 18, 18, 8, 5, 5};
            int totalWeight = Arrays.stream(weights).sum();
            while (System.nanoTime() - deadline < 0) {
                int pick = random.nextInt(totalWeight);
                int index = 0;
                while (pick >= weights[index]) {
                    pick -= weights[index++];
                }
                Operation operation = operations[index];
                long before = System.nanoTime();
                try {
                    String wrong = perform(connection, operation);
                    if (wrong != null) {
                        errors.add("client " + id + " " + operation + ": " + wrong);
                        return;
                    }
                } catch (SQLException failure) {
                    errors.add("client " + id + " " + operation + ": " + describe(failure));
                    return;
                }
                record(operation, System.nanoTime() - before);
            }
        }

        private void record(Operation operation, long nanos) {
            int o = operation.ordinal();
            if (counts[o] == latencies[o].length) {
                latencies[o] = Arrays.copyOf(latencies[o], 2 * counts[o]);
            }
            latencies[o][counts[o]++] = nanos;
        }

        /** Runs one operation; answers what was wrong with a read, or null. */
        private String perform(Connection connection, Operation operation) throws SQLException {
            switch (operation) {
                case INSERT -> {
                    long key = nextKey++;
                    long[] row = {random.nextInt(OWNERS), random.nextInt(10_000)};
                    update(connection, "INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", 1, key,
                            (int) row[0], row[1]);
                    accounts.put(key, row);
                    accountIds.add(key);
                }
                case UPDATE -> {
                    Long key = anyAccount();
                    if (key != null) {
                        long delta = random.nextInt(200) - 100;
                        update(connection, "UPDATE accounts SET balance = balance + ? WHERE id = ?", 1, delta, key);
                        accounts.get(key)[1] += delta;
                    }
                }
                case DELETE -> {
                    Long key = anyAccount();
                    if (key != null && accountIds.size() > 3) {
                        update(connection, "DELETE FROM accounts WHERE id = ?", 1, key);
                        accounts.remove(key);
                        accountIds.remove(key);
                    }
                }
                case TRANSACTION_SCRIPT -> {
                    Long key = anyAccount();
                    if (key != null) {
                        long event = nextKey++;
                        long amount = 1 + random.nextInt(50);
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("BEGIN; INSERT INTO events VALUES (" + event + ", " + id + ", " + amount
                                    + "); UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + key
                                    + "; COMMIT");
                        }
                        events.put(event, amount);
                        accounts.get(key)[1] -= amount;
                    }
                }
                case TRANSACTION_JDBC -> {
                    Long from = anyAccount();
                    Long to = anyAccount();
                    if (from != null && to != null && !from.equals(to)) {
                        long amount = 1 + random.nextInt(50);
                        connection.setAutoCommit(false);
                        try {
                            update(connection, "UPDATE accounts SET balance = balance - ? WHERE id = ?", 1, amount, from);
                            update(connection, "UPDATE accounts SET balance = balance + ? WHERE id = ?", 1, amount, to);
                            long event = nextKey++;
                            update(connection, "INSERT INTO events VALUES (?, ?, ?)", 1, event, id, amount);
                            connection.commit();
                            accounts.get(from)[1] -= amount;
                            accounts.get(to)[1] += amount;
                            events.put(event, amount);
                        } finally {
                            connection.setAutoCommit(true);
                        }
                    }
                }
                case READ_TABLE -> {
                    Long key = anyAccount();
                    if (key != null) {
                        List<List<Long>> rows = query(connection, "SELECT id, owner, balance FROM accounts WHERE id = ?",
                                key);
                        long[] row = accounts.get(key);
                        if (!rows.equals(List.of(List.of(key, row[0], row[1])))) {
                            return "accounts row " + key + " is " + rows + ", acknowledged " + Arrays.toString(row);
                        }
                    }
                }
                case READ_VIEW -> {
                    Long key = random.nextInt(8) == 0 ? Long.valueOf(nextKey + 1) : anyAccount();
                    if (key != null) {
                        List<List<Long>> rows = query(connection,
                                "SELECT id, owner, balance, doubled FROM account_view WHERE id = ?", key);
                        long[] row = accounts.get(key);
                        List<List<Long>> expected = row == null ? List.of()
                                : List.of(List.of(key, row[0], row[1], 2 * row[1]));
                        if (!rows.equals(expected)) {
                            return "account_view row " + key + " is " + rows + ", expected " + expected;
                        }
                    }
                }
                case READ_AGGREGATE -> {
                    List<List<Long>> rows = query(connection, "SELECT client, n, total FROM by_client WHERE client = ?",
                            id);
                    long total = events.values().stream().mapToLong(Long::longValue).sum();
                    List<List<Long>> expected = events.isEmpty() ? List.of()
                            : List.of(List.of((long) id, (long) events.size(), total));
                    if (!rows.equals(expected)) {
                        return "by_client row " + id + " is " + rows + ", expected " + expected;
                    }
                }
                case SCAN_VIEW -> {
                    List<List<Long>> rows = query(connection,
                            "SELECT id, balance FROM rich WHERE id >= ? AND id < ? ORDER BY id", (id + 1) * KEY_SPACE,
                            (id + 2) * KEY_SPACE);
                    List<List<Long>> expected = new ArrayList<>();
                    List<Long> ids = new ArrayList<>(accounts.keySet());
                    Collections.sort(ids);
                    for (Long key : ids) {
                        if (accounts.get(key)[1] > 5000) {
                            expected.add(List.of(key, accounts.get(key)[1]));
                        }
                    }
                    if (!rows.equals(expected)) {
                        return "rich rows of client " + id + " are " + rows + ", expected " + expected;
                    }
                }
                case AGGREGATE_VIEW -> {
                    List<List<Long>> rows = query(connection,
                            "SELECT count(*), sum(n) FROM by_owner WHERE owner >= ?", 0);
                    if (rows.size() != 1 || rows.get(0).get(0) > OWNERS || rows.get(0).get(1) < accounts.size()) {
                        return "by_owner summary " + rows + " with " + accounts.size() + " own accounts";
                    }
                }
            }
            return null;
        }

        private Long anyAccount() {
            return accountIds.isEmpty() ? null : accountIds.get(random.nextInt(accountIds.size()));
        }

        /** Runs a write; parameters are Long (bigint) or Integer (integer), as their columns. */
        private static void update(Connection connection, String sql, int expectedCount, Object... parameters)
                throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                int count = statement.executeUpdate();
                if (count != expectedCount) {
                    throw new SQLException(sql + " changed " + count + " rows, expected " + expectedCount, "XXLOAD");
                }
            }
        }

        private static List<List<Long>> query(Connection connection, String sql, Object... parameters)
                throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                List<List<Long>> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    int width = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        List<Long> row = new ArrayList<>(width);
                        for (int i = 1; i <= width; i++) {
                            row.add(result.getLong(i));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        }
    }
}
