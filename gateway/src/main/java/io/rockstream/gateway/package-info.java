/**
 * The Postgres wire gateway: the edge of the data flow where clients (psql, JDBC, psycopg)
 * speak the PostgreSQL v3 protocol to the embedded engine's {@code SqlSession}s. Netty
 * decodes frames ({@link io.rockstream.gateway.PgMessageDecoder}), one
 * {@link io.rockstream.gateway.PgSession} per connection runs the protocol state machine,
 * and {@link io.rockstream.gateway.PgMessages} writes every backend message.
 */
package io.rockstream.gateway;
