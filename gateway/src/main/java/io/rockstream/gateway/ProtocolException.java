package io.rockstream.gateway;

/**
 * A broken protocol conversation (08P01 and friends): the gateway answers with a FATAL
 * ErrorResponse and closes the connection.
 */
final class ProtocolException extends RuntimeException {
    private final String sqlState;

    ProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    static ProtocolException violation(String message) {
        return new ProtocolException("08P01", message);
    }

    String sqlState() {
        return sqlState;
    }
}
