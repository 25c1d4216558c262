package io.rockstream.jobmanager;

import io.rockstream.jobmanager.cluster.ClusterCoordinator;
import io.rockstream.jobmanager.cluster.ControlServer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * What the tests of views on TaskManagers share: a control port for an engine, two views
 * (a join with a GROUP BY, and a GROUP BY with max and count(DISTINCT)) over customers and
 * orders, random writes to them, and waiting for a condition.
 */
final class ClusterTests {
    private ClusterTests() {
    }

    static final Map<String, String> VIEWS = Map.of(
            "by_region", "SELECT c.region, count(*) AS n, sum(o.amount) AS total FROM orders o JOIN customers c"
                    + " ON o.customer = c.id GROUP BY c.region",
            "biggest", "SELECT customer, max(amount) AS top, count(DISTINCT amount) AS amounts FROM orders GROUP BY customer");

    /** The engine's control port on loopback, declaring a TaskManager lost after 2 s of silence. */
    static ControlServer controlPort(Engine engine) {
        ClusterCoordinator.Config defaults = ClusterCoordinator.Config.defaults();
        return ControlServer.start("127.0.0.1", 0, new ClusterCoordinator(new ClusterCoordinator.Config(2_000,
                defaults.deployTimeoutMillis(), defaults.checkpointIntervalMillis(), defaults.checkpointTimeoutMillis()),
                System.currentTimeMillis(), List.of()), engine.clusterJobs());
    }

    /** The tables with 40 customers and 2,000 orders, and the views, created {@code with} (e.g. "WITH (...) "). */
    static void createSchema(SqlSession session, String with) {
        session.execute("CREATE TABLE customers (id int PRIMARY KEY, region text)");
        session.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int, amount int)");
        session.execute("INSERT INTO customers SELECT g, 'r' || (g % 4) FROM generate_series(1, 40) g");
        session.execute("INSERT INTO orders SELECT g, g % 40 + 1, g % 97 FROM generate_series(1, 2000) g");
        VIEWS.forEach((view, query) -> session.execute("CREATE MATERIALIZED VIEW " + view + " " + with + "AS " + query));
    }

    /** Random deletes, updates and inserts (new order ids from {@code nextId}, which it advances). */
    static void writeSome(SqlSession session, Random random, int statements, int[] nextId) {
        for (int i = 0; i < statements; i++) {
            int id = random.nextInt(3000) + 1;
            switch (random.nextInt(4)) {
                case 0 -> session.execute("DELETE FROM orders WHERE id = " + id);
                case 1 -> session.execute("UPDATE orders SET amount = amount + 1 WHERE id = " + id);
                case 2 -> session.execute("UPDATE customers SET region = 'r" + random.nextInt(6) + "' WHERE id = "
                        + (random.nextInt(40) + 1));
                default -> session.execute("INSERT INTO orders VALUES (" + (nextId[0]++) + ", " + (random.nextInt(45) + 1)
                        + ", " + random.nextInt(100) + ")");
            }
        }
    }

    /**
     * Two sessions writing until {@code writing} is false (updates and inserts; a serialization
     * conflict between them, 40001, is refused as in PostgreSQL and not counted as a failure);
     * each acknowledged write counts in {@code writes}. A future fails if a write does.
     */
    static List<java.util.concurrent.CompletableFuture<Void>> writers(Engine engine,
            java.util.concurrent.atomic.AtomicBoolean writing, java.util.concurrent.atomic.AtomicInteger writes) {
        List<java.util.concurrent.CompletableFuture<Void>> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            writers.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                Random random = new Random(seed);
                try (SqlSession writer = engine.openSession()) {
                    int id = 100_000 * (seed + 1);
                    while (writing.get()) {
                        int row = random.nextInt(2000) + 1;
                        String sql = switch (random.nextInt(3)) {
                            case 0 -> "UPDATE orders SET amount = amount + 1 WHERE id = " + row;
                            case 1 -> "UPDATE customers SET region = 'r" + random.nextInt(6) + "' WHERE id = "
                                    + (random.nextInt(40) + 1);
                            default -> "INSERT INTO orders VALUES (" + (id++) + ", " + (random.nextInt(45) + 1) + ", "
                                    + random.nextInt(100) + ")";
                        };
                        try {
                            writer.execute(sql);
                        } catch (io.rockstream.jobgraph.error.RockStreamException conflict) {
                            if (!conflict.code().sqlState().equals("40001")) {
                                throw conflict;
                            }
                        }
                        writes.incrementAndGet();
                    }
                }
            }));
        }
        return writers;
    }

    static void await(BooleanSupplier condition, String what, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
