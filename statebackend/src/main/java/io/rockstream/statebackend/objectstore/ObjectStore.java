package io.rockstream.statebackend.objectstore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The durable truth of RockStream (ARCHITECTURE.md §4): a flat namespace of immutable
 * objects addressed by '/'-separated keys. Local disk is only a cache; everything that must
 * survive a crash is written here first.
 *
 * <p>Contract, for every implementation (checked by {@code ObjectStoreContract}):
 * <ul>
 *   <li>{@code put} is atomic: a reader sees the old object, the new one, or none, never a
 *       part. An acknowledged put is durable.</li>
 *   <li>{@code putIfAbsent} succeeds for exactly one of several concurrent writers of a
 *       key; it is how a writer claims a sequence number.</li>
 *   <li>{@code list} returns every object under a prefix, sorted by key.</li>
 *   <li>A missing object fails with {@code 58P01}; any other I/O failure with {@code 58030},
 *       or {@code 53100} when the disk is full. Keys must not be empty, start with '/' or
 *       contain "..".</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {
    /** Writes (or replaces) an object. */
    void put(String key, byte[] data);

    /** Uploads a local file as an object. */
    void putFile(String key, Path file);

    /** Writes an object unless one exists; true when this call created it. */
    boolean putIfAbsent(String key, byte[] data);

    /** The whole object; fails with 58P01 when it does not exist. */
    byte[] get(String key);

    /** The object, or empty when it does not exist. */
    Optional<byte[]> find(String key);

    /** {@code length} bytes from {@code offset} (fewer at the end of the object). */
    byte[] getRange(String key, long offset, int length);

    /** Downloads an object into a local file, replacing it. */
    void getFile(String key, Path target);

    /** Every object whose key starts with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key);

    /** Where the objects live, for logs and messages ({@code file:/...}, {@code s3://...}). */
    String location();

    @Override
    void close();

    /** One listed object. */
    record ObjectInfo(String key, long size) {
        public ObjectInfo {
            java.util.Objects.requireNonNull(key, "key is null");
        }
    }

    /** Rejects keys that could escape the store's root. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key: " + key);
        }
        return key;
    }
}
