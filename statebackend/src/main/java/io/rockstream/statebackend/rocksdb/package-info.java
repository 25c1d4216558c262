/**
 * The durable state backend (ARCHITECTURE.md §4): one RocksDB database per TaskManager
 * ({@link io.rockstream.statebackend.rocksdb.RocksDbStore}), a column family per operator
 * state of each subtask, keys prefixed by their key group, one write batch per subtask and
 * epoch, and incremental checkpoints of the database's files to the object store
 * ({@link io.rockstream.statebackend.rocksdb.StateCheckpoint}). Sits below the taskmanager,
 * whose subtasks use it through {@link io.rockstream.statebackend.StateBackend}. Raw column
 * families (named, outside any subtask) hold other data in the same database and
 * checkpoints, e.g. the JobManager's relation contents, keyed by
 * {@link io.rockstream.statebackend.rocksdb.RowKeys}.
 */
package io.rockstream.statebackend.rocksdb;
