package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.sqllogictest.EngineFactory;
import io.rockstream.sqllogictest.SltCommand;
import io.rockstream.sqllogictest.SltOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our sqllogictest golden files ({@code sqllogictest/src/test/resources/slt}) state
 * PostgreSQL's answers: run them ad hoc against the real PostgreSQL 17 (view mode off, as
 * PostgreSQL's materialized views are not maintained).
 */
class GoldenFilesOnPostgresTest {
    @Test
    void goldenFilesAgreeWithPostgres() throws Exception {
        Path directory = Path.of("..", "sqllogictest", "src", "test", "resources", "slt");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".test")).sorted().collect(Collectors.toList());
        }
        assertThat(files).isNotEmpty();
        EngineFactory postgres = () -> {
            try {
                return new JdbcSqlSession(PostgresOracle.newDatabase("golden"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode = SltCommand.run(files, postgres, new SltOptions("postgresql", 1, false, 1),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(exitCode).as(report).isZero();
    }
}
