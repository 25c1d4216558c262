package io.rockstream.jobmanager.durability;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import java.util.HashSet;
import java.util.Set;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in the object store, {@code checkpoints/<id>/}: the files first, the
 * {@code MANIFEST} last. Restoring picks the newest checkpoint whose manifest and files
 * are all intact and falls back to older ones; retention keeps the newest N complete
 * checkpoints and the log they need, and deletes everything else.
 */
public final class Checkpoints {
    static final String PREFIX = "checkpoints/";
    private static final String MANIFEST = "MANIFEST";
    private static final String SNAPSHOT = "jobmanager";
    private static final String STATE = "state.json";
    private static final String CLUSTER = "stores.json";
    /** Where the TaskManager's state files live, shared by all checkpoints. */
    public static final String STATE_PREFIX = "state";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final ObjectStore store;
    private final int retained;

    public Checkpoints(ObjectStore store, int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("at least one checkpoint must be retained");
        }
        this.store = store;
        this.retained = retained;
    }

    public int retained() {
        return retained;
    }

    /** A checkpoint read back from the store; the state checkpoint is absent for an engine without one. */
    public record Restored(CheckpointManifest manifest, CheckpointSnapshot snapshot, Optional<StateCheckpoint> state,
            Optional<CheckpointCluster> cluster) {
        public Restored(CheckpointManifest manifest, CheckpointSnapshot snapshot, Optional<StateCheckpoint> state) {
            this(manifest, snapshot, state, Optional.empty());
        }
    }

    /** The ids of every checkpoint folder, complete or not, ascending. */
    public List<Long> ids() {
        TreeSet<Long> ids = new TreeSet<>();
        for (ObjectStore.ObjectInfo object : store.list(PREFIX)) {
            String rest = object.key().substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                try {
                    ids.add(Long.parseLong(rest.substring(0, slash)));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /**
     * Writes a checkpoint's snapshot and the description of its (already uploaded) state
     * files, then its manifest; returns the manifest.
     */
    public CheckpointManifest write(long id, CheckpointSnapshot snapshot, Optional<StateCheckpoint> state) {
        return write(id, snapshot, state, Optional.empty());
    }

    /**
     * {@link #write(long, CheckpointSnapshot, Optional)} with the list of every store's state
     * checkpoint and where each view's slots are ({@code cluster}).
     */
    public CheckpointManifest write(long id, CheckpointSnapshot snapshot, Optional<StateCheckpoint> state,
            Optional<CheckpointCluster> cluster) {
        List<CheckpointManifest.FileRef> files = new ArrayList<>();
        files.add(putFile(folder(id) + SNAPSHOT, snapshot.encode()));
        state.ifPresent(checkpoint -> files.add(putFile(folder(id) + STATE, checkpoint.toJson())));
        cluster.ifPresent(stores -> files.add(putFile(folder(id) + CLUSTER, stores.toJson())));
        CheckpointManifest manifest = new CheckpointManifest(id, snapshot.epoch(), snapshot.walSequence(),
                Instant.now().toString(), files);
        byte[] json = manifest.toJson();
        if (!store.putIfAbsent(folder(id) + MANIFEST, json)
                && !store.find(folder(id) + MANIFEST).map(found -> Arrays.equals(found, json)).orElse(false)) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "checkpoint %d already exists in %s: another RockStream"
                    + " process is writing to the same storage", id, store.location());
        }
        return manifest;
    }

    private CheckpointManifest.FileRef putFile(String key, byte[] data) {
        store.put(key, data);
        return new CheckpointManifest.FileRef(key, data.length, crc(data));
    }

    /** The ids of complete checkpoints (those with a manifest), newest first. */
    public List<Long> completeIds() {
        List<Long> complete = new ArrayList<>();
        for (long id : ids()) {
            if (store.find(folder(id) + MANIFEST).isPresent()) {
                complete.add(id);
            }
        }
        complete.sort(Comparator.reverseOrder());
        return complete;
    }

    /** Reads checkpoint {@code id} and checks every file against its manifest (size and CRC32C). */
    public Restored read(long id) {
        String manifestKey = folder(id) + MANIFEST;
        CheckpointManifest manifest = CheckpointManifest.fromJson(manifestKey, store.get(manifestKey));
        CheckpointSnapshot snapshot = null;
        StateCheckpoint state = null;
        CheckpointCluster cluster = null;
        for (CheckpointManifest.FileRef file : manifest.files()) {
            byte[] data = store.get(file.key());
            if (data.length != file.size() || crc(data) != file.crc32c()) {
                throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint file %s is damaged:"
                        + " %d bytes with checksum %d, the manifest says %d bytes with checksum %d", file.key(),
                        data.length, crc(data), file.size(), file.crc32c());
            }
            if (file.key().endsWith("/" + SNAPSHOT)) {
                snapshot = CheckpointSnapshot.decode(file.key(), data);
            } else if (file.key().endsWith("/" + STATE)) {
                state = StateCheckpoint.fromJson(data);
            } else if (file.key().endsWith("/" + CLUSTER)) {
                cluster = CheckpointCluster.fromJson(file.key(), data);
            }
        }
        if (snapshot == null) {
            throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint %d lists no JobManager snapshot", id);
        }
        return new Restored(manifest, snapshot, Optional.ofNullable(state), Optional.ofNullable(cluster));
    }

    /** Logs and describes why checkpoint {@code id} cannot be restored. */
    public static String unusable(long id, RockStreamException failure) {
        String why = "checkpoint " + id + " is unusable (" + failure.sqlState() + "): " + failure.getMessage();
        LOG.error("{}; falling back to an older checkpoint", why);
        return why;
    }

    /**
     * Keeps the newest {@code retained} complete checkpoints (never {@code keep}, the one just
     * restored or written), deletes older and abandoned ones, and truncates the log through
     * the oldest retained checkpoint's position, so that falling back to it stays possible.
     */
    public void applyRetention(long newestComplete) {
        List<Long> complete = new ArrayList<>();
        List<Long> all = ids();
        for (long id : all) {
            if (id <= newestComplete && store.find(folder(id) + MANIFEST).isPresent()) {
                complete.add(id);
            }
        }
        complete.sort(Comparator.reverseOrder());
        List<Long> keep = complete.subList(0, Math.min(retained, complete.size()));
        if (keep.isEmpty()) {
            return;
        }
        long oldestKept = keep.get(keep.size() - 1);
        for (long id : all) {
            if (id < oldestKept || (id <= newestComplete && !keep.contains(id))) {
                // the manifest goes first, so a crash midway leaves an incomplete folder, never a broken checkpoint
                store.delete(folder(id) + MANIFEST);
                for (ObjectStore.ObjectInfo object : store.list(folder(id))) {
                    store.delete(object.key());
                }
            }
        }
        CheckpointManifest oldest = CheckpointManifest.fromJson(folder(oldestKept) + MANIFEST,
                store.get(folder(oldestKept) + MANIFEST));
        DurableLog.truncateThrough(store, oldest.walSequence());
    }

    /** The state files every retained checkpoint refers to. */
    public Set<String> referencedStateKeys() {
        Set<String> keys = new HashSet<>();
        for (long id : completeIds()) {
            store.find(folder(id) + STATE).ifPresent(json -> {
                try {
                    keys.addAll(StateCheckpoint.fromJson(json).objectKeys());
                } catch (RuntimeException damaged) {
                    // a damaged description protects nothing; its checkpoint cannot be restored anyway
                    LOG.warn("checkpoint {} has an unreadable state description: {}", id, damaged.toString());
                }
            });
            store.find(folder(id) + CLUSTER).ifPresent(json -> {
                try {
                    keys.addAll(CheckpointCluster.fromJson(folder(id) + CLUSTER, json).objectKeys());
                } catch (RuntimeException damaged) {
                    LOG.warn("checkpoint {} has an unreadable store list: {}", id, damaged.toString());
                }
            });
        }
        return keys;
    }

    static String folder(long id) {
        return PREFIX + String.format("%020d", id) + "/";
    }

    static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }
}
