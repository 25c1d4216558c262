package io.rockstream.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL runs it: the user
 * name comes from the StartupMessage (the SCRAM {@code n=} attribute is ignored), channel
 * binding is not offered (the client may send {@code n} or {@code y}, never {@code p}), and
 * no authorization identity is accepted.
 *
 * <pre>
 * client                                                server
 *                                      &lt;-  R(10) "SCRAM-SHA-256"
 * p: "SCRAM-SHA-256", gs2-header "n=,r=cnonce"  -&gt;
 *                                      &lt;-  R(11) "r=cnonce+snonce,s=salt,i=4096"
 * p: "c=biws,r=cnonce+snonce,p=proof"  -&gt;
 *                                      &lt;-  R(12) "v=server-signature"   (then AuthenticationOk)
 * </pre>
 *
 * <p>A mock exchange (unknown user, or no SCRAM secret) runs the same steps and fails with
 * 28P01 after the client's proof.
 */
final class ScramExchange implements AuthExchange {
    private enum State {
        EXPECT_CLIENT_FIRST, EXPECT_CLIENT_FINAL, DONE
    }

    private final String user;
    private final ScramVerifier verifier;
    /** Why this exchange can only fail (for the log), or null for a real one. */
    private final String mockReason;
    private final String serverNonce;
    private State state = State.EXPECT_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /** @param serverNonce the server's part of the nonce: printable ASCII without ',' */
    ScramExchange(String user, ScramVerifier verifier, String mockReason, String serverNonce) {
        this.user = user;
        this.verifier = verifier;
        this.mockReason = mockReason;
        this.serverNonce = serverNonce;
    }

    @Override
    public AuthRequest first() {
        byte[] name = Scram.MECHANISM.getBytes(StandardCharsets.US_ASCII);
        byte[] list = new byte[name.length + 2];
        System.arraycopy(name, 0, list, 0, name.length);
        return new AuthRequest(AuthRequest.SASL, list);
    }

    @Override
    public Step receive(byte[] message) {
        switch (state) {
            case EXPECT_CLIENT_FIRST:
                return clientFirst(Authenticator.readInitialResponse(message));
            case EXPECT_CLIENT_FINAL:
                return clientFinal(message);
            case DONE:
                throw AuthenticationException.malformed("unexpected SASL response after the SCRAM exchange ended");
        }
        throw new IllegalStateException("unknown state " + state);
    }

    /** client-first-message = gs2-header client-first-message-bare; gs2-header = cbind-flag "," [authzid] ",". */
    private Step clientFirst(byte[] data) {
        String message = text(data);
        if (message.startsWith("p")) {
            throw AuthenticationException.malformed("malformed SCRAM message: the client requires channel binding,"
                    + " which the server does not offer");
        }
        if (!message.startsWith("n,") && !message.startsWith("y,")) {
            throw AuthenticationException.malformed("malformed SCRAM message: unexpected channel-binding flag");
        }
        int second = message.indexOf(',', 2);
        if (second < 0) {
            throw AuthenticationException.malformed("malformed SCRAM message: incomplete GS2 header");
        }
        if (second != 2) {
            throw AuthenticationException.malformed("client uses authorization identity, but it is not supported");
        }
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw AuthenticationException.malformed("malformed SCRAM message: expected n=user,r=nonce");
        }
        String clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty() || !printable(clientNonce)) {
            throw AuthenticationException.malformed("malformed SCRAM message: invalid client nonce");
        }
        nonce = clientNonce + serverNonce;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i="
                + verifier.iterations();
        state = State.EXPECT_CLIENT_FINAL;
        return Step.next(new AuthRequest(AuthRequest.SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.US_ASCII)));
    }

    /** client-final-message = "c=" base64(gs2-header) ",r=" nonce ["," extensions] ",p=" base64(ClientProof). */
    private Step clientFinal(byte[] data) {
        state = State.DONE;
        String message = text(data);
        int proofAt = message.lastIndexOf(",p=");
        if (!message.startsWith("c=") || proofAt < 0) {
            throw AuthenticationException.malformed("malformed SCRAM message: expected c=...,r=...,p=...");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[1].startsWith("r=")) {
            throw AuthenticationException.malformed("malformed SCRAM message: expected c=...,r=...,p=...");
        }
        byte[] binding = decode(attributes[0].substring(2));
        if (!MessageDigest.isEqual(binding, gs2Header.getBytes(StandardCharsets.US_ASCII))) {
            throw AuthenticationException.malformed("malformed SCRAM message: channel binding does not match the GS2"
                    + " header");
        }
        if (!attributes[1].substring(2).equals(nonce)) {
            throw AuthenticationException.malformed("malformed SCRAM message: nonce does not match");
        }
        byte[] proof = decode(message.substring(proofAt + 3));
        if (proof.length != Scram.KEY_BYTES) {
            throw AuthenticationException.malformed("malformed SCRAM message: the client proof has " + proof.length
                    + " bytes, not " + Scram.KEY_BYTES);
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = Scram.hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = Scram.xor(proof, clientSignature);
        boolean matches = MessageDigest.isEqual(Scram.sha256(clientKey), verifier.storedKey());
        if (mockReason != null) {
            throw AuthenticationException.failed(user, mockReason);
        }
        if (!matches) {
            throw AuthenticationException.failed(user, "password does not match for user \"" + user + "\"");
        }
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(Scram.hmac(verifier.serverKey(), authMessage));
        return Step.done(new AuthRequest(AuthRequest.SASL_FINAL, serverFinal.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String text(byte[] data) {
        String message = new String(data, StandardCharsets.UTF_8);
        if (message.indexOf('\0') >= 0) {
            throw AuthenticationException.malformed("malformed SCRAM message: NUL byte");
        }
        return message;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException malformed) {
            throw AuthenticationException.malformed("malformed SCRAM message: invalid base64");
        }
    }

    /** RFC 5802 "printable": 0x21-0x7E except ','. */
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }
}
