/**
 * Incremental maintenance against recompute (issue 6): TPC-H-like tables generated here
 * ({@link io.rockstream.bench.ivm.TpchData}), three join + aggregate views
 * ({@link io.rockstream.bench.ivm.TpchView}) and the benchmark that changes 1 row, 1% and 50%
 * of {@code lineitem} and times the view's maintenance against our ad-hoc recompute and
 * PostgreSQL's REFRESH MATERIALIZED VIEW ({@link io.rockstream.bench.ivm.RecomputeBenchmark}).
 * Sits beside the other benchmarks, above the embedded engine; see docs/benchmarks.md.
 */
package io.rockstream.bench.ivm;
