package io.rockstream.gateway;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * The server certificate and key for TLS, from PEM files (a certificate chain and an
 * unencrypted PKCS#8 private key, as {@code openssl} writes them) or from a PKCS#12
 * keystore (as {@code keytool} writes them). The keystore password never appears in
 * {@link #toString()}.
 */
public final class TlsConfig {
    private final Path certificate;
    private final Path privateKey;
    private final Path keystore;
    private final char[] keystorePassword;

    private TlsConfig(Path certificate, Path privateKey, Path keystore, char[] keystorePassword) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
    }

    /** A PEM certificate chain and its PEM (PKCS#8, unencrypted) private key. */
    public static TlsConfig pem(Path certificate, Path privateKey) {
        return new TlsConfig(requireNonNull(certificate, "certificate is null"),
                requireNonNull(privateKey, "privateKey is null"), null, null);
    }

    /** A PKCS#12 keystore holding one private key entry and its certificate chain. */
    public static TlsConfig pkcs12(Path keystore, String password) {
        return new TlsConfig(null, null, requireNonNull(keystore, "keystore is null"),
                requireNonNull(password, "password is null").toCharArray());
    }

    /**
     * Loads the key material: TLS 1.2 and 1.3, the JDK's TLS engine.
     *
     * @throws IllegalArgumentException when a file is missing or holds no usable key (the message names the file)
     */
    SslContext newContext() {
        try {
            SslContextBuilder builder;
            if (keystore != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    store.load(in, keystorePassword);
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, keystorePassword);
                builder = SslContextBuilder.forServer(keys);
            } else {
                builder = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile());
            }
            return builder.protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException failure) {
            throw new IllegalArgumentException("cannot load the TLS " + (keystore != null
                    ? "keystore " + keystore : "certificate " + certificate + " and key " + privateKey) + ": "
                    + failure.getMessage(), failure);
        }
    }

    @Override
    public String toString() {
        return keystore != null ? "TlsConfig[pkcs12 " + keystore + "]"
                : "TlsConfig[pem " + certificate + ", key " + privateKey + "]";
    }
}
