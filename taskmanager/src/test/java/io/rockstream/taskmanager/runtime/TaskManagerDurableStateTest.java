package io.rockstream.taskmanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.graph.Partitioning;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.util.List;
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

    /** t(k) → count(*) GROUP BY k on two subtasks → sink. */
    private static JobGraph countsByKey() {
        List<Column> input = List.of(Column.of("k", SqlType.TEXT));
        List<Column> output = List.of(Column.of("k", SqlType.TEXT), Column.of("n", SqlType.BIGINT));
        AggregateCall count = new AggregateCall(AggregateKind.COUNT_STAR, List.of(), false, List.of(), -1,
                SqlType.BIGINT);
        return new JobGraph(JobGraph.FORMAT_VERSION, JOB, 128, List.of(
                new JobVertex(VertexId.of(1), "source", new OperatorSpec.Source("t"), 1, input),
                new JobVertex(VertexId.of(2), "aggregate", new OperatorSpec.Aggregate(List.of(0), List.of(count),
                        false), 2, output),
                new JobVertex(VertexId.of(3), "sink", new OperatorSpec.Sink("counts"), 1, output)),
                List.of(new JobEdge(VertexId.of(1), VertexId.of(2), 0, new Partitioning.Hash(List.of(0))),
                        new JobEdge(VertexId.of(2), VertexId.of(3), 0, new Partitioning.Single())));
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
