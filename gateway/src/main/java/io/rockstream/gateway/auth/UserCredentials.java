package io.rockstream.gateway.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * What the gateway knows of one user's password, in up to three forms: a digest of the
 * password itself (only when the users file holds it in clear), the PostgreSQL MD5 hash, and
 * a SCRAM-SHA-256 verifier. A password given in clear yields all three; an MD5 hash allows
 * the {@code password} and {@code md5} methods; a verifier allows {@code password} and
 * {@code scram-sha-256} (and {@code md5}, which then falls back to SCRAM, as in PostgreSQL).
 */
public final class UserCredentials {
    private final String user;
    private final byte[] passwordDigest;
    private final String md5;
    private final ScramVerifier scram;

    private UserCredentials(String user, byte[] passwordDigest, String md5, ScramVerifier scram) {
        this.user = requireNonNull(user, "user is null");
        this.passwordDigest = passwordDigest;
        this.md5 = md5;
        this.scram = scram;
    }

    /**
     * Reads one secret as a users file holds it: a SCRAM verifier, an MD5 hash ("md5" + 32
     * hex digits), or else the password in clear.
     */
    public static UserCredentials parse(String user, String secret) {
        requireNonNull(secret, "secret is null");
        if (ScramVerifier.isVerifier(secret)) {
            return new UserCredentials(user, null, null, ScramVerifier.parse(secret));
        }
        if (Md5Password.isHash(secret)) {
            return new UserCredentials(user, null, secret.toLowerCase(java.util.Locale.ROOT), null);
        }
        return ofPassword(user, secret);
    }

    /** A user whose password is known in clear. */
    public static UserCredentials ofPassword(String user, String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password of user \"" + user + "\" is empty");
        }
        return new UserCredentials(user, digest(password), Md5Password.hash(password, user), ScramVerifier.of(password));
    }

    public String user() {
        return user;
    }

    Optional<String> md5() {
        return Optional.ofNullable(md5);
    }

    Optional<ScramVerifier> scram() {
        return Optional.ofNullable(scram);
    }

    /** Checks a password received in clear against whichever form is known, in constant time. */
    boolean matchesPassword(String password) {
        if (passwordDigest != null) {
            return MessageDigest.isEqual(digest(password), passwordDigest);
        }
        if (scram != null) {
            return scram.matches(password);
        }
        return MessageDigest.isEqual(Md5Password.hash(password, user).getBytes(StandardCharsets.US_ASCII),
                md5.getBytes(StandardCharsets.US_ASCII));
    }

    /** Digests compare in constant time whatever the lengths of the passwords. */
    private static byte[] digest(String password) {
        return Scram.sha256(password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "UserCredentials[" + user + ", secrets hidden]";
    }
}
