package io.rockstream.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * PostgreSQL's MD5 password scheme: the stored secret is {@code "md5" + hex(md5(password ||
 * user))}; the client answers a 4-byte salt with {@code "md5" + hex(md5(hex-part || salt))}.
 */
final class Md5Password {
    static final String PREFIX = "md5";

    private Md5Password() {
    }

    /** The stored form: "md5" and 32 lowercase hex digits. */
    static String hash(String password, String user) {
        return PREFIX + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code text} has the stored form ("md5" + 32 hex digits). */
    static boolean isHash(String text) {
        if (text.length() != 35 || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = 3; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** What the client must send back for {@code salt}, given the stored {@code hash}. */
    static String response(String hash, byte[] salt) {
        byte[] inner = hash.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[inner.length + salt.length];
        System.arraycopy(inner, 0, salted, 0, inner.length);
        System.arraycopy(salt, 0, salted, inner.length, salt.length);
        return PREFIX + md5Hex(salted);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("MD5 is not available in this JVM", missing);
        }
    }
}
