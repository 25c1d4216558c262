package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code rockstream start}: serves Postgres on 127.0.0.1 until asked to stop; refuses a busy port. */
class StartCommandTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path storage;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);

    private CommandLine command() {
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        // usage errors go to the command line's own error writer, as Main sets it up
        return new CommandLine(new StartCommand(streams, stop))
                .setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int httpPort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void servesPostgresAndHttpUntilStopped() throws Exception {
        int port = freePort();
        int http = httpPort();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> command().execute("--listen=127.0.0.1", "--pg-port=" + port, "--http-port=" + http,
                        "--http-token=t0ken", "--storage=" + storage));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!err().contains("Postgres listening") && System.nanoTime() < deadline && !status.isDone()) {
            Thread.sleep(20);
        }
        assertThat(err()).contains("Postgres listening on 127.0.0.1:" + port
                + ", database rockstream, user rockstream. Connect with: psql -h 127.0.0.1 -p " + port
                + " -U rockstream rockstream");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            assertThat(new DataInputStream(socket.getInputStream()).readByte()).isEqualTo((byte) 'N');
        }
        // the same process serves the web UI and the REST API, behind the token it was given
        assertThat(err()).contains("Web UI on http://127.0.0.1:" + http + "/ (REST API under /api/v1, Prometheus at"
                + " /metrics; API calls need 'Authorization: Bearer <token>').");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI overview = java.net.URI.create("http://127.0.0.1:" + http + "/api/v1/overview");
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(overview).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        java.net.http.HttpResponse<String> allowed = client.send(java.net.http.HttpRequest.newBuilder(overview)
                .header("Authorization", "Bearer t0ken").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"storage\":\"file:");
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http + "/"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("RockStream");
        stop.countDown();
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err()).endsWith("Shutting down.\n");
    }

    /** Starts {@code rockstream start} with {@code args} in the background and waits for its banner. */
    private CompletableFuture<Integer> startInBackground(String... args) throws InterruptedException {
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> command().execute(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!err().contains("Authentication:") && System.nanoTime() < deadline && !status.isDone()) {
            Thread.sleep(20);
        }
        return status;
    }

    private static Path keystore(Path directory) throws Exception {
        Path keystore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "rockstream", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        return keystore;
    }

    private static byte[] startupPacket(String user) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 3, 0, 0});
        for (String part : new String[] {"user", user, "database", "rockstream", ""}) {
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(4 + body.size()).array());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    @Test
    void securityAndLimitFlagsReachTheGateway(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        int port = freePort();
        Path users = directory.resolve("users");
        Files.writeString(users, "# name:secret\nalice:wonderland\n");
        CompletableFuture<Integer> status = startInBackground("--pg-port=" + port, "--http-port=" + httpPort(), "--storage=memory",
                "--users-file=" + users, "--auth-method=md5", "--loopback-trust=false", "--max-connections=1",
                "--auth-timeout-ms=60000", "--max-message-bytes=4096", "--tls-keystore=" + keystore(directory),
                "--tls-keystore-password=changeit", "--tls-required");
        try {
            assertThat(err()).contains("Authentication: password users from " + users
                    + " (md5); TLS on (required for non-loopback clients); at most 1 connections.");
            assertThat(err()).doesNotContain("wonderland").doesNotContain("changeit");
            try (Socket first = new Socket("127.0.0.1", port)) {
                DataOutputStream out = new DataOutputStream(first.getOutputStream());
                DataInputStream in = new DataInputStream(first.getInputStream());
                out.writeInt(8);
                out.writeInt(80877103);
                out.flush();
                assertThat(in.readByte()).as("TLS configured").isEqualTo((byte) 'S');
                // the one allowed connection is taken: the next one is told so after its startup packet
                try (Socket second = new Socket("127.0.0.1", port)) {
                    second.getOutputStream().write(startupPacket("alice"));
                    DataInputStream secondIn = new DataInputStream(second.getInputStream());
                    assertThat(secondIn.readByte()).isEqualTo((byte) 'E');
                    byte[] body = new byte[secondIn.readInt() - 4];
                    secondIn.readFully(body);
                    assertThat(new String(body, StandardCharsets.UTF_8)).contains("53300")
                            .contains("sorry, too many clients already");
                }
            }
            // the slot is free again: md5 is asked for, not trust, although the client is on loopback
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write(startupPacket("alice"));
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    byte type = in.readByte();
                    in.readInt();
                    int code = in.readInt();
                    if (type == 'R') {
                        assertThat(code).as("AuthenticationMD5Password").isEqualTo(5);
                        break;
                    }
                    assertThat(System.nanoTime()).as("the first connection's slot comes back").isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
        } finally {
            stop.countDown();
        }
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void badSecurityFlagsAreUsageErrorsThatNeverQuoteASecret(@org.junit.jupiter.api.io.TempDir Path directory)
            throws Exception {
        assertThat(command().execute("--storage=memory", "--tls-required")).isEqualTo(2);
        assertThat(err()).contains("--tls-required needs --tls-cert and --tls-key, or --tls-keystore");
        err.reset();
        assertThat(command().execute("--storage=memory", "--tls-cert=" + directory.resolve("c.pem"))).isEqualTo(2);
        assertThat(err()).contains("--tls-cert and --tls-key go together");
        err.reset();
        Path users = directory.resolve("users");
        Files.writeString(users, "alice:topsecret\nalice:topsecret2\n");
        assertThat(command().execute("--storage=memory", "--users-file=" + users)).isEqualTo(2);
        assertThat(err()).contains("--users-file: ").contains("line 2").doesNotContain("topsecret");
        err.reset();
        assertThat(command().execute("--storage=memory", "--auth-method=kerberos")).isEqualTo(2);
        assertThat(err()).contains("unknown authentication method \"kerberos\"");
        err.reset();
        assertThat(command().execute("--storage=memory", "--max-connections=0")).isEqualTo(2);
        assertThat(err()).contains("--max-connections must be at least 1");
        err.reset();
        assertThat(command().execute("--storage=memory", "--max-message-bytes=10")).isEqualTo(2);
        assertThat(err()).contains("--max-message-bytes must be at least 1024");
        err.reset();
        int status = command().execute("--storage=memory", "--pg-port=" + freePort(), "--http-port=" + freePort(),
                "--tls-keystore=" + directory.resolve("missing.p12"), "--tls-keystore-password=hunter2");
        assertThat(status).isEqualTo(StartCommand.EXIT_BAD_SECURITY);
        assertThat(err()).startsWith("rockstream: cannot load the TLS keystore ").contains("missing.p12")
                .doesNotContain("hunter2");
    }

    @Test
    void refusesABadStorageLocationWithItsSqlState() {
        int status = command().execute("--storage=s3://Not_A_Bucket/x");
        assertThat(status).isEqualTo(CommandSupport.EXIT_STORAGE_FAILED);
        assertThat(err()).startsWith("rockstream: cannot start on storage s3://Not_A_Bucket/x: ").contains("(SQLSTATE 22023)");
    }

    @Test
    void refusesABusyHttpPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int status = command().execute("--pg-port=" + freePort(), "--http-port=" + busy.getLocalPort(),
                    "--storage=memory");
            assertThat(status).isEqualTo(StartCommand.EXIT_PORT_IN_USE);
            assertThat(err()).startsWith("rockstream: cannot listen for HTTP on 127.0.0.1:" + busy.getLocalPort())
                    .endsWith("Stop what uses it or choose another port with --http-port.\n");
        }
    }

    @Test
    void refusesABusyPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int status = command().execute("--pg-port=" + busy.getLocalPort(), "--http-port=" + freePort(),
                    "--storage=" + storage);
            assertThat(status).isEqualTo(StartCommand.EXIT_PORT_IN_USE);
            assertThat(err()).isEqualTo("rockstream: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                    + " for Postgres: the address is in use (is another RockStream or PostgreSQL running?)."
                    + " Stop it or choose another port with --pg-port.\n");
        }
    }
}
