#!/bin/sh
# The checkpoint and recovery benchmark (see docs/benchmarks.md).
#
#   bench/run-checkpoint.sh [--sizes N,N,...] [--pad-bytes N] [--batch N] [--replay-writes N] [--storage DIR] ...
#   (bench/run-checkpoint.sh --help lists them)
#
# Builds and runs, through bench/run-main.sh (which holds the build lock),
# io.rockstream.bench.CheckpointBenchmark. The build AND the run hold /tmp/rockstream-mvn.lock,
# so no other build disturbs the measurement. The crash variant starts a child JVM with the
# same maximum heap (one at a time: the parent's engine is closed meanwhile). Environment:
#   BENCH_XMX=2g       maximum heap (-Xms and -Xmx); table and view contents live in RocksDB,
#                      off the heap, so the heap can be far below the state size
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.CheckpointBenchmark 2g "$@"
