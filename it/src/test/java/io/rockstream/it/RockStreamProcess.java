package io.rockstream.it;

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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code rockstream start} as a separate JVM on 127.0.0.1, from this module's test
 * classpath: started, connected to with pgjdbc, and killed with SIGKILL like a crashed
 * process. Its output goes to a log file that a failing test prints.
 */
final class RockStreamProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private int httpPort;

    private RockStreamProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The port of its REST API and web UI. */
    int httpPort() {
        return httpPort;
    }

    /** Starts the server with {@code arguments} after {@code start} and waits until it accepts connections. */
    static RockStreamProcess start(Path log, Map<String, String> environment, String... arguments) throws Exception {
        return start(log, environment, List.of("-Xmx512m"), arguments);
    }

    /**
     * Starts the server with the JVM options {@code jvmOptions} (e.g. {@code -Xmx256m},
     * {@code -Dname=value}) and {@code arguments} after {@code start}; waits until it accepts
     * connections.
     */
    static RockStreamProcess start(Path log, Map<String, String> environment, List<String> jvmOptions,
            String... arguments) throws Exception {
        int port = freePort();
        int httpPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+UseSerialGC",
                // checkpoints and recoveries are logged at INFO: the tests count them
                "-Dorg.slf4j.simpleLogger.log.io.rockstream.jobmanager=info", "-cp", System.getProperty("java.class.path"), "io.rockstream.cli.Main",
                "start", "--listen=127.0.0.1", "--pg-port=" + port, "--http-port=" + httpPort));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        RockStreamProcess server = new RockStreamProcess(process, port, log);
        server.httpPort = httpPort;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rockstream exited with status " + process.exitValue() + ":\n" + server.output());
            }
            try (Connection probe = server.connect()) {
                return server;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("rockstream did not accept connections in 90 s:\n" + server.output());
                }
                Thread.sleep(50);
            }
        }
    }

    /** A connection with the simple query protocol, so a multi-statement string is one message. */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "rockstream");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/rockstream", properties);
    }

    /** The operating system's id of the server process. */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no final checkpoint, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("rockstream survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM: the clean shutdown path. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("rockstream did not stop within 60 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
