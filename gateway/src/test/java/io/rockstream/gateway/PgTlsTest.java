package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.UserStore;
import io.rockstream.jobmanager.Engine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: SSLRequest answered 'S' and the rest of the connection encrypted (PKCS#12 or PEM), or 'N' without a certificate. */
class PgTlsTest {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path directory;

    private static Engine engine;
    private static Path keystore;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.startInMemory();
        keystore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "rockstream", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Connection connect(int port, String sslmode, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", sslmode);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/rockstream", properties);
    }

    private static void assertQueryWorks(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 7")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void pgJdbcSslModeRequireWorksWithAPkcs12KeystoreAndScram() throws Exception {
        GatewayConfig config = GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pkcs12(keystore, STORE_PASSWORD), true)
                .withUsers(UserStore.of(Map.of("alice", "wonderland")), AuthMethod.SCRAM_SHA_256)
                .withLoopbackTrust(false);
        try (PgGateway gateway = PgGateway.start(engine, config)) {
            try (Connection connection = connect(gateway.port(), "require", "alice", "wonderland")) {
                assertQueryWorks(connection);
            }
            assertThatThrownBy(() -> connect(gateway.port(), "require", "alice", "wrong").close())
                    .isInstanceOfSatisfying(SQLException.class,
                            failure -> assertThat(failure.getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void theConnectionIsReallyEncryptedAfterS() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pkcs12(keystore, STORE_PASSWORD), false));
                Socket plain = new Socket("127.0.0.1", gateway.port())) {
            plain.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            assertThat(plain.getInputStream().read()).isEqualTo('S');
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "localhost",
                    gateway.port(), true)) {
                tls.startHandshake();
                assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                X509Certificate certificate = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
                tls.getOutputStream().write(RawPgClient.startupPacket("rockstream"));
                tls.getOutputStream().flush();
                DataInputStream in = new DataInputStream(tls.getInputStream());
                assertThat((char) in.readUnsignedByte()).isEqualTo('R');
                assertThat(in.readInt()).isEqualTo(8);
                assertThat(in.readInt()).as("AuthenticationOk over TLS").isZero();
            }
        }
    }

    @Test
    void pemCertificateAndKeyWorkToo() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("rockstream", STORE_PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("rockstream");
        Path certificateFile = directory.resolve("server.crt");
        Path keyFile = directory.resolve("server.key");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pem(certificateFile, keyFile), false));
                Connection connection = connect(gateway.port(), "require", "rockstream", null)) {
            assertQueryWorks(connection);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void withoutACertificateTheAnswerIsNAndSslModeRequireFails() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0))) {
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(8);
                out.writeInt(80877103);
                out.flush();
                assertThat(socket.getInputStream().read()).isEqualTo('N');
            }
            assertThatThrownBy(() -> connect(gateway.port(), "require", "rockstream", null).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("SSL");
            try (Connection connection = connect(gateway.port(), "prefer", "rockstream", null)) {
                assertQueryWorks(connection);
            }
        }
    }

    @Test
    void plaintextSentWithTheSslRequestIsRefusedAndAClientThatSpeaksNoTlsIsDropped() throws Exception {
        try (PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pkcs12(keystore, STORE_PASSWORD), false))) {
            try (RawPgClient client = new RawPgClient(gateway.port(), 10_000)) {
                byte[] startup = RawPgClient.startupPacket("rockstream");
                byte[] both = new byte[8 + startup.length];
                java.nio.ByteBuffer.wrap(both).putInt(8).putInt(80877103).put(startup);
                client.send(both);
                RawPgClient.Message error = client.read();
                assertThat(error.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                        .containsEntry('M', "received unencrypted data after SSL request");
                assertThat(client.closedByServer()).isTrue();
            }
            try (RawPgClient client = new RawPgClient(gateway.port(), 10_000)) {
                client.send(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
                assertThat(client.readByte()).isEqualTo('S');
                client.send(RawPgClient.startupPacket("rockstream"));
                assertThat(client.closedByServer()).as("not a TLS record: the handshake fails and the server closes")
                        .isTrue();
            }
            try (Connection connection = connect(gateway.port(), "require", "rockstream", null)) {
                assertQueryWorks(connection);
            }
        }
    }

    @Test
    void unusableKeyMaterialStopsTheStartNamingTheFile() {
        Path missing = directory.resolve("missing.p12");
        assertThatThrownBy(() -> PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pkcs12(missing, STORE_PASSWORD), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.p12");
        assertThatThrownBy(() -> PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0)
                .withTls(TlsConfig.pkcs12(keystore, "not the password"), false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.p12")
                .hasMessageNotContaining("not the password");
        assertThat(TlsConfig.pkcs12(keystore, STORE_PASSWORD).toString()).doesNotContain(STORE_PASSWORD);
    }

    /** Trusts any server certificate: the test checks the certificate it got instead. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
