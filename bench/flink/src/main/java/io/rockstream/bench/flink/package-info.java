/**
 * The Apache Flink side of the Nexmark side-by-side benchmark.
 *
 * <p>Sits outside RockStream's data flow: {@link io.rockstream.bench.flink.FlinkNexmark} is a
 * stand-alone program that the benchmark orchestrator in {@code bench} launches as a child JVM.
 * It reads the CSV files of RockStream's Nexmark generator into Flink SQL tables
 * ({@code ddl.sql}), runs the Nexmark queries ({@code q0.sql} … {@code q22.sql}, adapted from
 * upstream nexmark/nexmark) on a local Flink MiniCluster with the RocksDB state backend, and prints
 * one {@code FLINK-OUTCOME} line per query. No RockStream module is on its class path: Flink's
 * RocksDB backend ships its own {@code org.rocksdb} classes.
 */
package io.rockstream.bench.flink;
