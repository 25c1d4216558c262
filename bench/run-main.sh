#!/bin/sh
# What every bench/run-*.sh script does: build the bench module (and what it depends on)
# with Maven, then run one benchmark's main class, holding /tmp/rockstream-mvn.lock for the
# build AND the run so that no other build disturbs the measurement.
#
#   bench/run-main.sh MAIN_CLASS DEFAULT_HEAP [ARGUMENT...]
#
# Environment:
#   BENCH_XMX=...      maximum heap (-Xms and -Xmx; default: DEFAULT_HEAP)
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
set -eu
cd "$(dirname "$0")/.."
lock=/tmp/rockstream-mvn.lock
if [ "${BENCH_LOCK:-all}" = all ] && [ -z "${BENCH_HOLDS_LOCK:-}" ]; then
    BENCH_HOLDS_LOCK=1 exec flock "$lock" bench/run-main.sh "$@"
fi
main_class=$1
heap=${BENCH_XMX:-$2}
shift 2
if [ -n "${BENCH_HOLDS_LOCK:-}" ]; then
    mvn -q ${BENCH_OFFLINE--o} -pl bench -am install -DskipTests
else
    flock "$lock" mvn -q ${BENCH_OFFLINE--o} -pl bench -am install -DskipTests
fi
# BENCH_JAVA_OPTS: more options for this JVM (e.g. -XX:StartFlightRecording=filename=/tmp/bench.jfr)
# shellcheck disable=SC2086
exec java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC ${BENCH_JAVA_OPTS:-} \
    -cp "bench/target/classes:bench/target/lib/*" "$main_class" "$@"
