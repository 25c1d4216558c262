package io.rockstream.jobgraph.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of a vertex, unique within its job graph. */
public record VertexId(int value) {
    @JsonCreator
    public static VertexId of(int value) {
        return new VertexId(value);
    }

    @JsonValue
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "v" + value;
    }
}
