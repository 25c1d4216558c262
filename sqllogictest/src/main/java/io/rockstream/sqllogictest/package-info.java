/**
 * The sqllogictest runner ({@code ./rockstream slt FILE...}): parses SQLite's sqllogictest
 * format and runs each file against a fresh engine twice, once as ad-hoc queries and once with
 * every query maintained as a materialized view under batched writes, so each golden query
 * also checks the correctness law (a view equals its query recomputed from scratch).
 *
 * <p>Sits on top of the data flow: it talks to the engine only through
 * {@link io.rockstream.jobmanager.SqlSession}.
 */
package io.rockstream.sqllogictest;
