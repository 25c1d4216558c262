package io.rockstream.taskmanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable deployment keeps its state in the TaskManager's RocksDB store: once the sink
 * reported an epoch, the state of that epoch is stored, so a redeployed job continues from
 * it; dropping the job's state starts it from empty, and heap deployments never keep state.
 */
class TaskManagerDurableStateTest {
    private static final JobId JOB = JobId.of("counts");

    @TempDir
    Path temp;
    private RocksDbStore store;
    private TaskManager taskManager;
    private final RecordingJobManager jobManager = new RecordingJobManager();

    @BeforeEach
    void open() {
        store = RocksDbStore.open(temp.resolve("db"), 16L << 20);
        taskManager = new TaskManager(2, StateBackendFactory.HEAP, RocksDbStateBackend.factory(store));
    }

    @AfterEach
    void close() {
        taskManager.close();
        store.close();
    }

    private static JobGraph countsByKey() {
        return CountsByKey.graph(JOB, SqlType.TEXT, 1);
    }

    private Map<Row, Long> epoch(long epoch, String... keys) throws InterruptedException {
        ZSet delta = new ZSet();
        for (String key : keys) {
            delta.add(Row.of(key), 1);
        }
        taskManager.injectEpoch(JOB, epoch, Map.of("t", delta));
        ZSet output = jobManager.sinkDeltas.poll(10, TimeUnit.SECONDS);
        assertThat(jobManager.failures).isEmpty();
        assertThat(output).as("sink delta of epoch " + epoch).isNotNull();
        return output.consolidate().toMap();
    }

    @Test
    void aRedeployedDurableJobContinuesFromItsStoredState() throws InterruptedException {
        taskManager.deploy(countsByKey(), jobManager, true);
        assertThat(epoch(1, "a", "a", "b")).isEqualTo(Map.of(Row.of("a", 2L), 1L, Row.of("b", 1L), 1L));
        taskManager.cancel(JOB);

        taskManager.deploy(countsByKey(), jobManager, true);
        assertThat(epoch(2, "a")).isEqualTo(Map.of(Row.of("a", 2L), -1L, Row.of("a", 3L), 1L));
        taskManager.cancel(JOB);

        taskManager.dropState(JOB);
        taskManager.deploy(countsByKey(), jobManager, true);
        assertThat(epoch(3, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
    }

    /**
     * A job cancelled while a subtask writes an epoch's state: cancel returns only once that
     * subtask stopped, so dropping the state next never races with a stale write (RocksDB
     * fails a batch naming a dropped family in a way that fails every later write of the
     * store). The slow write here is an aggregate subtask's, held 300 ms at its epoch's end.
     */
    @Test
    void cancelReturnsOnlyOnceItsSubtasksStoppedSoItsStateCanBeDropped() throws InterruptedException {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger endedEpochs = new java.util.concurrent.atomic.AtomicInteger();
        StateBackendFactory rocksDb = RocksDbStateBackend.factory(store);
        StateBackendFactory slow = new StateBackendFactory() {
            @Override
            public io.rockstream.statebackend.StateBackend create(io.rockstream.jobgraph.graph.SubtaskId subtask,
                    int maxParallelism) {
                io.rockstream.statebackend.StateBackend state = rocksDb.create(subtask, maxParallelism);
                boolean aggregate = subtask.vertex().value() == 2;
                return new io.rockstream.statebackend.StateBackend() {
                    @Override
                    public <V> io.rockstream.statebackend.KeyedValueState<V> valueState(String name,
                            io.rockstream.statebackend.StateSerializer<V> serializer) {
                        return state.valueState(name, serializer);
                    }

                    @Override
                    public io.rockstream.statebackend.Arrangement arrangement(String name) {
                        return state.arrangement(name);
                    }

                    @Override
                    public void endEpoch(long epoch) {
                        if (aggregate && epoch == 2) {
                            writing.countDown();
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        state.endEpoch(epoch);
                        endedEpochs.incrementAndGet();
                    }
                };
            }

            @Override
            public void dropJob(JobId job) {
                rocksDb.dropJob(job);
            }
        };
        try (TaskManager slowWrites = new TaskManager(2, StateBackendFactory.HEAP, slow)) {
            slowWrites.deploy(countsByKey(), jobManager, true);
            slowWrites.injectEpoch(JOB, 1, Map.of("t", ZSet.of(Row.of("a"), 1)));
            assertThat(jobManager.sinkDeltas.poll(10, TimeUnit.SECONDS)).isNotNull();
            slowWrites.injectEpoch(JOB, 2, Map.of("t", ZSet.of(Row.of("a"), 1)));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            int before = endedEpochs.get();
            slowWrites.cancel(JOB);
            int stopped = endedEpochs.get();
            slowWrites.dropState(JOB);
            assertThat(stopped).as("the epoch being written when cancel was called ended before it returned")
                    .isGreaterThan(before);
        }
        // nothing wrote into dropped state: the store takes new writes
        taskManager.deploy(countsByKey(), jobManager, true);
        assertThat(epoch(3, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
    }

    @Test
    void heapDeploymentsStartEmpty() throws InterruptedException {
        taskManager.deploy(countsByKey(), jobManager);
        assertThat(epoch(1, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
        taskManager.cancel(JOB);
        taskManager.deploy(countsByKey(), jobManager);
        assertThat(epoch(2, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
    }
}
