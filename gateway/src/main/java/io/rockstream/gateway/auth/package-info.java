/**
 * Password authentication for the Postgres gateway, free of Netty: the users the gateway
 * knows ({@link io.rockstream.gateway.auth.UserStore}, loaded from a users file), their
 * secrets (a password, a PostgreSQL MD5 hash or a SCRAM-SHA-256 verifier), and one
 * {@link io.rockstream.gateway.auth.AuthExchange} per connection that turns the client's
 * password messages into the next Authentication request or a verdict
 * (cleartext, MD5, SCRAM-SHA-256 as in RFC 5802 and RFC 7677, as PostgreSQL does them).
 * Secrets never reach a log line or a {@code toString}; comparisons run in constant time.
 */
package io.rockstream.gateway.auth;
