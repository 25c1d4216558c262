package io.rockstream.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password exchanges without a network: RFC 7677's SCRAM-SHA-256 example, MD5, cleartext, the users file. */
class AuthenticatorTest {
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @TempDir
    Path directory;

    private static byte[] initialResponse(String mechanism, String data) {
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(name.length + 5 + bytes.length).put(name).put((byte) 0).putInt(bytes.length)
                .put(bytes).array();
    }

    private static String text(AuthRequest request) {
        return new String(request.payload(), StandardCharsets.US_ASCII);
    }

    private static ScramExchange rfc7677Exchange(String mockReason) {
        return new ScramExchange("user", ScramVerifier.derive("pencil", SALT, 4096), mockReason, SERVER_NONCE);
    }

    @Test
    void scramFollowsTheExampleOfRfc7677ByteForByte() {
        ScramExchange exchange = rfc7677Exchange(null);
        assertThat(exchange.first().code()).isEqualTo(AuthRequest.SASL);
        assertThat(exchange.first().payload()).isEqualTo("SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII));
        AuthExchange.Step first = exchange.receive(initialResponse("SCRAM-SHA-256", "n,,n=user,r=" + CLIENT_NONCE));
        assertThat(first.authenticated()).isFalse();
        assertThat(first.send().orElseThrow().code()).isEqualTo(AuthRequest.SASL_CONTINUE);
        assertThat(text(first.send().orElseThrow())).isEqualTo(
                "r=" + CLIENT_NONCE + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        AuthExchange.Step last = exchange.receive(("c=biws,r=" + CLIENT_NONCE + SERVER_NONCE
                + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=").getBytes(StandardCharsets.US_ASCII));
        assertThat(last.authenticated()).isTrue();
        assertThat(last.send().orElseThrow().code()).isEqualTo(AuthRequest.SASL_FINAL);
        assertThat(text(last.send().orElseThrow())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongScramProofOrAMockExchangeFailsWith28P01() {
        String goodFinal = "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        ScramExchange wrong = rfc7677Exchange(null);
        wrong.receive(initialResponse("SCRAM-SHA-256", "n,,n=user,r=" + CLIENT_NONCE));
        assertThatThrownBy(() -> wrong.receive(goodFinal.replace("p=dHzb", "p=eHzb").getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(AuthenticationException.class, failure -> {
                    assertThat(failure.sqlState()).isEqualTo("28P01");
                    assertThat(failure.getMessage()).isEqualTo("password authentication failed for user \"user\"");
                });
        // the right proof does not help a mock exchange (an unknown user): same message, reason only in the log
        ScramExchange mock = rfc7677Exchange("no such user \"user\"");
        mock.receive(initialResponse("SCRAM-SHA-256", "n,,n=user,r=" + CLIENT_NONCE));
        assertThatThrownBy(() -> mock.receive(goodFinal.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(AuthenticationException.class, failure -> {
                    assertThat(failure.sqlState()).isEqualTo("28P01");
                    assertThat(failure.reason()).isEqualTo("no such user \"user\"");
                });
    }

    @Test
    void malformedScramMessagesAre08P01() {
        String[] firsts = {"p=tls-server-end-point,,n=user,r=abc", "x,,n=user,r=abc", "n,a=admin,n=user,r=abc",
            "n,,r=abc", "n,,n=user,r=", "n,,n=user,r=a\u0001b", "n,,n=user"};
        for (String first : firsts) {
            assertThatThrownBy(() -> rfc7677Exchange(null).receive(initialResponse("SCRAM-SHA-256", first)))
                    .as(first).isInstanceOfSatisfying(AuthenticationException.class,
                            failure -> assertThat(failure.sqlState()).isEqualTo("08P01"));
        }
        assertThatThrownBy(() -> rfc7677Exchange(null).receive(initialResponse("SCRAM-SHA-1", "n,,n=user,r=abc")))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        failure -> assertThat(failure.sqlState()).isEqualTo("08P01"));
        assertThatThrownBy(() -> rfc7677Exchange(null).receive(new byte[] {1, 2, 3}))
                .isInstanceOf(AuthenticationException.class);
        String[] finals = {"garbage", "c=biws,r=" + CLIENT_NONCE + "x,p=AAAA", "c=eSws,r=" + CLIENT_NONCE + SERVER_NONCE
            + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE + ",p=!!!",
            "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE + ",p=AAAA"};
        for (String last : finals) {
            ScramExchange exchange = rfc7677Exchange(null);
            exchange.receive(initialResponse("SCRAM-SHA-256", "n,,n=user,r=" + CLIENT_NONCE));
            assertThatThrownBy(() -> exchange.receive(last.getBytes(StandardCharsets.US_ASCII)))
                    .as(last).isInstanceOfSatisfying(AuthenticationException.class,
                            failure -> assertThat(failure.sqlState()).isEqualTo("08P01"));
        }
    }

    @Test
    void md5AnswersTheSaltedDoubleHash() throws Exception {
        Authenticator authenticator = new Authenticator(UserStore.of(Map.of("bob", "builder")), AuthMethod.MD5);
        AuthExchange exchange = authenticator.begin("bob");
        AuthRequest request = exchange.first();
        assertThat(request.code()).isEqualTo(AuthRequest.MD5_PASSWORD);
        assertThat(request.payload()).hasSize(4);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String inner = HexFormat.of().formatHex(md5.digest("builderbob".getBytes(StandardCharsets.UTF_8)));
        byte[] salted = ByteBuffer.allocate(36).put(inner.getBytes(StandardCharsets.US_ASCII)).put(request.payload())
                .array();
        String response = "md5" + HexFormat.of().formatHex(md5.digest(salted));
        assertThat(exchange.receive((response + "\0").getBytes(StandardCharsets.US_ASCII)).authenticated()).isTrue();

        AuthExchange wrong = authenticator.begin("bob");
        wrong.first();
        assertThatThrownBy(() -> wrong.receive((response + "\0").getBytes(StandardCharsets.US_ASCII)))
                .as("a response to another salt").isInstanceOfSatisfying(AuthenticationException.class,
                        failure -> assertThat(failure.sqlState()).isEqualTo("28P01"));
    }

    @Test
    void cleartextChecksEveryKindOfSecret() {
        String verifier = ScramVerifier.of("pencil").encode();
        Map<String, String> secrets = Map.of("plain", "pencil", "hashed", Md5Password.hash("pencil", "hashed"),
                "scram", verifier);
        Authenticator authenticator = new Authenticator(UserStore.of(secrets), AuthMethod.PASSWORD);
        for (String user : secrets.keySet()) {
            AuthExchange exchange = authenticator.begin(user);
            assertThat(exchange.first().code()).isEqualTo(AuthRequest.CLEARTEXT_PASSWORD);
            assertThat(exchange.receive("pencil\0".getBytes(StandardCharsets.UTF_8)).authenticated()).as(user).isTrue();
            AuthExchange wrong = authenticator.begin(user);
            assertThatThrownBy(() -> wrong.receive("pen\0".getBytes(StandardCharsets.UTF_8))).as(user)
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> authenticator.begin("nobody").receive("pencil\0".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("password authentication failed for user \"nobody\"");
    }

    @Test
    void md5FallsBackToScramForAScramSecretAndScramRefusesAnMd5OneLikeAnUnknownUser() {
        UserStore users = UserStore.of(Map.of("scram", ScramVerifier.of("x").encode(),
                "hashed", Md5Password.hash("x", "hashed")));
        assertThat(new Authenticator(users, AuthMethod.MD5).begin("scram").first().code()).isEqualTo(AuthRequest.SASL);
        AuthExchange exchange = new Authenticator(users, AuthMethod.SCRAM_SHA_256).begin("hashed");
        assertThat(exchange.first().code()).isEqualTo(AuthRequest.SASL);
    }

    @Test
    void usersFileHoldsThreeKindsOfSecretAndItsErrorsNeverQuoteOne() throws Exception {
        String verifier = ScramVerifier.of("s3cret").encode();
        Path file = directory.resolve("users");
        Files.writeString(file, "# name:secret\n\nalice:" + verifier + "\nbob:" + Md5Password.hash("pw", "bob")
                + "\ncarol:a password: with colons \n");
        UserStore users = UserStore.load(file);
        assertThat(users.names()).containsExactly("alice", "bob", "carol");
        assertThat(users.lookup("alice").orElseThrow().scram().orElseThrow()).isEqualTo(ScramVerifier.parse(verifier));
        assertThat(users.lookup("bob").orElseThrow().scram()).isEmpty();
        assertThat(users.lookup("carol").orElseThrow().matchesPassword("a password: with colons ")).isTrue();
        assertThat(users.toString()).doesNotContain(verifier).doesNotContain("colons");
        assertThat(users.lookup("alice").orElseThrow().toString()).doesNotContain(verifier.substring(20));

        Files.writeString(file, "alice:topsecret\nalice:othersecret\n");
        assertThatThrownBy(() -> UserStore.load(file)).hasMessageContaining("line 2").hasMessageContaining("twice")
                .hasMessageNotContaining("secret");
        Files.writeString(file, "dave:SCRAM-SHA-256$4096:bm90YmFzZTY0!$topsecret:topsecret\n");
        assertThatThrownBy(() -> UserStore.load(file)).hasMessageContaining("line 1")
                .hasMessageNotContaining("topsecret");
        Files.writeString(file, "no colon here\n");
        assertThatThrownBy(() -> UserStore.load(file)).hasMessageContaining("expected name:secret");
    }

    @Test
    void aVerifierRoundTripsThroughPostgresTextForm() {
        ScramVerifier verifier = ScramVerifier.derive("pencil", SALT, 4096);
        assertThat(verifier.encode()).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        assertThat(ScramVerifier.parse(verifier.encode())).isEqualTo(verifier);
        assertThat(verifier.matches("pencil")).isTrue();
        assertThat(verifier.matches("pencils")).isFalse();
        assertThat(verifier.toString()).doesNotContain(Base64.getEncoder().encodeToString(verifier.storedKey()));
    }

    @Test
    void saslPrepMapsSpacesAndNormalizesButLeavesAsciiAlone() {
        assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");
        assertThat(SaslPrep.prepare("a\u00A0b\u00AA")).isEqualTo("a ba");
        assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
        assertThat(SaslPrep.prepare("tab\there")).isEqualTo("tab\there");
        assertThat(SaslPrep.prepare("\u00E9\u0007")).as("prohibited: used as it is").isEqualTo("\u00E9\u0007");
    }
}
