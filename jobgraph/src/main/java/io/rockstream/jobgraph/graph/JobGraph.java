package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The serialized contract between the compiler and the runtime: the vertices of one job,
 * in topological order (every edge goes from an earlier vertex to a later one), and the
 * edges between them. {@code maxParallelism} is the number of key groups.
 */
public record JobGraph(int formatVersion, JobId id, int maxParallelism, List<JobVertex> vertices, List<JobEdge> edges) {
    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_KEY_GROUPS = 128;

    public JobGraph {
        requireNonNull(id, "id is null");
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    public JobVertex vertex(VertexId vertexId) {
        for (JobVertex vertex : vertices) {
            if (vertex.id().equals(vertexId)) {
                return vertex;
            }
        }
        throw new IllegalArgumentException("no vertex " + vertexId + " in job " + id);
    }

    public List<JobEdge> inputsOf(VertexId vertexId) {
        return edges.stream().filter(edge -> edge.target().equals(vertexId)).toList();
    }

    public List<JobEdge> outputsOf(VertexId vertexId) {
        return edges.stream().filter(edge -> edge.source().equals(vertexId)).toList();
    }

    /**
     * The slots the job takes: with slot sharing, subtask index i of every vertex runs in
     * slot i, so one per subtask index of its widest vertex.
     */
    public int slots() {
        return vertices.stream().mapToInt(JobVertex::parallelism).max().orElse(1);
    }

    /** The sink vertex, if this job materializes a view. */
    public Optional<JobVertex> sink() {
        return vertices.stream().filter(vertex -> vertex.operator() instanceof OperatorSpec.Sink).findFirst();
    }
}
