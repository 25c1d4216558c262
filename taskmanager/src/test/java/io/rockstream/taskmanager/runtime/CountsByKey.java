package io.rockstream.taskmanager.runtime;

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
import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/** A job graph for TaskManager tests: t(k) → count(*) GROUP BY k on two subtasks → one sink. */
public final class CountsByKey {
    private CountsByKey() {
    }

    public static JobGraph graph(JobId job, SqlType keyType, int sourceParallelism) {
        List<Column> input = List.of(Column.of("k", keyType));
        List<Column> output = List.of(Column.of("k", keyType), Column.of("n", SqlType.BIGINT));
        AggregateCall count = new AggregateCall(AggregateKind.COUNT_STAR, List.of(), false, List.of(), -1,
                SqlType.BIGINT);
        return new JobGraph(JobGraph.FORMAT_VERSION, job, 128, List.of(
                new JobVertex(VertexId.of(1), "source", new OperatorSpec.Source("t"), sourceParallelism, input),
                new JobVertex(VertexId.of(2), "aggregate", new OperatorSpec.Aggregate(List.of(0), List.of(count),
                        false), 2, output),
                new JobVertex(VertexId.of(3), "sink", new OperatorSpec.Sink("counts"), 1, output)),
                List.of(new JobEdge(VertexId.of(1), VertexId.of(2), 0, new Partitioning.Hash(List.of(0))),
                        new JobEdge(VertexId.of(2), VertexId.of(3), 0, new Partitioning.Single())));
    }
}
