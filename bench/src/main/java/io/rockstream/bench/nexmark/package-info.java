/**
 * Nexmark on RockStream: a deterministic event generator ({@link io.rockstream.bench.nexmark.NexmarkGenerator}),
 * CSV files every system can read ({@link io.rockstream.bench.nexmark.NexmarkFiles}), the queries q0–q22 as
 * materialized views (resources {@code ddl.sql}, {@code q0.sql} … {@code q22.sql}) and the benchmark that runs
 * them ({@link io.rockstream.bench.nexmark.NexmarkBenchmark}). Sits beside the other benchmarks, above the
 * embedded engine; see docs/nexmark.md.
 */
package io.rockstream.bench.nexmark;
