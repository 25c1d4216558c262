package io.rockstream.jobmanager.durability;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.objectstore.ObjectStore;
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

    /** A checkpoint read back from the store. */
    public record Restored(CheckpointManifest manifest, CheckpointSnapshot snapshot) {
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

    /** Writes a checkpoint's snapshot and then its manifest; returns the manifest. */
    public CheckpointManifest write(long id, CheckpointSnapshot snapshot) {
        byte[] data = snapshot.encode();
        String key = folder(id) + SNAPSHOT;
        store.put(key, data);
        CheckpointManifest manifest = new CheckpointManifest(id, snapshot.epoch(), snapshot.walSequence(),
                Instant.now().toString(), List.of(new CheckpointManifest.FileRef(key, data.length, crc(data))));
        byte[] json = manifest.toJson();
        if (!store.putIfAbsent(folder(id) + MANIFEST, json)
                && !store.find(folder(id) + MANIFEST).map(found -> Arrays.equals(found, json)).orElse(false)) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "checkpoint %d already exists in %s: another RockStream"
                    + " process is writing to the same storage", id, store.location());
        }
        return manifest;
    }

    /**
     * The newest checkpoint that reads back intact. A damaged or incomplete one is logged
     * and skipped; {@code failures} collects why, for the caller to report.
     */
    public Optional<Restored> latest(List<String> failures) {
        List<Long> ids = ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            long id = ids.get(i);
            String manifestKey = folder(id) + MANIFEST;
            Optional<byte[]> manifestData = store.find(manifestKey);
            if (manifestData.isEmpty()) {
                continue;
            }
            try {
                CheckpointManifest manifest = CheckpointManifest.fromJson(manifestKey, manifestData.get());
                CheckpointSnapshot snapshot = null;
                for (CheckpointManifest.FileRef file : manifest.files()) {
                    byte[] data = store.get(file.key());
                    if (data.length != file.size() || crc(data) != file.crc32c()) {
                        throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint file %s is damaged:"
                                + " %d bytes with checksum %d, the manifest says %d bytes with checksum %d", file.key(),
                                data.length, crc(data), file.size(), file.crc32c());
                    }
                    if (file.key().endsWith("/" + SNAPSHOT)) {
                        snapshot = CheckpointSnapshot.decode(file.key(), data);
                    }
                }
                if (snapshot == null) {
                    throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint %d lists no JobManager snapshot", id);
                }
                return Optional.of(new Restored(manifest, snapshot));
            } catch (RockStreamException failure) {
                String why = "checkpoint " + id + " is unusable (" + failure.sqlState() + "): " + failure.getMessage();
                LOG.error("{}; falling back to an older checkpoint", why);
                failures.add(why);
            }
        }
        return Optional.empty();
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

    static String folder(long id) {
        return PREFIX + String.format("%020d", id) + "/";
    }

    static long crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }
}
