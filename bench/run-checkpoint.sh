#!/bin/sh
# The checkpoint and recovery benchmark (see docs/benchmarks.md).
#
#   bench/run-checkpoint.sh [--sizes N,N,...] [--pad-bytes N] [--batch N] [--replay-writes N] [--storage DIR] ...
#   (bench/run-checkpoint.sh --help lists them)
#
# Builds the bench module (and what it depends on) with Maven, then runs
# io.rockstream.bench.CheckpointBenchmark. The build AND the run hold /tmp/rockstream-mvn.lock,
# so no other build disturbs the measurement. The crash variant starts a child JVM with the
# same maximum heap (one at a time: the parent's engine is closed meanwhile). Environment:
#   BENCH_XMX=2g       maximum heap (-Xms and -Xmx); table and view contents live in RocksDB,
#                      off the heap, so the heap can be far below the state size
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
set -eu
cd "$(dirname "$0")/.."
lock=/tmp/rockstream-mvn.lock
if [ "${BENCH_LOCK:-all}" = all ] && [ -z "${BENCH_HOLDS_LOCK:-}" ]; then
    BENCH_HOLDS_LOCK=1 exec flock "$lock" "$0" "$@"
fi
if [ -n "${BENCH_HOLDS_LOCK:-}" ]; then
    mvn -q ${BENCH_OFFLINE--o} -pl bench -am install -DskipTests
else
    flock "$lock" mvn -q ${BENCH_OFFLINE--o} -pl bench -am install -DskipTests
fi
exec java -Xms"${BENCH_XMX:-2g}" -Xmx"${BENCH_XMX:-2g}" -XX:+UseG1GC \
    -cp "bench/target/classes:bench/target/lib/*" io.rockstream.bench.CheckpointBenchmark "$@"
