package io.rockstream.gateway.auth;

import static java.util.Objects.requireNonNull;

/**
 * Authentication failed: the gateway answers FATAL with {@link #sqlState()} and the
 * message (which names the user and nothing else) and closes the connection. The reason,
 * for the server log only, says why without any secret.
 */
public final class AuthenticationException extends RuntimeException {
    private final String sqlState;
    private final String reason;

    AuthenticationException(String sqlState, String message, String reason) {
        super(message);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    /** The wrong password (or an unknown user, which looks the same to the client): 28P01. */
    static AuthenticationException failed(String user, String reason) {
        return new AuthenticationException("28P01", "password authentication failed for user \"" + user + "\"",
                reason);
    }

    /** A password message that does not parse: 08P01. */
    static AuthenticationException malformed(String message) {
        return new AuthenticationException("08P01", message, message);
    }

    public String sqlState() {
        return sqlState;
    }

    /** Why, for the server log: never a password, hash or proof. */
    public String reason() {
        return reason;
    }
}
