package io.rockstream.gateway;

import static java.util.Objects.requireNonNull;

import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.UserStore;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the gateway listens, how many clients it serves, how they authenticate and whether
 * they may use TLS. Build one with {@link #of} and the {@code with...} methods.
 *
 * @param host the address to bind (127.0.0.1 by default)
 * @param port the TCP port; 0 picks a free one (tests)
 * @param maxMessageBytes the largest frontend message accepted; a longer one is a protocol violation (08P01)
 * @param maxConnections connections served at once; the next ones get FATAL 53300
 * @param authTimeout how long a client has from connecting to being authenticated; then it is dropped
 * @param users who may log in with a password (empty: nobody, only trusted loopback clients get in)
 * @param authMethod how passwords are asked for
 * @param loopbackTrust whether loopback clients get in without a password (non-loopback ones never do)
 * @param tls the certificate and key for TLS, or empty: SSLRequest is answered 'N'
 * @param tlsRequiredForRemote whether non-loopback clients must use TLS (then {@code tls} is required)
 */
public record GatewayConfig(String host, int port, int maxMessageBytes, int maxConnections, Duration authTimeout,
        UserStore users, AuthMethod authMethod, boolean loopbackTrust, Optional<TlsConfig> tls,
        boolean tlsRequiredForRemote) {
    public static final int DEFAULT_PORT = 6875;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    public static final AuthMethod DEFAULT_AUTH_METHOD = AuthMethod.SCRAM_SHA_256;

    public GatewayConfig {
        requireNonNull(host, "host is null");
        requireNonNull(authTimeout, "authTimeout is null");
        requireNonNull(users, "users is null");
        requireNonNull(authMethod, "authMethod is null");
        requireNonNull(tls, "tls is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("authTimeout must be positive: " + authTimeout);
        }
        if (tlsRequiredForRemote && tls.isEmpty()) {
            throw new IllegalArgumentException("TLS cannot be required without a certificate and key");
        }
    }

    public GatewayConfig(String host, int port, int maxMessageBytes) {
        this(host, port, maxMessageBytes, DEFAULT_MAX_CONNECTIONS, DEFAULT_AUTH_TIMEOUT, UserStore.empty(),
                DEFAULT_AUTH_METHOD, true, Optional.empty(), false);
    }

    /** The defaults: trust on loopback, no users, no TLS, 256 connections, 30 s to authenticate, 64 MiB messages. */
    public static GatewayConfig of(String host, int port) {
        return new GatewayConfig(host, port, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public GatewayConfig withMaxMessageBytes(int bytes) {
        return new GatewayConfig(host, port, bytes, maxConnections, authTimeout, users, authMethod, loopbackTrust, tls,
                tlsRequiredForRemote);
    }

    public GatewayConfig withMaxConnections(int connections) {
        return new GatewayConfig(host, port, maxMessageBytes, connections, authTimeout, users, authMethod,
                loopbackTrust, tls, tlsRequiredForRemote);
    }

    public GatewayConfig withAuthTimeout(Duration timeout) {
        return new GatewayConfig(host, port, maxMessageBytes, maxConnections, timeout, users, authMethod,
                loopbackTrust, tls, tlsRequiredForRemote);
    }

    /** Password authentication for {@code users} with {@code method}. */
    public GatewayConfig withUsers(UserStore newUsers, AuthMethod method) {
        return new GatewayConfig(host, port, maxMessageBytes, maxConnections, authTimeout, newUsers, method,
                loopbackTrust, tls, tlsRequiredForRemote);
    }

    public GatewayConfig withLoopbackTrust(boolean trust) {
        return new GatewayConfig(host, port, maxMessageBytes, maxConnections, authTimeout, users, authMethod, trust,
                tls, tlsRequiredForRemote);
    }

    /** TLS with {@code config}; {@code requiredForRemote}: non-loopback clients without TLS are refused. */
    public GatewayConfig withTls(TlsConfig config, boolean requiredForRemote) {
        return new GatewayConfig(host, port, maxMessageBytes, maxConnections, authTimeout, users, authMethod,
                loopbackTrust, Optional.of(config), requiredForRemote);
    }
}
