package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

/** A data edge: the output of {@code source} feeds input {@code targetInput} of {@code target}. */
public record JobEdge(VertexId source, VertexId target, int targetInput, Partitioning partitioning) {
    public JobEdge {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(partitioning, "partitioning is null");
    }
}
