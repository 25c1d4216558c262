#!/bin/sh
# Nexmark q0-q22 on RockStream alone (see docs/nexmark.md and docs/benchmarks.md).
#
#   bench/run-nexmark.sh [--events N] [--short] [--seed S] [--batch N] [--data DIR] [--memory] [QUERY...]
#   (bench/run-nexmark.sh --help lists them)
#
# Builds and runs, through bench/run-main.sh (which holds the build lock),
# io.rockstream.bench.nexmark.NexmarkBenchmark: generates the events into CSV files once, then
# per query a fresh engine with RocksDB state, the view, the events fed in batches, and the view
# checked against its recompute. The build AND the run hold /tmp/rockstream-mvn.lock, so no
# other build disturbs the measurement. Environment:
#   BENCH_XMX=4g       maximum heap (-Xms and -Xmx); table and view state live in RocksDB
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.nexmark.NexmarkBenchmark 4g "$@"
