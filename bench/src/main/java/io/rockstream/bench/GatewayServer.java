package io.rockstream.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code rockstream start} as a child JVM on 127.0.0.1 (engine and Postgres gateway, state
 * durable in a directory, as a user runs it), started from this program's classpath so the
 * benchmark measures the code it was built with. Clients reach it like any PostgreSQL: a
 * pgjdbc URL.
 */
final class GatewayServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private GatewayServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server with its state under {@code storage}; waits until it accepts connections. */
    static GatewayServer start(Path storage, Path log, String heap, List<String> jvmOptions) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rockstream.cli.Main", "start",
                "--listen=127.0.0.1", "--pg-port=" + port, "--http-port=" + freePort(), "--storage=" + storage));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        GatewayServer server = new GatewayServer(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rockstream exited with status " + process.exitValue() + ":\n"
                        + server.output());
            }
            try (Connection probe = DriverManager.getConnection(server.url(), properties("simple"))) {
                return server;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("rockstream did not accept connections in 120 s:\n"
                            + server.output());
                }
                Thread.sleep(100);
            }
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/rockstream";
    }

    long pid() {
        return process.pid();
    }

    /** Connection properties for user {@code rockstream} with pgjdbc's {@code preferQueryMode} (or extended). */
    static Properties properties(String queryMode) {
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        properties.setProperty("connectTimeout", "30");
        properties.setProperty("socketTimeout", "600");
        properties.setProperty("preferQueryMode", queryMode);
        return properties;
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM (the clean shutdown), then SIGKILL if it takes more than a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
