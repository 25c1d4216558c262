package io.rockstream.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users the gateway authenticates by password, immutable. A users file has one user a
 * line, {@code name:secret}, where the secret is everything after the first colon: a
 * SCRAM-SHA-256 verifier as PostgreSQL stores it
 * ({@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>}), a PostgreSQL MD5 hash
 * ({@code md5} and 32 hex digits of md5(password || name)), or else the password in clear.
 * Blank lines and lines starting with {@code #} are ignored.
 *
 * <pre>
 * # name:secret
 * rockstream:SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$...:...
 * reporting:md5f1c2...                (32 hex digits)
 * loader:a password in clear
 * </pre>
 */
public final class UserStore {
    private static final UserStore EMPTY = new UserStore(Map.of());

    private final Map<String, UserCredentials> users;

    private UserStore(Map<String, UserCredentials> users) {
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }

    /** No users: only trusted (loopback) connections get in. */
    public static UserStore empty() {
        return EMPTY;
    }

    /** Users from name to secret, each secret read as a line of a users file is. */
    public static UserStore of(Map<String, String> secrets) {
        Map<String, UserCredentials> users = new LinkedHashMap<>();
        secrets.forEach((user, secret) -> users.put(user, UserCredentials.parse(user, secret)));
        return new UserStore(users);
    }

    /**
     * Reads a users file. Errors name the file and line but never repeat a secret.
     *
     * @throws IllegalArgumentException for a malformed line, an empty name or secret, or a user listed twice
     * @throws UncheckedIOException when the file cannot be read
     */
    public static UserStore load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read the users file " + file + ": " + failure.getMessage(), failure);
        }
        Map<String, UserCredentials> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + ": expected name:secret");
            }
            String user = line.substring(0, colon).strip();
            String secret = line.substring(colon + 1);
            if (user.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException(where + ": the user name and the secret must not be empty");
            }
            if (users.containsKey(user)) {
                throw new IllegalArgumentException(where + ": user \"" + user + "\" is listed twice");
            }
            try {
                users.put(user, UserCredentials.parse(user, secret));
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException(where + ": " + malformed.getMessage(), malformed);
            }
        }
        return new UserStore(users);
    }

    public Optional<UserCredentials> lookup(String user) {
        return Optional.ofNullable(users.get(user));
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    public Set<String> names() {
        return users.keySet();
    }

    @Override
    public String toString() {
        return "UserStore" + users.keySet();
    }
}
