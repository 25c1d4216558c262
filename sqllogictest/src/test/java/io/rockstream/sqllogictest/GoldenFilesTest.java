package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our own PostgreSQL-semantics golden files ({@code src/test/resources/slt/*.test}) against
 * the real engine, in both modes. The expected values were checked against PostgreSQL 17
 * (see {@code io.rockstream.it.GoldenFilesOnPostgresTest}).
 */
class GoldenFilesTest {
    static List<Path> goldenFiles() throws URISyntaxException, java.io.IOException {
        Path directory = Path.of(GoldenFilesTest.class.getResource("/slt").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".test")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void goldenFilesPassInBothModes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SltOptions options = SltOptions.fromSystemProperties();

        int exitCode = SltCommand.run(goldenFiles(), EngineFactory.inMemory(), options, out);

        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(exitCode).as(report).isZero();
    }
}
