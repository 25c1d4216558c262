package io.rockstream.gateway.auth;

import static java.util.Objects.requireNonNull;

/**
 * One Authentication message for the client: on the wire byte1 'R', int32 length, int32
 * {@code code}, then {@code payload}.
 *
 * @param code {@link #CLEARTEXT_PASSWORD}, {@link #MD5_PASSWORD}, {@link #SASL}, {@link #SASL_CONTINUE}
 *        or {@link #SASL_FINAL}
 * @param payload the bytes after the code (the MD5 salt, the SASL mechanism list, SCRAM data)
 */
public record AuthRequest(int code, byte[] payload) {
    public static final int CLEARTEXT_PASSWORD = 3;
    public static final int MD5_PASSWORD = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    public AuthRequest {
        requireNonNull(payload, "payload is null");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return "AuthRequest[code=" + code + ", " + payload.length + " bytes]";
    }
}
