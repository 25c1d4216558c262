package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A keyed value state in one column family: {@code keyGroup canonical(key) → key value}
 * (the exact key row, then the serialized value).
 *
 * <p>Entries touched in the epoch ({@code get} returning a value, {@code put},
 * {@code remove}) are held in {@code touched}, never evicted, and written back at the end
 * of the epoch, so the owner may mutate them in place until then; afterwards they join a
 * bounded LRU cache of decoded values, so hot keys are not decoded for every epoch.
 */
final class RocksDbValueState<V> implements KeyedValueState<V>, EpochWrites {
    private final RocksDbStore store;
    private final ColumnFamilyHandle family;
    private final StateSerializer<V> serializer;
    private final int maxParallelism;
    private final int cacheCapacity;
    private final Map<Row, Slot<V>> touched = new HashMap<>();
    private final LinkedHashMap<Row, Slot<V>> cache = new LinkedHashMap<>(64, 0.75f, true);
    private final StoredCounter size;

    /** One key's value as known in memory; {@code value == null} means absent. */
    private static final class Slot<V> {
        final Row key;
        final byte[] storeKey;
        V value;
        boolean stored;

        Slot(Row key, byte[] storeKey, V value) {
            this.key = key;
            this.storeKey = storeKey;
            this.value = value;
            this.stored = value != null;
        }
    }

    RocksDbValueState(RocksDbStore store, ColumnFamilyHandle family, StateSerializer<V> serializer,
            int maxParallelism, int cacheCapacity) {
        this.store = store;
        this.family = family;
        this.serializer = serializer;
        this.maxParallelism = maxParallelism;
        this.cacheCapacity = cacheCapacity;
        this.size = new StoredCounter(store, family);
    }

    @Override
    public V get(Row key) {
        Slot<V> slot = touched.get(key);
        if (slot != null) {
            return slot.value;
        }
        slot = cached(key);
        if (slot.value != null) {
            touch(slot);
        }
        return slot.value;
    }

    @Override
    public void put(Row key, V value) {
        java.util.Objects.requireNonNull(value, "value is null");
        Slot<V> slot = slot(key);
        if (slot.value == null) {
            size.add(1);
        }
        slot.value = value;
    }

    @Override
    public void remove(Row key) {
        Slot<V> slot = slot(key);
        if (slot.value != null) {
            size.add(-1);
        }
        slot.value = null;
    }

    @Override
    public long size() {
        return size.value();
    }

    /** The stored entries with this epoch's changes applied. */
    @Override
    public void forEach(BiConsumer<Row, V> consumer) {
        try (RocksIterator iterator = store.newIterator(family)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                if (StateKeys.isCounter(iterator.key())) {
                    continue;
                }
                byte[] bytes = iterator.value();
                RowCodec.Reader reader = new RowCodec.Reader(bytes, 0, bytes.length);
                Row key = reader.row();
                if (touched.containsKey(key)) {
                    continue;
                }
                Slot<V> slot = cache.get(key);
                consumer.accept(key, slot != null ? slot.value : decodeValue(reader));
            }
        }
        for (Slot<V> slot : touched.values()) {
            if (slot.value != null) {
                consumer.accept(slot.key, slot.value);
            }
        }
    }

    @Override
    public void collect(WriteBatch batch) throws RocksDBException {
        for (Slot<V> slot : touched.values()) {
            if (slot.value != null) {
                RowCodec.Writer writer = new RowCodec.Writer(64);
                writer.row(slot.key);
                serializer.write(writer, slot.value);
                batch.put(family, slot.storeKey, writer.toByteArray());
            } else if (slot.stored) {
                batch.delete(family, slot.storeKey);
            }
        }
        size.collect(batch);
    }

    @Override
    public void committed() {
        for (Slot<V> slot : touched.values()) {
            slot.stored = slot.value != null;
            cache.put(slot.key, slot);
        }
        touched.clear();
        size.committed();
        trim();
    }

    /** The key's slot, moved to {@code touched}: it will be written back. */
    private Slot<V> slot(Row key) {
        Slot<V> slot = touched.get(key);
        if (slot == null) {
            slot = cached(key);
            touch(slot);
        }
        return slot;
    }

    private void touch(Slot<V> slot) {
        cache.remove(slot.key);
        touched.put(slot.key, slot);
    }

    /** The key's slot from the cache or the database (not touched). */
    private Slot<V> cached(Row key) {
        Slot<V> slot = cache.get(key);
        if (slot != null) {
            return slot;
        }
        byte[] storeKey = StateKeys.key(key, maxParallelism);
        byte[] bytes = store.get(family, storeKey);
        if (bytes == null) {
            slot = new Slot<>(key, storeKey, null);
        } else {
            RowCodec.Reader reader = new RowCodec.Reader(bytes, 0, bytes.length);
            Row storedKey = reader.row();
            slot = new Slot<>(storedKey, storeKey, decodeValue(reader));
        }
        cache.put(slot.key, slot);
        trim();
        return slot;
    }

    private V decodeValue(RowCodec.Reader reader) {
        V value = serializer.read(reader);
        reader.expectEnd();
        return value;
    }

    private void trim() {
        Iterator<Slot<V>> eldest = cache.values().iterator();
        while (cache.size() > cacheCapacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
