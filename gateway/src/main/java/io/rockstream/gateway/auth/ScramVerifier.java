package io.rockstream.gateway.auth;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What the server keeps of a SCRAM-SHA-256 password, in PostgreSQL's text form
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64 fields): enough
 * to check a client's proof and to prove itself, not enough to log in as the user.
 */
public record ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    private static final String PREFIX = Scram.MECHANISM + "$";

    public ScramVerifier {
        requireNonNull(salt, "salt is null");
        requireNonNull(storedKey, "storedKey is null");
        requireNonNull(serverKey, "serverKey is null");
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be positive: " + iterations);
        }
        if (salt.length == 0 || storedKey.length != Scram.KEY_BYTES || serverKey.length != Scram.KEY_BYTES) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 verifier needs a salt and two 32-byte keys");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** A verifier for {@code password} with a fresh random 16-byte salt and 4096 iterations. */
    public static ScramVerifier of(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return derive(password, salt, Scram.DEFAULT_ITERATIONS);
    }

    static ScramVerifier derive(String password, byte[] salt, int iterations) {
        byte[] salted = Scram.saltedPassword(password, salt, iterations);
        return new ScramVerifier(iterations, salt, Scram.sha256(Scram.clientKey(salted)), Scram.serverKey(salted));
    }

    /** Whether {@code text} looks like a verifier (it may still fail to {@link #parse}). */
    public static boolean isVerifier(String text) {
        return text.startsWith(PREFIX);
    }

    /** Parses PostgreSQL's text form; the exception never repeats the text. */
    public static ScramVerifier parse(String text) {
        if (!isVerifier(text)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 verifier has the form "
                    + "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>");
        }
        String[] head = parts[0].split(":", -1);
        String[] keys = parts[1].split(":", -1);
        if (head.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 verifier has the form "
                    + "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            return new ScramVerifier(Integer.parseInt(head[0]), base64.decode(head[1]), base64.decode(keys[0]),
                    base64.decode(keys[1]));
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException and bad base64 both land here; their messages would quote the secret
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier (iterations, salt or keys)");
        }
    }

    /** PostgreSQL's text form, as a users file holds it. */
    public String encode() {
        Base64.Encoder base64 = Base64.getEncoder();
        return PREFIX + iterations + ":" + base64.encodeToString(salt) + "$" + base64.encodeToString(storedKey) + ":"
                + base64.encodeToString(serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Whether {@code password} is the one this verifier was made from (constant time in the keys). */
    boolean matches(String password) {
        ScramVerifier candidate = derive(password, salt, iterations);
        boolean stored = MessageDigest.isEqual(candidate.storedKey, storedKey);
        boolean server = MessageDigest.isEqual(candidate.serverKey, serverKey);
        return stored & server;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScramVerifier that && iterations == that.iterations
                && MessageDigest.isEqual(salt, that.salt) && MessageDigest.isEqual(storedKey, that.storedKey)
                && MessageDigest.isEqual(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        return iterations;
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + ", keys hidden]";
    }
}
