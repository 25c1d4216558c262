#!/bin/sh
# Freshness on RockStream (issue 6): how long a write takes to show in a view, idle and with
# Nexmark events arriving at half the highest sustained rate (see docs/benchmarks.md).
#
#   bench/run-freshness.sh [--short] [--writers N] [--batch N] [--probes N] [--rate-seconds S]
#                          [--load-seconds S] [--seed S]
#
# Builds and runs io.rockstream.bench.nexmark.FreshnessBenchmark through bench/run-main.sh,
# which holds /tmp/rockstream-mvn.lock for the build and the run. BENCH_XMX overrides the 4g heap.
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.nexmark.FreshnessBenchmark 4g "$@"
