package io.rockstream.gateway.auth;

import java.util.Locale;

/** How the gateway asks for a password (PostgreSQL's pg_hba.conf methods of the same names). */
public enum AuthMethod {
    /** The password in clear text (use it over TLS only). */
    PASSWORD("password"),
    /** PostgreSQL's salted MD5 challenge; users whose secret is a SCRAM verifier get SCRAM instead. */
    MD5("md5"),
    /** SCRAM-SHA-256 (RFC 7677): the password never crosses the wire, the server proves it knows the verifier. */
    SCRAM_SHA_256("scram-sha-256");

    private final String configName;

    AuthMethod(String configName) {
        this.configName = configName;
    }

    /** The name used in flags and docs: {@code password}, {@code md5}, {@code scram-sha-256}. */
    public String configName() {
        return configName;
    }

    /** Parses a {@link #configName()}, case-insensitively. */
    public static AuthMethod parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (AuthMethod method : values()) {
            if (method.configName.equals(wanted)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown authentication method \"" + name
                + "\"; expected password, md5 or scram-sha-256");
    }
}
