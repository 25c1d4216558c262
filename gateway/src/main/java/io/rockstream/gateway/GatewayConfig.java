package io.rockstream.gateway;

import static java.util.Objects.requireNonNull;

/**
 * Where the gateway listens and how large a single client message may be.
 *
 * @param host the address to bind (127.0.0.1 by default: trust authentication is for loopback only)
 * @param port the TCP port; 0 picks a free one (tests)
 * @param maxMessageBytes the largest frontend message accepted; a longer one is a protocol violation
 */
public record GatewayConfig(String host, int port, int maxMessageBytes) {
    public static final int DEFAULT_PORT = 6875;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    public GatewayConfig {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
    }

    public static GatewayConfig of(String host, int port) {
        return new GatewayConfig(host, port, DEFAULT_MAX_MESSAGE_BYTES);
    }
}
