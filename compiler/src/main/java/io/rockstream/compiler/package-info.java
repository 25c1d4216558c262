/**
 * The compiler (ARCHITECTURE.md §1, item 1): SQL text → AST ({@code parser}, {@code ast}) →
 * bound logical plan ({@code binder}, {@code plan}) → rewrite rules and incrementalization
 * → {@code JobGraph} ({@code planner}), plus EXPLAIN and EXPLAIN INCREMENTAL.
 */
package io.rockstream.compiler;
