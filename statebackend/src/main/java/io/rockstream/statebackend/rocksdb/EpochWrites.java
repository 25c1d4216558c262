package io.rockstream.statebackend.rocksdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** A state that buffers an epoch's changes and writes them back at the end of the epoch. */
interface EpochWrites {
    /** Adds every change since the last commit to {@code batch}. */
    void collect(WriteBatch batch) throws RocksDBException;

    /** The batch was written: the changes are now stored; caches may be trimmed. */
    void committed();
}
