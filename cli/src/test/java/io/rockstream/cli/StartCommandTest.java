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
        return new CommandLine(new StartCommand(streams, stop));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void servesPostgresUntilStopped() throws Exception {
        int port = freePort();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> command().execute("--listen=127.0.0.1", "--pg-port=" + port, "--storage=" + storage));
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
        stop.countDown();
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(err()).endsWith("Shutting down.\n");
    }

    @Test
    void refusesABadStorageLocationWithItsSqlState() {
        int status = command().execute("--storage=s3://Not_A_Bucket/x");
        assertThat(status).isEqualTo(CommandSupport.EXIT_STORAGE_FAILED);
        assertThat(err()).startsWith("rockstream: cannot start on storage s3://Not_A_Bucket/x: ").contains("(SQLSTATE 22023)");
    }

    @Test
    void refusesABusyPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int status = command().execute("--pg-port=" + busy.getLocalPort(), "--storage=" + storage);
            assertThat(status).isEqualTo(StartCommand.EXIT_PORT_IN_USE);
            assertThat(err()).isEqualTo("rockstream: cannot listen on 127.0.0.1:" + busy.getLocalPort()
                    + " for Postgres: the address is in use (is another RockStream or PostgreSQL running?)."
                    + " Stop it or choose another port with --pg-port.\n");
        }
    }
}
