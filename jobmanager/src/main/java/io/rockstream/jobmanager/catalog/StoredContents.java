package io.rockstream.jobmanager.catalog;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import io.rockstream.statebackend.rocksdb.RowKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Contents in a raw column family of the process's RocksDB store, so a relation may be
 * larger than the heap. Checkpoints of the store hold them; nothing is cached on the heap.
 *
 * <pre>
 * (empty key)          → zigzag(size)
 * 0x01 canonical(row)  → zigzag(count) row        (the row as first stored)
 * 0x02 canonical(key)  → row                      (with a unique key: the row with that key)
 * 0x03                 → varint(n) varint(column)×n (the key's columns; n = 0: no key)
 * </pre>
 *
 * The key is a table's primary key or a view's unique key ({@link ViewKey}). {@link #open}
 * compares the key asked for with the one the stored index was built for (0x03) and rebuilds
 * the index when they differ, e.g. for contents a checkpoint of an earlier version saved
 * without one.
 *
 * Canonical forms ({@link RowKeys}) make rows that are equal as SQL values share a key.
 * One writer at a time; reads are safe from any thread (RocksDB is thread-safe, and
 * {@link #read} pins a RocksDB snapshot, so a scan never sees a later epoch).
 */
public final class StoredContents implements Contents {
    private static final byte[] SIZE = new byte[0];
    private static final byte ROW = 1;
    private static final byte KEY = 2;
    private static final byte[] ROWS = {ROW};
    private static final byte[] KEYS = {KEY};
    private static final byte[] KEY_COLUMNS = {3};
    /** The index rebuild writes a batch after this many changes, so it needs no memory in proportion to the rows. */
    private static final int REBUILD_BATCH = 10_000;
    /** A chunk ends after this many bytes of encoded rows, whatever its row count. */
    private static final int CHUNK_BYTES = 4 << 20;

    private final RocksDbStore store;
    private final String family;
    private final int[] uniqueKey;
    private volatile long size;

    private StoredContents(RocksDbStore store, String family, int[] uniqueKey) {
        this.store = store;
        this.family = family;
        this.uniqueKey = uniqueKey != null && uniqueKey.length > 0 ? uniqueKey.clone() : null;
        byte[] stored = store.rawGet(family, SIZE);
        this.size = stored == null ? 0 : reader(stored).signed();
    }

    /**
     * The contents kept in family {@code family}, as stored (e.g. restored from a checkpoint),
     * indexed by the columns {@code key} (null or empty: no index); the index is rebuilt when
     * it was stored for other columns.
     */
    public static StoredContents open(RocksDbStore store, String family, int[] key) {
        StoredContents contents = new StoredContents(store, family, key);
        byte[] stored = store.rawGet(family, KEY_COLUMNS);
        if (stored == null || !java.util.Arrays.equals(stored, contents.keyColumns())) {
            contents.rebuildIndex();
        }
        return contents;
    }

    /**
     * Empty contents in family {@code family}, indexed by the columns {@code key} (null or
     * empty: no index); whatever the family held before is deleted.
     */
    public static StoredContents create(RocksDbStore store, String family, int[] key) {
        store.dropRawFamily(family);
        StoredContents contents = new StoredContents(store, family, key);
        try (RocksDbStore.RawBatch batch = store.newBatch()) {
            batch.put(family, KEY_COLUMNS, contents.keyColumns());
            store.write(batch);
        }
        return contents;
    }

    /** The 0x03 entry: the key's columns. */
    private byte[] keyColumns() {
        int[] columns = uniqueKey == null ? new int[0] : uniqueKey;
        RowCodec.Writer writer = new RowCodec.Writer(1 + columns.length * 2);
        writer.varint(columns.length);
        for (int column : columns) {
            writer.varint(column);
        }
        return writer.toByteArray();
    }

    /** Replaces the index by one on the key's columns: deletes every 0x02 entry, then adds one per row present. */
    private void rebuildIndex() {
        RocksDbStore.RawBatch[] batch = {store.newBatch()};
        int[] pending = {0};
        Runnable step = () -> {
            if (++pending[0] >= REBUILD_BATCH) {
                store.write(batch[0]);
                batch[0].close();
                batch[0] = store.newBatch();
                pending[0] = 0;
            }
        };
        try (RocksDbStore.RawSnapshot snapshot = store.snapshot()) {
            snapshot.scan(family, KEYS, (key, value) -> {
                batch[0].delete(family, key);
                step.run();
                return true;
            });
            if (uniqueKey != null) {
                snapshot.scan(family, ROWS, (key, value) -> {
                    RowCodec.Reader reader = reader(value);
                    if (reader.signed() > 0) {
                        byte[] rowBytes = java.util.Arrays.copyOfRange(value, reader.position(), value.length);
                        Row row = RowCodec.decode(rowBytes);
                        batch[0].put(family, RowKeys.key(KEY, row.project(uniqueKey)), rowBytes);
                        step.run();
                    }
                    return true;
                });
            }
            batch[0].put(family, KEY_COLUMNS, keyColumns());
            store.write(batch[0]);
        } finally {
            batch[0].close();
        }
    }

    @Override
    public void apply(ZSet delta) {
        ZSet change = delta.consolidate();
        if (change.isEmpty()) {
            return;
        }
        List<byte[]> removedKeys = new ArrayList<>();
        List<byte[]> addedKeys = new ArrayList<>();
        List<byte[]> addedRows = new ArrayList<>();
        long updatedSize = size;
        try (RocksDbStore.RawBatch batch = store.newBatch()) {
            for (int i = 0; i < change.size(); i++) {
                Row row = change.row(i);
                long weight = change.weight(i);
                byte[] key = RowKeys.key(ROW, row);
                byte[] old = store.rawGet(family, key);
                long count = 0;
                byte[] rowBytes;
                if (old == null) {
                    rowBytes = RowCodec.encode(row);
                } else {
                    RowCodec.Reader reader = reader(old);
                    count = reader.signed();
                    rowBytes = java.util.Arrays.copyOfRange(old, reader.position(), old.length);
                }
                long updated = count + weight;
                if (updated == 0) {
                    batch.delete(family, key);
                } else {
                    RowCodec.Writer writer = new RowCodec.Writer(rowBytes.length + 10);
                    writer.signed(updated);
                    byte[] value = writer.toByteArray();
                    byte[] combined = java.util.Arrays.copyOf(value, value.length + rowBytes.length);
                    System.arraycopy(rowBytes, 0, combined, value.length, rowBytes.length);
                    batch.put(family, key, combined);
                }
                updatedSize += weight;
                if (uniqueKey != null) {
                    if (count > 0 && updated <= 0) {
                        removedKeys.add(RowKeys.key(KEY, row.project(uniqueKey)));
                    } else if (count <= 0 && updated > 0) {
                        addedKeys.add(RowKeys.key(KEY, row.project(uniqueKey)));
                        addedRows.add(rowBytes);
                    }
                }
            }
            // removals first: a key that changes row within the change ends with its new row
            for (byte[] key : removedKeys) {
                batch.delete(family, key);
            }
            for (int i = 0; i < addedKeys.size(); i++) {
                batch.put(family, addedKeys.get(i), addedRows.get(i));
            }
            batch.put(family, SIZE, new RowCodec.Writer(10).signed(updatedSize).toByteArray());
            store.write(batch);
        }
        size = updatedSize;
    }

    @Override
    public long count(Row row) {
        byte[] stored = store.rawGet(family, RowKeys.key(ROW, row));
        return stored == null ? 0 : reader(stored).signed();
    }

    @Override
    public Row lookup(Row key) {
        if (uniqueKey == null) {
            return null;
        }
        byte[] stored = store.rawGet(family, RowKeys.key(KEY, key));
        return stored == null ? null : RowCodec.decode(stored);
    }

    @Override
    public long[] counts(List<Row> rows) {
        List<byte[]> keys = new ArrayList<>(rows.size());
        for (Row row : rows) {
            keys.add(RowKeys.key(ROW, row));
        }
        List<byte[]> stored = store.rawMultiGet(family, keys);
        long[] counts = new long[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = stored.get(i) == null ? 0 : reader(stored.get(i)).signed();
        }
        return counts;
    }

    @Override
    public Row[] lookups(List<Row> keys) {
        Row[] rows = new Row[keys.size()];
        if (uniqueKey == null) {
            return rows;
        }
        List<byte[]> encoded = new ArrayList<>(keys.size());
        for (Row key : keys) {
            encoded.add(RowKeys.key(KEY, key));
        }
        List<byte[]> stored = store.rawMultiGet(family, encoded);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = stored.get(i) == null ? null : RowCodec.decode(stored.get(i));
        }
        return rows;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Reader read() {
        RocksDbStore.RawSnapshot snapshot = store.snapshot();
        return new Reader() {
            @Override
            public void forEachChunk(int chunkRows, Consumer<ZSet> consumer) {
                ZSet[] chunk = {new ZSet(Math.min(chunkRows, 1024))};
                long[] bytes = {0};
                snapshot.scan(family, ROWS, (key, value) -> {
                    RowCodec.Reader reader = reader(value);
                    long count = reader.signed();
                    chunk[0].add(reader.row(), count);
                    bytes[0] += value.length;
                    if (chunk[0].size() >= chunkRows || bytes[0] >= CHUNK_BYTES) {
                        consumer.accept(chunk[0]);
                        chunk[0] = new ZSet(Math.min(chunkRows, 1024));
                        bytes[0] = 0;
                    }
                    return true;
                });
                if (!chunk[0].isEmpty()) {
                    consumer.accept(chunk[0]);
                }
            }

            @Override
            public void close() {
                snapshot.close();
            }
        };
    }

    @Override
    public void drop() {
        store.dropRawFamily(family);
        size = 0;
    }

    private static RowCodec.Reader reader(byte[] bytes) {
        return new RowCodec.Reader(bytes, 0, bytes.length);
    }
}
