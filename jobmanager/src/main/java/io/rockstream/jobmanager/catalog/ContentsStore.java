package io.rockstream.jobmanager.catalog;

import io.rockstream.statebackend.rocksdb.RocksDbStore;

/**
 * Where the visible contents of tables and materialized views live: on the heap for an
 * in-memory engine, in the process's RocksDB store (one raw column family per relation,
 * named {@code relation/<name>}) for an engine with storage, where checkpoints of the store
 * hold them.
 */
public interface ContentsStore {
    /** Contents on the heap. */
    ContentsStore HEAP = new ContentsStore() {
        @Override
        public Contents create(String relation, int[] primaryKey) {
            return new HeapContents(primaryKey);
        }

        @Override
        public Contents open(String relation, int[] primaryKey) {
            return new HeapContents(primaryKey);
        }
    };

    /** Empty contents for {@code relation}; whatever an earlier relation of that name left is deleted. */
    Contents create(String relation, int[] primaryKey);

    /** The contents of {@code relation} as stored, e.g. restored from a checkpoint (empty on the heap). */
    Contents open(String relation, int[] primaryKey);

    /** Contents in {@code store}. */
    static ContentsStore in(RocksDbStore store) {
        return new ContentsStore() {
            @Override
            public Contents create(String relation, int[] primaryKey) {
                return StoredContents.create(store, "relation/" + relation, primaryKey);
            }

            @Override
            public Contents open(String relation, int[] primaryKey) {
                return StoredContents.open(store, "relation/" + relation, primaryKey);
            }
        };
    }
}
