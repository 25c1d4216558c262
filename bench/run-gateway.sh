#!/bin/sh
# The Postgres gateway benchmark against PostgreSQL 17 (see docs/benchmarks.md).
#
#   bench/run-gateway.sh [--rows N] [--seconds N] [--clients N,N] [--targets kv,agg,t] ...
#   (bench/run-gateway.sh --help lists them)
#
# Builds and runs, through bench/run-main.sh (which holds the build lock),
# io.rockstream.bench.GatewayBenchmark. The build AND the run hold /tmp/rockstream-mvn.lock,
# so no other build disturbs the measurement. The program starts an embedded PostgreSQL 17
# and `rockstream start` as a child JVM (--server-heap, default 2g); its own heap holds only
# the clients. Environment:
#   BENCH_XMX=1g       maximum heap of the client program (-Xms and -Xmx)
#   BENCH_LOCK=build   hold the lock only while building (quick runs during development)
#   BENCH_OFFLINE=-o   Maven offline flag (set to empty to allow downloads)
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.GatewayBenchmark 1g "$@"
