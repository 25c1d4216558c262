package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.row.Column;
import java.util.List;

/** A vertex: one operator run as {@code parallelism} subtasks, with its output schema. */
public record JobVertex(VertexId id, String name, OperatorSpec operator, int parallelism, List<Column> output) {
    public JobVertex {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(operator, "operator is null");
        output = List.copyOf(output);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
    }
}
