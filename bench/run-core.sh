#!/bin/sh
# The incremental SQL core benchmark (see docs/benchmarks.md).
#
#   bench/run-core.sh [--rows N] [--batch N] [--updates N] ... (bench/run-core.sh --help lists them)
#
# Builds the bench module (and what it depends on) with Maven, then runs
# io.rockstream.bench.CoreBenchmark. The build AND the run hold /tmp/rockstream-mvn.lock, so
# no other build disturbs the measurement. Environment:
#   BENCH_XMX=16g      maximum heap (state lives on the heap for now)
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
exec java -Xms"${BENCH_XMX:-16g}" -Xmx"${BENCH_XMX:-16g}" -XX:+UseG1GC \
    -cp "bench/target/classes:bench/target/lib/*" io.rockstream.bench.CoreBenchmark "$@"
