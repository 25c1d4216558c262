package io.rockstream.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 functions of RFC 5802 §2.2 with H = SHA-256 and HMAC = HMAC-SHA-256. */
final class Scram {
    static final String MECHANISM = "SCRAM-SHA-256";
    static final int DEFAULT_ITERATIONS = 4096;
    static final int KEY_BYTES = 32;

    private Scram() {
    }

    /** Hi(password, salt, i): PBKDF2 with HMAC-SHA-256 and one output block. */
    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        Mac mac = hmac(SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8));
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Client Key");
    }

    static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key");
    }

    static byte[] hmac(byte[] key, String message) {
        return hmac(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", missing);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] result = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = (byte) (a[i] ^ b[i]);
        }
        return result;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is legal for HMAC but not for SecretKeySpec: HMAC pads keys with zeros anyway
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", missing);
        }
    }
}
