package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses the SQL of sqllogictest records. The embedded sample always runs; the SQLite
 * corpus under /work/shared is used when it is there (the build never depends on it).
 */
class SqlLogicTestCorpusTest {
    private static final Path CORPUS = Path.of("/work/shared/testdata/sqllogictest");
    private static final int SHOWN_FAILURES = 40;

    @Test
    void parsesEmbeddedSample() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/sqllogictest/sample.test")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<SqlLogicTestRecords.Record> records = SqlLogicTestRecords.read(text);
        assertThat(records).hasSizeGreaterThan(20);
        assertThat(failures("sample.test", records)).isEmpty();
    }

    @Test
    void parsesSqliteCorpus() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "no corpus at " + CORPUS);
        List<Path> files = new ArrayList<>();
        for (String name : List.of("select1.test", "select2.test", "select3.test")) {
            files.add(CORPUS.resolve(name));
        }
        for (String directory : List.of("random/aggregates", "random/groupby")) {
            try (Stream<Path> listing = Files.list(CORPUS.resolve(directory))) {
                listing.filter(path -> path.toString().endsWith(".test")).sorted().forEach(files::add);
            }
        }
        long started = System.nanoTime();
        int total = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            List<SqlLogicTestRecords.Record> records =
                    SqlLogicTestRecords.read(Files.readString(file, StandardCharsets.UTF_8));
            total += records.size();
            failures.addAll(failures(CORPUS.relativize(file).toString(), records));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("sqllogictest corpus: %d records, %d failed, %d ms%n", total, failures.size(), millis);
        failures.stream().limit(SHOWN_FAILURES).forEach(System.out::println);
        assertThat(total).isGreaterThan(0);
        assertThat(failures).isEmpty();
    }

    private static List<String> failures(String file, List<SqlLogicTestRecords.Record> records) {
        List<String> failures = new ArrayList<>();
        for (SqlLogicTestRecords.Record record : records) {
            try {
                SqlParser.parse(record.sql());
            } catch (RockStreamException e) {
                failures.add(file + ":" + record.line() + ": " + e.describe() + "\n    " + record.sql().strip());
            }
        }
        return failures;
    }
}
