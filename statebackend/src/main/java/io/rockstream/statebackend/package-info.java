/**
 * Keyed state for operators (ARCHITECTURE.md §4). Operators ask a {@link StateBackend} for
 * named states; the heap implementation here keeps them in memory (tests and the
 * in-memory engine); the durable RocksDB implementation comes with the durability issue.
 */
package io.rockstream.statebackend;
