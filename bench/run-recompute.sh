#!/bin/sh
# Incremental maintenance against recompute: TPC-H-like q3, q5 and a join + aggregate over
# generated tables, changes of 1 row, 1% and 50% of lineitem, against our ad-hoc recompute and
# PostgreSQL's REFRESH MATERIALIZED VIEW (see docs/benchmarks.md).
#
#   bench/run-recompute.sh [--scale S] [--short] [--single-row-changes N] [--no-postgres] [--markdown FILE]
#
# Builds and runs io.rockstream.bench.ivm.RecomputeBenchmark through bench/run-main.sh, which
# holds /tmp/rockstream-mvn.lock for the build and the run. BENCH_XMX overrides the 6g heap.
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.ivm.RecomputeBenchmark 6g "$@"
