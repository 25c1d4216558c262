package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One file of a RocksDB checkpoint: its name in the database directory, the object that
 * holds it, its size in bytes and its CRC32C, checked when the file is downloaded again,
 * and for an SST file the column family it belongs to (null when unknown, e.g. in
 * checkpoints written before it was recorded), so a restore of some families downloads
 * only their files.
 */
public record StateFile(
        @JsonProperty("name") String name,
        @JsonProperty("objectKey") String objectKey,
        @JsonProperty("size") long size,
        @JsonProperty("crc32c") long crc32c,
        @JsonProperty("family") @com.fasterxml.jackson.annotation.JsonInclude(
                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String family) {
    /** A file whose column family is not recorded. */
    public StateFile(String name, String objectKey, long size, long crc32c) {
        this(name, objectKey, size, crc32c, null);
    }

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
