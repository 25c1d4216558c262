package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.Arrangement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p><b>Blind adds.</b> An {@code add} to a key that is not in memory reads nothing: it
 * records the change (a blind add), and the end of the epoch reads the key's
 * header and each changed row by point lookups, so adding to a key costs the rows changed,
 * not the rows the key holds (a join side keyed by customer gains one row per order without
 * reading the customer's other orders). A {@code get} of such a key reads it and applies
 * the recorded adds. Keys added to blind do not join the cache.
 */
final class RocksDbArrangement implements Arrangement, EpochWrites {
    private final RocksDbStore store;
    private final ColumnFamilyHandle family;
    private final int maxParallelism;
    private final int cacheCapacityRows;
    private final Map<Row, Entry> touched = new HashMap<>();
    /** Keys added to in this epoch without being read (blind adds), written at its end. */
    private final Map<Row, Blind> blind = new HashMap<>();
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

    /** A key added to blind in this epoch: its adds, in order (the order decides which form a row keeps). */
    private static final class Blind {
        final Row key;
        final List<Row> rows = new ArrayList<>(2);
        final List<Long> weights = new ArrayList<>(2);

        Blind(Row key) {
            this.key = key;
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
            entry = cache.remove(key);
            if (entry == null) {
                // not in memory: record the change blind, read at the end of the epoch
                Blind adds = blind.computeIfAbsent(key, Blind::new);
                adds.rows.add(row);
                adds.weights.add(weight);
                return;
            }
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
        return inMemory(key).view;
    }

    @Override
    public long totalWeight(Row key) {
        return inMemory(key).total;
    }

    /** The key's whole state in memory: touched, cached, or read (and its blind adds applied). */
    private Entry inMemory(Row key) {
        Entry entry = touched.get(key);
        if (entry != null) {
            return entry;
        }
        Blind adds = blind.remove(key);
        if (adds == null) {
            return cached(key);
        }
        entry = read(adds.key, StateKeys.key(adds.key, maxParallelism));
        touched.put(entry.key, entry);
        for (int i = 0; i < adds.rows.size(); i++) {
            add(entry.key, adds.rows.get(i), adds.weights.get(i));
        }
        return entry;
    }

    @Override
    public long keyCount() {
        // keys that blind adds give rows or empty are only known once read
        for (Row key : List.copyOf(blind.keySet())) {
            inMemory(key);
        }
        return keyCount.value();
    }

    @Override
    public void collect(WriteBatch batch) throws RocksDBException {
        for (Blind adds : blind.values()) {
            collectBlind(adds, batch);
        }
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

    /** A row added to blind, at the end of the epoch: its weight and form as the adds leave them. */
    private static final class Changed {
        final byte[] rowKey;
        final boolean stored;
        long weight;
        Row form;

        Changed(byte[] rowKey, byte[] stored) {
            this.rowKey = rowKey;
            this.stored = stored != null;
            if (stored != null) {
                RowCodec.Reader reader = new RowCodec.Reader(stored, 0, stored.length);
                weight = reader.signed();
                form = reader.row();
                reader.expectEnd();
            }
        }
    }

    /**
     * Writes a key's blind adds: its header and each changed row read by point lookups, the
     * adds applied in order (a row absent when added takes that add's form, as in {@link #add}),
     * the rows written back and the header's total and row count updated.
     */
    private void collectBlind(Blind adds, WriteBatch batch) throws RocksDBException {
        byte[] prefix = StateKeys.key(adds.key, maxParallelism);
        byte[] header = store.get(family, prefix);
        long total = 0;
        long rows = 0;
        if (header != null) {
            RowCodec.Reader reader = new RowCodec.Reader(header, 0, header.length);
            total = reader.signed();
            rows = reader.varint();
            reader.expectEnd();
        }
        Map<Row, Changed> changes = new LinkedHashMap<>();
        for (int i = 0; i < adds.rows.size(); i++) {
            Row row = adds.rows.get(i);
            Changed change = changes.get(row);
            if (change == null) {
                byte[] rowKey = StateKeys.rowKey(prefix, row);
                change = new Changed(rowKey, store.get(family, rowKey));
                changes.put(row, change);
            }
            if (change.weight == 0) {
                change.form = row;
            }
            change.weight += adds.weights.get(i);
            total += adds.weights.get(i);
        }
        for (Changed change : changes.values()) {
            if (change.weight == 0) {
                if (change.stored) {
                    batch.delete(family, change.rowKey);
                    rows--;
                }
            } else {
                RowCodec.Writer writer = new RowCodec.Writer(64);
                writer.signed(change.weight);
                writer.row(change.form);
                batch.put(family, change.rowKey, writer.toByteArray());
                if (!change.stored) {
                    rows++;
                }
            }
        }
        if (rows > 0) {
            batch.put(family, prefix, new RowCodec.Writer(16).signed(total).varint(rows).toByteArray());
        } else if (header != null) {
            batch.delete(family, prefix);
        }
        if ((header != null) != (rows > 0)) { // the header is stored while the key has rows
            keyCount.add(rows > 0 ? 1 : -1);
        }
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
        blind.clear(); // what they changed is stored; their keys are not known whole here
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
        entry = read(key, StateKeys.key(key, maxParallelism));
        cache.put(key, entry);
        cachedRows += entry.rows.size();
        trim();
        return entry;
    }

    /** The key's whole state, by one prefix scan of the database. */
    private Entry read(Row key, byte[] prefix) {
        Entry entry = new Entry(key, prefix);
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
