package io.rockstream.jobmanager.http;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the REST API and web UI listen, and the bearer token their API routes require
 * (empty: none). A server listening beyond loopback always has a token: {@link RestServer}
 * makes one up and logs it when none is given.
 */
public record RestConfig(String host, int port, Optional<String> token) {
    public static final int DEFAULT_PORT = 8081;

    public RestConfig {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(token, "token is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the token is blank");
        }
    }

    /** 127.0.0.1:{@code port} (0 = any free port), without a token. */
    public static RestConfig loopback(int port) {
        return new RestConfig("127.0.0.1", port, Optional.empty());
    }

    public RestConfig withToken(String newToken) {
        return new RestConfig(host, port, Optional.of(newToken));
    }

    public RestConfig withHost(String newHost) {
        return new RestConfig(newHost, port, token);
    }

    /** True when only this machine can connect. */
    public boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}
