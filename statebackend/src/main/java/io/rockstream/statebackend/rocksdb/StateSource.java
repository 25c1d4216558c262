package io.rockstream.statebackend.rocksdb;

import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/** Column families state can be copied from: a live store, or a checkpoint opened to read. */
public interface StateSource {
    /** The column families by name (a snapshot of them). */
    Map<String, ColumnFamilyHandle> familiesByName();

    /** An iterator over one of them, to close after use. */
    RocksIterator iterator(ColumnFamilyHandle family);
}
