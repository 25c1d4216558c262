package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

/** One parallel instance of a vertex: {@code index} in {@code [0, parallelism)}. */
public record SubtaskId(JobId job, VertexId vertex, int index) {
    public SubtaskId {
        requireNonNull(job, "job is null");
        requireNonNull(vertex, "vertex is null");
    }

    @Override
    public String toString() {
        return job + "/" + vertex + "#" + index;
    }
}
