/**
 * The contracts every RockStream module shares: SQL types and values, rows and Z-set
 * deltas, the typed expression IR, operator specs and the {@code JobGraph} with its
 * versioned JSON form. No runtime code lives here (ARCHITECTURE.md §1, item 2).
 */
package io.rockstream.jobgraph;
