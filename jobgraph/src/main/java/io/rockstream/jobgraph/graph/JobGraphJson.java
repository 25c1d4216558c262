package io.rockstream.jobgraph.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;

/**
 * The versioned JSON form of a {@link JobGraph}. {@code read(write(g)).equals(g)} holds for
 * every graph; a document of another format version is refused, not guessed at.
 */
public final class JobGraphJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JobGraphJson() {
    }

    public static String write(JobGraph graph) {
        try {
            return MAPPER.writeValueAsString(graph);
        } catch (JsonProcessingException e) {
            throw RockStreamException.internal("cannot serialize job graph " + graph.id(), e);
        }
    }

    public static JobGraph read(String json) {
        try {
            var tree = MAPPER.readTree(json);
            int version = tree.path("formatVersion").asInt(-1);
            if (version != JobGraph.FORMAT_VERSION) {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "job graph format version %d is not supported (this build reads version %d)",
                        version, JobGraph.FORMAT_VERSION);
            }
            return MAPPER.treeToValue(tree, JobGraph.class);
        } catch (JsonProcessingException e) {
            throw RockStreamException.of(ErrorCode.DATA_EXCEPTION, "malformed job graph JSON: " + e.getOriginalMessage());
        }
    }
}
