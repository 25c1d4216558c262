package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.RowCodec;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The number of keys of one state, kept in the state's column family under
 * {@link StateKeys#COUNTER}: read once, changed in memory, written back with the epoch.
 */
final class StoredCounter {
    private final RocksDbStore store;
    private final ColumnFamilyHandle family;
    private boolean loaded;
    private long stored;
    private long value;

    StoredCounter(RocksDbStore store, ColumnFamilyHandle family) {
        this.store = store;
        this.family = family;
    }

    long value() {
        load();
        return value;
    }

    void add(long change) {
        load();
        value += change;
    }

    void collect(WriteBatch batch) throws RocksDBException {
        if (loaded && value != stored) {
            batch.put(family, StateKeys.COUNTER, new RowCodec.Writer(10).signed(value).toByteArray());
        }
    }

    void committed() {
        stored = value;
    }

    private void load() {
        if (!loaded) {
            byte[] bytes = store.get(family, StateKeys.COUNTER);
            stored = bytes == null ? 0 : new RowCodec.Reader(bytes, 0, bytes.length).signed();
            value = stored;
            loaded = true;
        }
    }
}
