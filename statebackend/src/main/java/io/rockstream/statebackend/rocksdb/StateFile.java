package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One file of a RocksDB checkpoint: its name in the database directory, the object that
 * holds it, its size in bytes and its CRC32C, checked when the file is downloaded again.
 */
public record StateFile(
        @JsonProperty("name") String name,
        @JsonProperty("objectKey") String objectKey,
        @JsonProperty("size") long size,
        @JsonProperty("crc32c") long crc32c) {
    public StateFile {
        requireNonNull(name, "name is null");
        requireNonNull(objectKey, "objectKey is null");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid state file name: " + name);
        }
    }

    /** SST files never change once written, so a checkpoint may reuse an uploaded one. */
    boolean immutable() {
        return name.endsWith(".sst");
    }
}
