package io.rockstream.jobgraph.graph;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How the rows of an edge are routed from producer subtasks to consumer subtasks. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "partitioning")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Partitioning.Forward.class, name = "forward"),
    @JsonSubTypes.Type(value = Partitioning.Hash.class, name = "hash"),
    @JsonSubTypes.Type(value = Partitioning.Single.class, name = "single"),
    @JsonSubTypes.Type(value = Partitioning.Broadcast.class, name = "broadcast"),
})
public sealed interface Partitioning {
    /** Subtask i sends to subtask i (equal parallelism on both sides). */
    record Forward() implements Partitioning {
    }

    /** By the hash of the key columns: key → key group → the subtask owning that key group. */
    record Hash(List<Integer> keys) implements Partitioning {
        public Hash {
            keys = List.copyOf(keys);
        }
    }

    /** Everything to subtask 0 (a consumer of parallelism 1). */
    record Single() implements Partitioning {
    }

    /** Every row to every consumer subtask (a small side, such as one aggregate row, joined to a big one). */
    record Broadcast() implements Partitioning {
    }
}
