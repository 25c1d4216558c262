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
     * into a directory beside the store, the slots it holds are copied, and it is deleted.
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

    private static void restore(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects,
            JobId job, Map<Integer, byte[]> checkpoints) {
        long started = System.nanoTime();
        Map<String, java.util.List<Integer>> slotsByCheckpoint = new LinkedHashMap<>();
        Map<String, StateCheckpoint> described = new LinkedHashMap<>();
        checkpoints.forEach((slot, json) -> {
            String key = new String(json, java.nio.charset.StandardCharsets.UTF_8);
            described.computeIfAbsent(key, k -> StateCheckpoint.fromJson(json));
            slotsByCheckpoint.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(slot);
        });
        long entries = 0;
        long bytes = 0;
        for (Map.Entry<String, java.util.List<Integer>> group : slotsByCheckpoint.entrySet()) {
            StateCheckpoint checkpoint = described.get(group.getKey());
            java.nio.file.Path directory = store.directory().resolveSibling(store.directory().getFileName()
                    + ".restore-" + RESTORES.incrementAndGet());
            try (RocksDbStore source = RocksDbStore.restore(objects, checkpoint, directory, 16L << 20)) {
                for (int slot : group.getValue()) {
                    entries += store.copySlot(source, job, slot);
                }
            } finally {
                RocksDbStore.deleteDirectory(directory);
            }
            bytes += checkpoint.totalBytes();
        }
        org.slf4j.LoggerFactory.getLogger(RocksDbStateBackend.class).info(
                "Restored slots {} of job {} from {} state checkpoint(s) ({} bytes downloaded, {} entries) in {} ms",
                checkpoints.keySet(), job, slotsByCheckpoint.size(), bytes, entries,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void redistribute(RocksDbStore store, io.rockstream.statebackend.objectstore.ObjectStore objects,
            JobId job, java.util.Set<Integer> slots, Map<Integer, byte[]> checkpoints, Map<Integer, Integer> oldParallelism,
            Map<Integer, Integer> newParallelism, int maxParallelism) {
        if (slots.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<String, RocksDbStore> opened = new LinkedHashMap<>();
        Map<Integer, RocksDbStore> oldSlots = new java.util.HashMap<>();
        java.util.List<java.nio.file.Path> directories = new java.util.ArrayList<>();
        long entries = 0;
        try {
            checkpoints.forEach((slot, json) -> oldSlots.put(slot, opened.computeIfAbsent(
                    new String(json, java.nio.charset.StandardCharsets.UTF_8), key -> {
                        java.nio.file.Path directory = store.directory().resolveSibling(store.directory().getFileName()
                                + ".restore-" + RESTORES.incrementAndGet());
                        directories.add(directory);
                        return RocksDbStore.restore(objects, StateCheckpoint.fromJson(json), directory, 16L << 20);
                    })));
            for (Map.Entry<Integer, Integer> vertex : newParallelism.entrySet()) {
                String name = "v" + vertex.getKey();
                int next = vertex.getValue();
                int before = oldParallelism.getOrDefault(vertex.getKey(), next);
                for (int slot : slots) {
                    if (slot >= next) {
                        continue;
                    }
                    if (before == next) {
                        entries += store.copyKeyGroups(source(oldSlots, slot), job, name, slot, slot, 0,
                                RocksDbStore.ALL_KEY_GROUPS);
                        continue;
                    }
                    int first = KeyGroups.rangeStart(slot, maxParallelism, next);
                    int end = KeyGroups.rangeStart(slot + 1, maxParallelism, next);
                    for (int old = 0; old < before; old++) {
                        entries += store.copyKeyGroups(source(oldSlots, old), job, name, old, slot, first, end);
                    }
                }
            }
        } finally {
            opened.values().forEach(RocksDbStore::close);
            directories.forEach(RocksDbStore::deleteDirectory);
        }
        org.slf4j.LoggerFactory.getLogger(RocksDbStateBackend.class).info(
                "Redistributed key groups of job {} into slots {} from {} state checkpoint(s) ({} entries) in {} ms", job,
                slots, opened.size(), entries, (System.nanoTime() - started) / 1_000_000);
    }

    private static RocksDbStore source(Map<Integer, RocksDbStore> oldSlots, int slot) {
        RocksDbStore source = oldSlots.get(slot);
        if (source == null) {
            throw new IllegalArgumentException("no state checkpoint for old slot " + slot);
        }
        return source;
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
                store.write(batch);
            }
        } catch (RocksDBException e) {
            throw RockStreamException.internal("could not write the state of " + subtask + " for epoch " + epoch, e);
        }
        for (Object state : states.values()) {
            ((EpochWrites) state).committed();
        }
    }
}
