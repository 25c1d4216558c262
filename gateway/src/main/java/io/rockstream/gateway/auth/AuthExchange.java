package io.rockstream.gateway.auth;

import java.util.Optional;

/**
 * One password conversation with one client, begun by {@link Authenticator#begin}. The
 * gateway sends {@link #first()}, then feeds the body of each PasswordMessage ('p') to
 * {@link #receive} until a step says the client is authenticated or an
 * {@link AuthenticationException} ends it. Not thread-safe: one connection drives it.
 *
 * <pre>
 * cleartext:  R(3)                       p(password)                 -&gt; authenticated
 * md5:        R(5, salt)                 p("md5" + hex)              -&gt; authenticated
 * scram:      R(10, "SCRAM-SHA-256")     p(mechanism, client-first)  -&gt; R(11, server-first)
 *                                        p(client-final)             -&gt; R(12, server-final), authenticated
 * </pre>
 */
public interface AuthExchange {
    /** The first Authentication request. */
    AuthRequest first();

    /**
     * Reads the body of one PasswordMessage.
     *
     * @throws AuthenticationException 28P01 for a wrong password or unknown user, 08P01 for a malformed message
     */
    Step receive(byte[] message);

    /**
     * What follows a password message: a request to send (SASLContinue, or SASLFinal with
     * the server's proof) and whether the client is now authenticated.
     */
    record Step(Optional<AuthRequest> send, boolean authenticated) {
        static Step next(AuthRequest request) {
            return new Step(Optional.of(request), false);
        }

        static Step done() {
            return new Step(Optional.empty(), true);
        }

        static Step done(AuthRequest last) {
            return new Step(Optional.of(last), true);
        }
    }
}
