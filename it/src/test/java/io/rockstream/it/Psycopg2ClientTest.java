package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.gateway.GatewayConfig;
import io.rockstream.gateway.PgGateway;
import io.rockstream.jobmanager.Engine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's psycopg2 (Debian's python3-psycopg2, installed when missing) against the
 * gateway: parameterized queries, executemany, COPY both ways, server-side cursors,
 * transactions and error classes. The client script is a test resource; each of its
 * checks prints a line, and a failing one exits non-zero.
 */
class Psycopg2ClientTest {
    @Test
    void psycopg2SessionRunsEveryCheck(@TempDir Path directory) throws Exception {
        String python = DebianPackages.systemPython();
        DebianPackages.ensureCommand("python3-psycopg2", python, "-c", "import psycopg2");
        Path script = directory.resolve("psycopg2_client.py");
        try (InputStream in = Psycopg2ClientTest.class.getResourceAsStream("/psycopg2_client.py")) {
            Files.copy(in, script);
        }
        try (Engine engine = Engine.startInMemory();
                PgGateway gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0))) {
            Process process = new ProcessBuilder(python, script.toString(), Integer.toString(gateway.port()))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            System.out.println(output);
            assertThat(process.exitValue()).as(output).isZero();
            List<String> lines = output.lines().toList();
            assertThat(lines).as(output).contains("DONE", "OK copy_expert rowcount", "OK named cursor rows",
                    "OK bad copy landed nothing", "OK duplicate sqlstate", "OK committed writes visible");
            assertThat(lines.stream().filter(line -> line.startsWith("OK ")).count()).as(output).isEqualTo(17);
        }
    }
}
