package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary's subcommands, run through picocli on captured streams. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        StandardStreams streams = new StandardStreams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return Main.run(args, streams);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shellKeepsStateInMemoryByDefault() {
        int status = run("CREATE TABLE t (v INT);\nINSERT INTO t VALUES (1), (2);\nSELECT sum(v) FROM t;\n", "shell");
        assertThat(status).isZero();
        assertThat(out()).isEqualTo("""
                CREATE TABLE
                INSERT 0 2
                 sum\s
                -----
                   3
                (1 row)

                """);
        assertThat(err().lines().toList()).satisfiesExactly(
                banner -> assertThat(banner).matches(
                        "RockStream \\S+: embedded JobManager and TaskManager \\(\\d+ slots\\) in this JVM, pid \\d+"),
                storage -> assertThat(storage).isEqualTo("Storage: memory; nothing is kept after exit (use"
                        + " --storage=PATH to keep it)."),
                ports -> assertThat(ports).isEqualTo("Postgres port 6875 and HTTP port 8081: not listening"
                        + " (shell mode; `rockstream start` serves Postgres); SQL is read from stdin."));
    }

    @Test
    void shellWithStorageFindsItsTablesAgainAfterARestart(@TempDir Path storage) {
        assertThat(run("CREATE TABLE t (v INT);\nCREATE MATERIALIZED VIEW s AS SELECT sum(v) AS total FROM t;\n"
                + "INSERT INTO t VALUES (1), (2);\n", "shell", "--storage=" + storage)).isZero();
        assertThat(err()).contains("Storage " + storage.toUri() + ": recovered in ");
        out.reset();
        assertThat(run("INSERT INTO t VALUES (4);\nSELECT total FROM s;\n", "shell", "--storage=" + storage)).isZero();
        assertThat(out()).endsWith("""
                 total\s
                -------
                     7
                (1 row)

                """);
        assertThat(storage.resolve("checkpoints")).isDirectory();
    }

    @Test
    void shellExitsWithThreeWhenAStatementFailed() {
        int status = run("SELECT 1/0;\nSELECT 1;\n", "shell");
        assertThat(status).isEqualTo(SqlShell.EXIT_STATEMENT_FAILED);
        assertThat(err()).contains("ERROR:  22012: division by zero\n");
        assertThat(out()).contains("(1 row)");
    }

    @Test
    void startRejectsABadPort() {
        assertThat(run("", "start", "--pg-port=0")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).startsWith("--pg-port must be a port between 1 and 65535: 0\n");
    }

    @Test
    void sltRunsFilesAndPrintsCounts() throws URISyntaxException {
        Path file = Path.of(MainTest.class.getResource("/slt/tiny.test").toURI());
        int status = run("", "slt", file.toString());
        assertThat(status).isZero();
        assertThat(out()).isEqualTo(file + ": 4 passed, 0 failed\nTotal: 4 passed, 0 failed\n");
    }

    @Test
    void sltExitsWithOneOnAFailure(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("wrong.test");
        Files.writeString(file, "query I nosort\nSELECT 1\n----\n2\n");
        int status = run("", "slt", file.toString());
        assertThat(status).isEqualTo(1);
        assertThat(out()).contains("FAIL " + file + ":1\n", file + ": 0 passed, 1 failed (seed ",
                "Total: 0 passed, 1 failed\n");
    }

    @Test
    void sltWithoutFilesIsAUsageError() {
        assertThat(run("", "slt")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).startsWith("Missing required parameter: 'FILE'");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("", "version")).isZero();
        assertThat(out()).startsWith("RockStream 0.1.0-SNAPSHOT\nJava ");
    }

    @Test
    void noSubcommandPrintsUsage() {
        assertThat(run("")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).startsWith("Usage: rockstream [-hV] [COMMAND]").contains("start", "shell", "slt", "version");
    }
}
