package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a TaskManager's RocksDB checkpoint consists of: every file needed to reopen the
 * database (those uploaded by this checkpoint and those reused from earlier ones), plus how
 * many bytes this checkpoint uploaded and how many it reused. The JobManager stores its
 * {@link #toJson() JSON form} in its checkpoint manifest and hands it back to
 * {@link RocksDbStore#restore}.
 *
 * <pre>
 * {"formatVersion":1,"incarnation":"…","files":[{"name":"000012.sst","objectKey":"…",
 *  "size":1234,"crc32c":305419896}, …],"uploadedBytes":1234,"reusedBytes":0}
 * </pre>
 */
public record StateCheckpoint(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("incarnation") String incarnation,
        @JsonProperty("files") List<StateFile> files,
        @JsonProperty("uploadedBytes") long uploadedBytes,
        @JsonProperty("reusedBytes") long reusedBytes) {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public StateCheckpoint {
        requireNonNull(incarnation, "incarnation is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (formatVersion != FORMAT_VERSION) {
            throw RockStreamException.of(ErrorCode.DATA_CORRUPTED,
                    "state checkpoint format version %d is not supported (expected %d)", formatVersion, FORMAT_VERSION);
        }
    }

    /** Every object this checkpoint needs: what garbage collection must keep. */
    public Set<String> objectKeys() {
        Set<String> keys = new LinkedHashSet<>();
        files.forEach(file -> keys.add(file.objectKey()));
        return keys;
    }

    /** The total size of the database's files. */
    public long totalBytes() {
        return files.stream().mapToLong(StateFile::size).sum();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw RockStreamException.internal("cannot write a state checkpoint as JSON", e);
        }
    }

    /** Reads {@link #toJson()}'s output; malformed input fails with XX001. */
    public static StateCheckpoint fromJson(byte[] json) {
        try {
            return JSON.readValue(json, StateCheckpoint.class);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RockStreamException rockStream) {
                throw rockStream;
            }
            throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "corrupt state checkpoint: %s", e.getMessage())
                    .withCause(e);
        }
    }
}
