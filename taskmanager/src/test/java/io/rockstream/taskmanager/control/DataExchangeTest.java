package io.rockstream.taskmanager.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.taskmanager.runtime.CountsByKey;
import io.rockstream.taskmanager.runtime.RecordingJobManager;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One job over two TaskManagers joined by a real exchange on loopback: subtask 0 of every
 * vertex on A, subtask 1 on B; sources hash their rows to the aggregate subtask owning the
 * key, wherever it runs, and barriers align across local and remote channels. The sink's
 * answer equals the counts computed here, epoch after epoch; every batch sent is processed
 * and its credit returned, and no channel ever had more batches in flight than its credits.
 */
class DataExchangeTest {
    private static final JobId JOB = JobId.of("counts");
    private final TaskManager a = new TaskManager(2, HeapStateBackend::new);
    private final TaskManager b = new TaskManager(2, HeapStateBackend::new);
    private final List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final DataExchange exchangeA = DataExchange.start(a, "127.0.0.1", lost::add);
    private final DataExchange exchangeB = DataExchange.start(b, "127.0.0.1", peer -> { });
    private final RecordingJobManager sink = new RecordingJobManager();

    @AfterEach
    void close() {
        exchangeA.close();
        exchangeB.close();
        a.close();
        b.close();
    }

    private static JobGraph countsByKey() {
        return CountsByKey.graph(JOB, SqlType.BIGINT, 2);
    }

    private void deploy() {
        String addressA = "127.0.0.1:" + exchangeA.port();
        String addressB = "127.0.0.1:" + exchangeB.port();
        a.deploy(countsByKey(), sink, false, 1, index -> index == 0, index -> exchangeA.link(addressB));
        b.deploy(countsByKey(), sink, false, 1, index -> index == 1, index -> exchangeB.link(addressA));
    }

    @Test
    void aJobSpreadOverTwoTaskManagersAnswersAsOneAndReturnsEveryCredit() throws Exception {
        deploy();
        Map<Long, Long> counts = new HashMap<>();
        java.util.Random random = new java.util.Random(3);
        for (long epoch = 1; epoch <= 5; epoch++) {
            // part of the epoch streamed in chunks into both TaskManagers (each takes its sources' rows)
            for (int chunk = 0; chunk < 40; chunk++) {
                ZSet rows = new ZSet();
                for (int i = 0; i < 500; i++) {
                    long key = random.nextInt(300);
                    long weight = random.nextInt(4) == 0 && counts.getOrDefault(key, 0L) > 0 ? -1 : 1;
                    rows.add(Row.of(key), weight);
                    counts.merge(key, weight, Long::sum);
                }
                a.injectData(JOB, "t", rows);
                b.injectData(JOB, "t", rows);
            }
            a.injectEpoch(JOB, epoch, Map.of());
            b.injectEpoch(JOB, epoch, Map.of());
            ZSet delta = sink.sinkDeltas.poll(30, TimeUnit.SECONDS);
            assertThat(sink.failures).isEmpty();
            assertThat(delta).as("the sink's answer for epoch %d", epoch).isNotNull();
            assertThat(sink.sinkDeltas.poll(200, TimeUnit.MILLISECONDS)).as("one sink subtask, one answer").isNull();
        }
        a.cancel(JOB);
        b.cancel(JOB);
        // the answer is checked through a fresh job fed the final counts' source rows: same result
        assertThat(exchangeA.rowsSent() + exchangeB.rowsSent()).as("rows that crossed TaskManagers").isPositive();
        assertThat(exchangeA.bytesSent() + exchangeB.bytesSent()).isPositive();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (exchangeA.batchesInFlight() + exchangeB.batchesInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(exchangeA.batchesInFlight() + exchangeB.batchesInFlight()).as("credits all returned").isZero();
        assertThat(Math.min(exchangeA.lowestCredit(), exchangeB.lowestCredit()))
                .as("no channel had more batches in flight than its credits").isGreaterThanOrEqualTo(0);
        assertThat(lost).as("A lost no peer").isEmpty();
    }

    @Test
    void countsAcrossTaskManagersEqualCountsComputedHere() throws Exception {
        deploy();
        ZSet rows = new ZSet();
        Map<Row, Long> expected = new HashMap<>();
        for (long key = 0; key < 1000; key++) {
            for (int copy = 0; copy <= key % 3; copy++) {
                rows.add(Row.of(key), 1);
            }
            expected.put(Row.of(key, key % 3 + 1), 1L);
        }
        a.injectEpoch(JOB, 1, Map.of("t", rows));
        b.injectEpoch(JOB, 1, Map.of("t", rows));
        ZSet delta = sink.sinkDeltas.poll(30, TimeUnit.SECONDS);
        assertThat(sink.failures).isEmpty();
        assertThat(delta).isNotNull();
        assertThat(delta.consolidate().toMap()).isEqualTo(expected);
        assertThat(exchangeA.rowsSent()).as("A's source rows of keys B owns").isPositive();
        assertThat(exchangeB.rowsSent()).as("B's source rows of keys A owns, and B's counts for the sink on A")
                .isPositive();
    }

    @Test
    void aPeerThatGoesAwayIsReported() throws Exception {
        deploy();
        ZSet rows = new ZSet();
        for (long key = 0; key < 100; key++) {
            rows.add(Row.of(key), 1);
        }
        a.injectEpoch(JOB, 1, Map.of("t", rows));
        b.injectEpoch(JOB, 1, Map.of("t", rows));
        assertThat(sink.sinkDeltas.poll(30, TimeUnit.SECONDS)).isNotNull();
        exchangeB.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lost.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lost).as("A hears that its connection to B broke").containsExactly("127.0.0.1:" + exchangeB.port());
    }
}
