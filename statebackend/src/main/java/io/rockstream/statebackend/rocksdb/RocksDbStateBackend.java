package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.statebackend.Arrangement;
import io.rockstream.statebackend.KeyGroups;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.StateSerializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The state of one subtask in its TaskManager's {@link RocksDbStore}: each named state is a
 * column family {@code <job>/<vertex>#<subtask>/<name>} (one per subtask, because broadcast
 * and forward inputs can give two subtasks of a vertex the same key), keys start with their
 * key group. Changes stay in memory during an epoch; {@link #endEpoch} writes those of all
 * states as one WriteBatch. Decoded values of recent keys are cached, within a bound.
 */
public final class RocksDbStateBackend implements StateBackend {
    /** Decoded values (value states) or rows (arrangements) cached per state between epochs. */
    public static final int DEFAULT_CACHE_CAPACITY = 4096;

    private final RocksDbStore store;
    private final SubtaskId subtask;
    private final int maxParallelism;
    private final int cacheCapacity;
    private final Map<String, Object> states = new LinkedHashMap<>();
    /** The column families of this subtask's states, for monitoring from other threads. */
    private final java.util.List<org.rocksdb.ColumnFamilyHandle> families =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public RocksDbStateBackend(RocksDbStore store, SubtaskId subtask, int maxParallelism, int cacheCapacity) {
        this.store = requireNonNull(store, "store is null");
        this.subtask = requireNonNull(subtask, "subtask is null");
        if (maxParallelism < 1 || maxParallelism > KeyGroups.MAX_KEY_GROUPS) {
            throw new IllegalArgumentException("maxParallelism must be in [1, " + KeyGroups.MAX_KEY_GROUPS + "]: "
                    + maxParallelism);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cacheCapacity must be positive: " + cacheCapacity);
        }
        this.maxParallelism = maxParallelism;
        this.cacheCapacity = cacheCapacity;
    }

    /** Creates a backend per subtask over {@code store}; dropping a job drops its column families. */
    public static StateBackendFactory factory(RocksDbStore store) {
        return factory(store, null);
    }

    /**
     * {@link #factory(RocksDbStore)} that also restores slots from state checkpoints in
     * {@code objects} (null: it cannot): each checkpoint a restore names is downloaded once
     * into a directory beside the store, the families of the slots it holds are imported
     * whole (their SST files moved in), and it is deleted.
     */
    public static StateBackendFactory factory(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects) {
        requireNonNull(store, "store is null");
        return new StateBackendFactory() {
            @Override
            public void restoreSlots(JobId job, Map<Integer, byte[]> checkpoints) {
                if (checkpoints.isEmpty()) {
                    return;
                }
                if (objects == null) {
                    throw new UnsupportedOperationException("this TaskManager has no object store to restore from");
                }
                restore(store, objects, job, checkpoints);
            }

            @Override
            public void redistributeSlots(JobId job, java.util.Set<Integer> slots, Map<Integer, byte[]> checkpoints,
                    Map<Integer, Integer> oldParallelism, Map<Integer, Integer> newParallelism, int maxParallelism) {
                if (objects == null) {
                    throw new UnsupportedOperationException("this TaskManager has no object store to restore from");
                }
                redistribute(store, objects, job, slots, checkpoints, oldParallelism, newParallelism, maxParallelism);
            }

            @Override
            public StateBackend create(SubtaskId subtask, int maxParallelism) {
                return new RocksDbStateBackend(store, subtask, maxParallelism, DEFAULT_CACHE_CAPACITY);
            }

            @Override
            public void dropJob(JobId job) {
                store.dropJob(job);
            }
        };
    }

    private static final java.util.concurrent.atomic.AtomicLong RESTORES = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The old slots' checkpoints of {@code job}, opened to read: one reader per distinct
     * checkpoint, with the families of the slots it holds only (so only those are downloaded).
     */
    private static final class Sources implements AutoCloseable {
        final Map<Integer, CheckpointReader> bySlot = new java.util.HashMap<>();
        final java.util.List<CheckpointReader> readers = new java.util.ArrayList<>();

        Sources(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects, JobId job,
                Map<Integer, byte[]> checkpoints) {
            Map<String, java.util.Set<Integer>> slotsByCheckpoint = new LinkedHashMap<>();
            Map<String, byte[]> json = new LinkedHashMap<>();
            checkpoints.forEach((slot, description) -> {
                String key = new String(description, java.nio.charset.StandardCharsets.UTF_8);
                json.put(key, description);
                slotsByCheckpoint.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(slot);
            });
            try {
                slotsByCheckpoint.forEach((key, slots) -> {
                    java.nio.file.Path directory = store.directory().resolveSibling(store.directory().getFileName()
                            + ".restore-" + RESTORES.incrementAndGet());
                    CheckpointReader reader = CheckpointReader.open(objects, StateCheckpoint.fromJson(json.get(key)),
                            directory, family -> RocksDbStore.holdsSlot(family, job, slots));
                    readers.add(reader);
                    slots.forEach(slot -> bySlot.put(slot, reader));
                });
            } catch (RuntimeException failure) {
                close();
                throw failure;
            }
        }

        CheckpointReader of(int slot) {
            CheckpointReader source = bySlot.get(slot);
            if (source == null) {
                throw new IllegalArgumentException("no state checkpoint for old slot " + slot);
            }
            return source;
        }

        long downloadedBytes() {
            return readers.stream().mapToLong(CheckpointReader::downloadedBytes).sum();
        }

        @Override
        public void close() {
            readers.forEach(CheckpointReader::close);
        }
    }

    private static void restore(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects,
            JobId job, Map<Integer, byte[]> checkpoints) {
        long started = System.nanoTime();
        long imported = 0;
        try (Sources sources = new Sources(store, objects, job, checkpoints)) {
            long downloaded = System.nanoTime();
            for (int slot : checkpoints.keySet()) {
                imported += store.importSlot(sources.of(slot), job, slot);
            }
            org.slf4j.LoggerFactory.getLogger(RocksDbStateBackend.class).info(
                    "Restored slots {} of job {} from {} state checkpoint(s): {} bytes downloaded and opened in {} ms,"
                            + " {} state families imported whole in {} ms", checkpoints.keySet(), job,
                    sources.readers.size(), sources.downloadedBytes(), (downloaded - started) / 1_000_000, imported,
                    (System.nanoTime() - downloaded) / 1_000_000);
        }
    }

    private static void redistribute(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects,
            JobId job, java.util.Set<Integer> slots, Map<Integer, byte[]> checkpoints, Map<Integer, Integer> oldParallelism,
            Map<Integer, Integer> newParallelism, int maxParallelism) {
        if (slots.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long entries = 0;
        try (Sources sources = new Sources(store, objects, job, checkpoints)) {
            for (Map.Entry<Integer, Integer> vertex : newParallelism.entrySet()) {
                String name = "v" + vertex.getKey();
                int next = vertex.getValue();
                int before = oldParallelism.getOrDefault(vertex.getKey(), next);
                for (int slot : slots) {
                    if (slot >= next) {
                        continue;
                    }
                    if (before == next) {
                        entries += store.copyKeyGroups(sources.of(slot), job, name, slot, slot, 0,
                                RocksDbStore.ALL_KEY_GROUPS);
                        continue;
                    }
                    int first = KeyGroups.rangeStart(slot, maxParallelism, next);
                    int end = KeyGroups.rangeStart(slot + 1, maxParallelism, next);
                    for (int old = 0; old < before; old++) {
                        entries += store.copyKeyGroups(sources.of(old), job, name, old, slot, first, end);
                    }
                }
            }
            org.slf4j.LoggerFactory.getLogger(RocksDbStateBackend.class).info(
                    "Redistributed key groups of job {} into slots {} from {} state checkpoint(s) ({} bytes downloaded,"
                            + " {} entries) in {} ms", job, slots, sources.readers.size(), sources.downloadedBytes(),
                    entries, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** A state asked for twice by the same name is the same state (its serializer must match). */
    @Override
    @SuppressWarnings("unchecked")
    public <V> KeyedValueState<V> valueState(String name, StateSerializer<V> serializer) {
        requireNonNull(serializer, "serializer is null");
        Object state = states.computeIfAbsent(name, n -> new RocksDbValueState<>(store,
                family(n), serializer, maxParallelism, cacheCapacity));
        if (!(state instanceof RocksDbValueState<?>)) {
            throw new IllegalArgumentException("state \"" + name + "\" of " + subtask + " is not a value state");
        }
        return (KeyedValueState<V>) state;
    }

    @Override
    public Arrangement arrangement(String name) {
        Object state = states.computeIfAbsent(name, n -> new RocksDbArrangement(store, family(n),
                maxParallelism, cacheCapacity * 4));
        if (!(state instanceof RocksDbArrangement arrangement)) {
            throw new IllegalArgumentException("state \"" + name + "\" of " + subtask + " is not an arrangement");
        }
        return arrangement;
    }

    private org.rocksdb.ColumnFamilyHandle family(String name) {
        org.rocksdb.ColumnFamilyHandle handle = store.columnFamily(subtask, name);
        families.add(handle);
        return handle;
    }

    @Override
    public long approximateBytes() {
        long bytes = 0;
        for (org.rocksdb.ColumnFamilyHandle handle : families) {
            bytes += store.approximateBytes(handle);
        }
        return bytes;
    }

    /** Writes every change of every state of this subtask since the last call as one batch. */
    @Override
    public void endEpoch(long epoch) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Object state : states.values()) {
                ((EpochWrites) state).collect(batch);
            }
            if (batch.count() > 0) {
                store.write(batch, families);
            }
        } catch (RocksDBException e) {
            throw RockStreamException.internal("could not write the state of " + subtask + " for epoch " + epoch, e);
        }
        for (Object state : states.values()) {
            ((EpochWrites) state).committed();
        }
    }
}
