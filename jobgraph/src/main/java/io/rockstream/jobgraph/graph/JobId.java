package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of a job: one per materialized view, named after it. */
public record JobId(String value) {
    public JobId {
        requireNonNull(value, "value is null");
    }

    @JsonCreator
    public static JobId of(String value) {
        return new JobId(value);
    }

    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
