/**
 * The object store: the durable truth under the state backend (ARCHITECTURE.md §4). Write-ahead
 * log segments and checkpoints are written here before they count; local disk only caches
 * them. {@link io.rockstream.statebackend.objectstore.ObjectStore} states the contract,
 * {@link io.rockstream.statebackend.objectstore.LocalObjectStore} keeps objects in a directory
 * (the embedded default), {@link io.rockstream.statebackend.objectstore.S3ObjectStore} in an S3
 * bucket, and {@link io.rockstream.statebackend.objectstore.ObjectStores} opens the one a storage
 * setting names.
 */
package io.rockstream.statebackend.objectstore;
