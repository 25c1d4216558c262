#!/bin/sh
# The cluster runtime (issue 5): throughput with 1, 2 and 3 TaskManager processes, the bytes
# per row of the job plane and of the exchange between TaskManagers, and the time from a
# TaskManager's SIGKILL to the first write acknowledged after it (see docs/benchmarks.md).
#
#   bench/run-cluster.sh [--short] [--rows N] [--taskmanagers 1,2,3]
#                        [--recovery-rows 100000,1000000] [--parallelism 6]
#
# Builds and runs io.rockstream.bench.cluster.ClusterBenchmark through bench/run-main.sh,
# which holds /tmp/rockstream-mvn.lock for the build and the run. BENCH_XMX overrides the 4g
# heap of the JobManager (this JVM); each TaskManager process gets 1g.
exec "$(dirname "$0")/run-main.sh" io.rockstream.bench.cluster.ClusterBenchmark 4g "$@"
