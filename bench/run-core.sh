#!/bin/sh
# The incremental SQL core benchmark (see docs/benchmarks.md).
#
#   bench/run-core.sh [--rows N] [--batch N] [--updates N] ... (bench/run-core.sh --help lists them)
#
# Builds and runs, through bench/run-main.sh (which holds the build lock),
# io.rockstream.bench.CoreBenchmark. The build AND the run hold /tmp/rockstream-mvn.lock, so
# no other build disturbs the measurement. Environment:
#   BENCH_XMX=16g      maximum heap (state lives on the heap for now)
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.CoreBenchmark 16g "$@"
