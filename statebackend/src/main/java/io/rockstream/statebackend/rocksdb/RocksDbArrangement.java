package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.Arrangement;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * An arrangement in one column family, one RocksDB entry per (key, row):
 *
 * <pre>
 * keyGroup canonical(key)                 → zigzag(total weight) varint(rows)
 * keyGroup canonical(key) canonical(row)  → zigzag(weight) row (exact form)
 * </pre>
 *
 * {@code get(key)} is one prefix scan. Keys changed in the epoch stay in memory until the
 * end of the epoch, which writes only their changed rows; then they join a bounded LRU
 * cache (bounded by the number of cached rows).
 */
final class RocksDbArrangement implements Arrangement, EpochWrites {
    private final RocksDbStore store;
    private final ColumnFamilyHandle family;
    private final int maxParallelism;
    private final int cacheCapacityRows;
    private final Map<Row, Entry> touched = new HashMap<>();
    private final LinkedHashMap<Row, Entry> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedRows;
    private final StoredCounter keyCount;

    /** One key's rows as known in memory. */
    private static final class Entry {
        final Row key;
        final byte[] prefix;
        final Map<Row, Long> rows = new HashMap<>(4);
        final Map<Row, Long> view = Collections.unmodifiableMap(rows);
        long total;
        /** Whether the key's entry is in the database. */
        boolean stored;
        /** Rows changed in this epoch (as added; the stored form is the one in {@code rows}). */
        final Set<Row> changed = new HashSet<>();

        Entry(Row key, byte[] prefix) {
            this.key = key;
            this.prefix = prefix;
        }
    }

    RocksDbArrangement(RocksDbStore store, ColumnFamilyHandle family, int maxParallelism, int cacheCapacityRows) {
        this.store = store;
        this.family = family;
        this.maxParallelism = maxParallelism;
        this.cacheCapacityRows = cacheCapacityRows;
        this.keyCount = new StoredCounter(store, family);
    }

    @Override
    public void add(Row key, Row row, long weight) {
        if (weight == 0) {
            return;
        }
        Entry entry = touched.get(key);
        if (entry == null) {
            entry = cached(key);
            cache.remove(entry.key);
            cachedRows -= entry.rows.size();
            touched.put(entry.key, entry);
        }
        boolean wasEmpty = entry.rows.isEmpty();
        long updated = entry.rows.merge(row, weight, Long::sum);
        if (updated == 0) {
            entry.rows.remove(row);
        }
        entry.total += weight;
        entry.changed.add(row);
        if (wasEmpty != entry.rows.isEmpty()) {
            keyCount.add(wasEmpty ? 1 : -1);
        }
    }

    @Override
    public Map<Row, Long> get(Row key) {
        Entry entry = touched.get(key);
        return (entry != null ? entry : cached(key)).view;
    }

    @Override
    public long totalWeight(Row key) {
        Entry entry = touched.get(key);
        return (entry != null ? entry : cached(key)).total;
    }

    @Override
    public long keyCount() {
        return keyCount.value();
    }

    @Override
    public void collect(WriteBatch batch) throws RocksDBException {
        for (Entry entry : touched.values()) {
            Map<Row, Row> storedForms = storedForms(entry);
            for (Row row : entry.changed) {
                byte[] rowKey = StateKeys.rowKey(entry.prefix, row);
                Long weight = entry.rows.get(row);
                if (weight == null) {
                    batch.delete(family, rowKey);
                } else {
                    RowCodec.Writer writer = new RowCodec.Writer(64);
                    writer.signed(weight);
                    writer.row(storedForms.getOrDefault(row, row));
                    batch.put(family, rowKey, writer.toByteArray());
                }
            }
            if (!entry.rows.isEmpty()) {
                batch.put(family, entry.prefix,
                        new RowCodec.Writer(16).signed(entry.total).varint(entry.rows.size()).toByteArray());
            } else if (entry.stored) {
                batch.delete(family, entry.prefix);
            }
        }
        keyCount.collect(batch);
    }

    /**
     * The form kept in {@code rows} of each changed row that is present (a row keeps the
     * form in which it was first added, as in the heap arrangement); one pass over the key's
     * rows, only when some changed row may differ from its stored form.
     */
    private static Map<Row, Row> storedForms(Entry entry) {
        if (entry.changed.isEmpty() || entry.rows.isEmpty()) {
            return Map.of();
        }
        Map<Row, Row> forms = new HashMap<>();
        for (Row row : entry.rows.keySet()) {
            if (entry.changed.contains(row)) {
                forms.put(row, row);
            }
        }
        return forms;
    }

    @Override
    public void committed() {
        for (Entry entry : touched.values()) {
            entry.changed.clear();
            entry.stored = !entry.rows.isEmpty();
            cache.put(entry.key, entry);
            cachedRows += entry.rows.size();
        }
        touched.clear();
        keyCount.committed();
        trim();
    }

    /** The key's entry from the cache or one prefix scan of the database. */
    private Entry cached(Row key) {
        Entry entry = cache.get(key);
        if (entry != null) {
            return entry;
        }
        entry = new Entry(key, StateKeys.key(key, maxParallelism));
        try (RocksIterator iterator = store.newIterator(family)) {
            for (iterator.seek(entry.prefix); iterator.isValid(); iterator.next()) {
                byte[] storeKey = iterator.key();
                if (!StateKeys.startsWith(storeKey, entry.prefix)) {
                    break;
                }
                byte[] value = iterator.value();
                RowCodec.Reader reader = new RowCodec.Reader(value, 0, value.length);
                if (storeKey.length == entry.prefix.length) {
                    entry.total = reader.signed();
                    reader.varint();
                    entry.stored = true;
                } else {
                    long weight = reader.signed();
                    entry.rows.put(reader.row(), weight);
                }
                reader.expectEnd();
            }
        }
        cache.put(key, entry);
        cachedRows += entry.rows.size();
        trim();
        return entry;
    }

    private void trim() {
        Iterator<Entry> eldest = cache.values().iterator();
        while (cachedRows + cache.size() > cacheCapacityRows && eldest.hasNext()) {
            Entry entry = eldest.next();
            // the entry just loaded stays, however large: its view is being returned
            if (!eldest.hasNext()) {
                break;
            }
            cachedRows -= entry.rows.size();
            eldest.remove();
        }
    }
}
