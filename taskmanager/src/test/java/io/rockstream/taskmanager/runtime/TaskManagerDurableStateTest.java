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

    @Test
    void heapDeploymentsStartEmpty() throws InterruptedException {
        taskManager.deploy(countsByKey(), jobManager);
        assertThat(epoch(1, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
        taskManager.cancel(JOB);
        taskManager.deploy(countsByKey(), jobManager);
        assertThat(epoch(2, "a")).isEqualTo(Map.of(Row.of("a", 1L), 1L));
    }
}
