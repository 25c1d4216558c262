/**
 * The JobManager (ARCHITECTURE.md §1, item 3): owns the catalog and the tables' data,
 * turns DDL into jobs deployed on TaskManagers, drives epochs, makes complete epochs
 * visible to reads, and runs ad-hoc queries as one-epoch jobs over a consistent snapshot.
 * {@link io.rockstream.jobmanager.Engine} is the embedded entry point, {@link
 * io.rockstream.jobmanager.SqlSession} what a connection uses.
 */
package io.rockstream.jobmanager;
