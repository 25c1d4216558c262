package io.rockstream.gateway;

/**
 * PasswordMessage 'p': int32 length, then a body whose layout depends on what the server
 * asked for: a NUL-terminated password (cleartext, MD5), SASLInitialResponse (String
 * mechanism, int32 length, bytes) or SASLResponse (bytes). Only {@link PgStartup} reads it;
 * it is not a {@link ClientMessage}, so it never reaches a session.
 */
record PasswordMessage(byte[] body) {
    @Override
    public String toString() {
        return "PasswordMessage[" + body.length + " bytes]";
    }
}
