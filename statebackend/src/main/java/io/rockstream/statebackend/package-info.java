/**
 * Keyed state for operators (ARCHITECTURE.md §4). Operators ask a {@link StateBackend} for
 * named states, each with a {@link StateSerializer}; changes of an epoch are written back at
 * {@link StateBackend#endEpoch}. The heap implementation here keeps objects in memory (tests,
 * ad hoc queries, the in-memory engine); the durable one is in {@code rocksdb}, the object
 * store it checkpoints to in {@code objectstore}. {@link KeyGroups} maps keys to key groups
 * for both the router and the stores.
 */
package io.rockstream.statebackend;
