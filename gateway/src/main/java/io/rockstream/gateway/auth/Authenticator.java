package io.rockstream.gateway.auth;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Starts password conversations for one method over one {@link UserStore}; thread-safe.
 * An unknown user gets the same conversation as a known one (a SCRAM salt derived from the
 * name, an MD5 salt, a password prompt) and fails at the end with the same 28P01, so that
 * the client cannot tell which user names exist.
 */
public final class Authenticator {
    private final UserStore users;
    private final AuthMethod method;
    private final SecureRandom random = new SecureRandom();
    private final byte[] mockKey = new byte[32];

    public Authenticator(UserStore users, AuthMethod method) {
        this.users = requireNonNull(users, "users is null");
        this.method = requireNonNull(method, "method is null");
        random.nextBytes(mockKey);
    }

    public AuthMethod method() {
        return method;
    }

    public UserStore users() {
        return users;
    }

    /** A conversation for {@code user} (known or not). */
    public AuthExchange begin(String user) {
        Optional<UserCredentials> credentials = users.lookup(user);
        switch (method) {
            case PASSWORD:
                return new Cleartext(user, credentials);
            case MD5:
                if (credentials.isPresent() && credentials.get().md5().isEmpty()) {
                    // PostgreSQL too: md5 with a SCRAM secret is SCRAM
                    return scram(user, credentials);
                }
                return new Md5(user, credentials, nonce(4));
            case SCRAM_SHA_256:
                return scram(user, credentials);
        }
        throw new IllegalStateException("unknown method " + method);
    }

    private AuthExchange scram(String user, Optional<UserCredentials> credentials) {
        Optional<ScramVerifier> verifier = credentials.flatMap(UserCredentials::scram);
        String reason;
        if (verifier.isPresent()) {
            return new ScramExchange(user, verifier.get(), null, Base64.getEncoder().encodeToString(nonce(18)));
        }
        reason = credentials.isPresent() ? "user \"" + user + "\" has no SCRAM secret (the users file holds an MD5"
                + " hash; use a password or a SCRAM verifier)" : "no such user \"" + user + "\"";
        return new ScramExchange(user, mockVerifier(user), reason, Base64.getEncoder().encodeToString(nonce(18)));
    }

    /** A verifier nobody can match, with a salt that stays the same for the same unknown name. */
    private ScramVerifier mockVerifier(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(mockKey, "HmacSHA256"));
            byte[] salt = Arrays.copyOf(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)), 16);
            byte[] key = new byte[Scram.KEY_BYTES];
            random.nextBytes(key);
            return new ScramVerifier(Scram.DEFAULT_ITERATIONS, salt, key, key);
        } catch (java.security.GeneralSecurityException missing) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", missing);
        }
    }

    private byte[] nonce(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A NUL-terminated string that must fill the whole message (cleartext and MD5 responses). */
    static String readPasswordString(byte[] message) {
        if (message.length == 0 || message[message.length - 1] != 0) {
            throw AuthenticationException.malformed("invalid password packet size");
        }
        for (int i = 0; i < message.length - 1; i++) {
            if (message[i] == 0) {
                throw AuthenticationException.malformed("invalid password packet size");
            }
        }
        return new String(message, 0, message.length - 1, StandardCharsets.UTF_8);
    }

    /** Password in clear (AuthenticationCleartextPassword, code 3). */
    private static final class Cleartext implements AuthExchange {
        private final String user;
        private final Optional<UserCredentials> credentials;

        Cleartext(String user, Optional<UserCredentials> credentials) {
            this.user = user;
            this.credentials = credentials;
        }

        @Override
        public AuthRequest first() {
            return new AuthRequest(AuthRequest.CLEARTEXT_PASSWORD, new byte[0]);
        }

        @Override
        public Step receive(byte[] message) {
            String password = readPasswordString(message);
            if (password.isEmpty()) {
                throw AuthenticationException.failed(user, "empty password returned by client");
            }
            if (credentials.isEmpty()) {
                throw AuthenticationException.failed(user, "no such user \"" + user + "\"");
            }
            if (!credentials.get().matchesPassword(password)) {
                throw AuthenticationException.failed(user, "password does not match for user \"" + user + "\"");
            }
            return Step.done();
        }
    }

    /** PostgreSQL MD5 (AuthenticationMD5Password, code 5, with a 4-byte salt). */
    private static final class Md5 implements AuthExchange {
        private final String user;
        private final Optional<UserCredentials> credentials;
        private final byte[] salt;

        Md5(String user, Optional<UserCredentials> credentials, byte[] salt) {
            this.user = user;
            this.credentials = credentials;
            this.salt = salt;
        }

        @Override
        public AuthRequest first() {
            return new AuthRequest(AuthRequest.MD5_PASSWORD, salt);
        }

        @Override
        public Step receive(byte[] message) {
            String response = readPasswordString(message);
            if (credentials.isEmpty()) {
                throw AuthenticationException.failed(user, "no such user \"" + user + "\"");
            }
            String expected = Md5Password.response(credentials.get().md5().orElseThrow(), salt);
            if (!java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    response.getBytes(StandardCharsets.UTF_8))) {
                throw AuthenticationException.failed(user, "password does not match for user \"" + user + "\"");
            }
            return Step.done();
        }
    }

    /** Reads SASLInitialResponse: String mechanism, int32 length (-1: none), bytes. */
    static byte[] readInitialResponse(byte[] message) {
        int end = 0;
        while (end < message.length && message[end] != 0) {
            end++;
        }
        if (end == message.length) {
            throw AuthenticationException.malformed("invalid SASL initial response: no mechanism name");
        }
        String mechanism = new String(message, 0, end, StandardCharsets.UTF_8);
        if (!mechanism.equals(Scram.MECHANISM)) {
            throw AuthenticationException.malformed("client selected an invalid SASL authentication mechanism");
        }
        ByteBuffer rest = ByteBuffer.wrap(message, end + 1, message.length - end - 1);
        if (rest.remaining() < 4) {
            throw AuthenticationException.malformed("invalid SASL initial response: no length");
        }
        int length = rest.getInt();
        if (length != rest.remaining()) {
            throw AuthenticationException.malformed("invalid SASL initial response: length " + length + " but "
                    + rest.remaining() + " bytes follow");
        }
        byte[] data = new byte[length];
        rest.get(data);
        return data;
    }
}
