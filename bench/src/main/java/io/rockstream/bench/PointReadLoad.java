package io.rockstream.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop point reads: {@code clients} threads, each with its own pgjdbc connection and
 * prepared statement, run one query by a random key after another for a warm-up period and
 * then for the measured period; each query's round trip (execute, read every row) is a
 * sample. Every answer is checked; any error or wrong answer fails the measurement.
 */
final class PointReadLoad {
    /** Checks one answer: the rows of the query for {@code key}; returns what is wrong, or null. */
    interface Check {
        String wrong(long key, List<List<Long>> rows);
    }

    /** A measured case: queries answered in the measured period, its length, and the round trips. */
    record Outcome(long queries, double seconds, Samples latencies) {
        double queriesPerSecond() {
            return queries / seconds;
        }
    }

    private PointReadLoad() {
    }

    /**
     * Runs {@code sql} (one parameter, the key, a bigint drawn uniformly from
     * {@code [firstKey, firstKey + keys)}) from {@code clients} connections to {@code url}.
     */
    static Outcome run(String url, Properties properties, String sql, long firstKey, long keys, int clients,
            int warmupSeconds, int seconds, Check check) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(DriverManager.getConnection(url, properties));
            }
            CountDownLatch ready = new CountDownLatch(clients);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[][] samples = new long[clients][];
            long[] counts = new long[clients];
            long[] window = new long[2];
            Thread[] threads = new Thread[clients];
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < clients; i++) {
                int client = i;
                samples[client] = new long[1024];
                threads[client] = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(31L * client + keys);
                    try (PreparedStatement statement = connections.get(client).prepareStatement(sql)) {
                        ready.countDown();
                        go.await();
                        long start = window[0];
                        long end = window[1];
                        while (failure.get() == null) {
                            long key = firstKey + random.nextLong(keys);
                            long before = System.nanoTime();
                            if (before - end >= 0) {
                                break;
                            }
                            statement.setLong(1, key);
                            List<List<Long>> rows = new ArrayList<>(1);
                            try (ResultSet result = statement.executeQuery()) {
                                int width = result.getMetaData().getColumnCount();
                                while (result.next()) {
                                    List<Long> row = new ArrayList<>(width);
                                    for (int c = 1; c <= width; c++) {
                                        row.add(result.getLong(c));
                                    }
                                    rows.add(row);
                                }
                            }
                            long after = System.nanoTime();
                            String wrong = check.wrong(key, rows);
                            if (wrong != null) {
                                throw new IllegalStateException("wrong answer for key " + key + ": " + wrong);
                            }
                            if (before - start >= 0) {
                                int n = (int) counts[client];
                                if (n == samples[client].length) {
                                    samples[client] = java.util.Arrays.copyOf(samples[client], 2 * n);
                                }
                                samples[client][n] = after - before;
                                counts[client]++;
                            }
                        }
                    } catch (Throwable error) {
                        failure.compareAndSet(null, error);
                        ready.countDown();
                    }
                }, "point-reader-" + client);
                threads[client].start();
            }
            ready.await();
            long now = System.nanoTime();
            window[0] = now + warmupSeconds * 1_000_000_000L;
            window[1] = window[0] + seconds * 1_000_000_000L;
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("point reads failed: " + failure.get(), failure.get());
            }
            Samples all = new Samples();
            long queries = 0;
            for (int i = 0; i < clients; i++) {
                queries += counts[i];
                for (int n = 0; n < counts[i]; n++) {
                    all.add(samples[i][n]);
                }
            }
            return new Outcome(queries, seconds, all);
        } finally {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the measurement is over; a connection that fails to close changes nothing
                }
            }
        }
    }
}
