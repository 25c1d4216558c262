/**
 * Durable state of the JobManager (ARCHITECTURE.md §3-4): the write-ahead log of catalog
 * changes and epochs, checkpoints of the catalog and of the TaskManager's store (which holds
 * the contents of tables and views and the views' operator state), and recovery from both.
 * Everything lives in an {@link io.rockstream.statebackend.objectstore.ObjectStore}; local
 * disk is never the only copy of an acknowledged write.
 */
package io.rockstream.jobmanager.durability;
