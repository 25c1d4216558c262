/**
 * Benchmark programs: they sit on top of the whole flow (they drive an embedded
 * {@link io.rockstream.jobmanager.Engine} through SQL, like a client) and, where a peer
 * is the yardstick, run it side by side in the same program. They are programs run by a
 * documented command, not timed tests; each has one fast smoke test so it never rots.
 * Results are recorded in {@code docs/benchmarks.md}.
 */
package io.rockstream.bench;
