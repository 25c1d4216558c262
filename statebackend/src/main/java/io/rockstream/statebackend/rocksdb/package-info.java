/**
 * The durable state backend (ARCHITECTURE.md §4): one RocksDB database per TaskManager
 * ({@link io.rockstream.statebackend.rocksdb.RocksDbStore}), a column family per operator
 * state of each subtask, keys prefixed by their key group, one write batch per subtask and
 * epoch, and incremental checkpoints of the database's files to the object store
 * ({@link io.rockstream.statebackend.rocksdb.StateCheckpoint}). Sits below the taskmanager,
 * whose subtasks use it through {@link io.rockstream.statebackend.StateBackend}.
 */
package io.rockstream.statebackend.rocksdb;
