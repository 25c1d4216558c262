package io.rockstream.jobmanager.durability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete checkpoint: written last, atomically, once every file it lists is in the
 * object store. A checkpoint without a manifest never happened.
 *
 * <pre>
 * {"version": 1, "id": 12, "epoch": 1200, "walSequence": 1207, "createdAt": "...",
 *  "files": [{"key": "checkpoints/...12/jobmanager", "size": 1234, "crc32c": 987654}]}
 * </pre>
 */
public record CheckpointManifest(long id, long epoch, long walSequence, String createdAt, List<FileRef> files) {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckpointManifest {
        requireNonNull(createdAt, "createdAt is null");
        files = List.copyOf(files);
    }

    /** One object the checkpoint needs, with what it must look like. */
    public record FileRef(String key, long size, long crc32c) {
        public FileRef {
            requireNonNull(key, "key is null");
        }
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("id", id);
        root.put("epoch", epoch);
        root.put("walSequence", walSequence);
        root.put("createdAt", createdAt);
        ArrayNode list = root.putArray("files");
        for (FileRef file : files) {
            list.addObject().put("key", file.key()).put("size", file.size()).put("crc32c", file.crc32c());
        }
        return root.toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    public static CheckpointManifest fromJson(String key, byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.path("version").asInt() != VERSION) {
                throw damaged(key, "unknown version " + (root == null ? "(empty)" : root.path("version")));
            }
            List<FileRef> files = new ArrayList<>();
            for (JsonNode file : root.path("files")) {
                files.add(new FileRef(text(key, file, "key"), number(key, file, "size"), number(key, file, "crc32c")));
            }
            return new CheckpointManifest(number(key, root, "id"), number(key, root, "epoch"),
                    number(key, root, "walSequence"), text(key, root, "createdAt"), files);
        } catch (IOException e) {
            throw damaged(key, e.getMessage());
        }
    }

    private static long number(String key, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw damaged(key, "field " + field + " is missing");
        }
        return value.asLong();
    }

    private static String text(String key, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw damaged(key, "field " + field + " is missing");
        }
        return value.asText();
    }

    private static RockStreamException damaged(String key, String why) {
        return RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint manifest %s is damaged: %s", key, why);
    }
}
