#!/bin/sh
# Issue 6's benchmarks in one command (see docs/benchmarks.md):
#   1. incremental maintenance against full recompute (RockStream's ad-hoc query and
#      PostgreSQL's REFRESH MATERIALIZED VIEW) on TPC-H-like data;
#   2. freshness: write-to-visible latency, idle and at half the highest sustained rate;
#   3. Nexmark q0-q22 side by side, RockStream and Apache Flink SQL, on the same events.
# The last line is: stateful geomean vs Flink: X.XX; stateless geomean vs Flink: Y.YY
# (ratios of events per CPU-second, RockStream over Flink).
#
#   bench/run.sh [--short] [QUERY...]        QUERY: q0 ... q22 (the Nexmark part only; default all)
#
# Environment:
#   BENCH_PARTS="recompute freshness nexmark"  which parts run (default all three, in that order)
#   BENCH_NEXMARK_ARGS="--events 2000000"      more options for the Nexmark part (SideBySide --help)
#   BENCH_OFFLINE=-o                           Maven offline flag (default: online, so a fresh
#                                              machine downloads Flink from Maven Central)
# The build and every run hold /tmp/rockstream-mvn.lock, so no other build disturbs them.
set -eu
cd "$(dirname "$0")/.."
lock=/tmp/rockstream-mvn.lock
if [ -z "${BENCH_HOLDS_LOCK:-}" ]; then
    BENCH_HOLDS_LOCK=1 exec flock "$lock" bench/run.sh "$@"
fi
short=
queries=
for argument in "$@"; do
    case "$argument" in
        --short) short=--short ;;
        -h|--help) sed -n 2,19p "$0"; exit 0 ;;
        -*) echo "unknown option $argument (bench/run.sh [--short] [QUERY...])" >&2; exit 2 ;;
        *) queries="$queries $argument" ;;
    esac
done
mvn -q -B -ntp ${BENCH_OFFLINE:-} -pl bench,bench/flink -am install -DskipTests
cp="bench/target/classes:bench/target/lib/*"
run() {
    heap=$1
    shift
    java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -cp "$cp" "$@"
}
parts=${BENCH_PARTS:-recompute freshness nexmark}
for part in $parts; do
    case "$part" in
        recompute) run 6g io.rockstream.bench.ivm.RecomputeBenchmark $short ;;
        freshness) run 4g io.rockstream.bench.nexmark.FreshnessBenchmark $short ;;
        nexmark) run 1g io.rockstream.bench.nexmark.SideBySide $short ${BENCH_NEXMARK_ARGS:-} $queries ;;
        *) echo "unknown part $part in BENCH_PARTS" >&2; exit 2 ;;
    esac
done
