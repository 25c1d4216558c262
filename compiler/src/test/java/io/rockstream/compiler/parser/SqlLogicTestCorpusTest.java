package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parses the SQL of sqllogictest records: an embedded sample, and the corpus's target set
 * from the Maven artifact {@code net.hydromatic:sql-logic-test}.
 */
class SqlLogicTestCorpusTest {
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

    /** The whole target set of the corpus, from the Maven artifact net.hydromatic:sql-logic-test. */
    @Test
    void parsesSqliteCorpus() throws IOException {
        List<String> files = new ArrayList<>(List.of("select1.test", "select2.test", "select3.test"));
        for (int i = 0; i <= 13; i++) {
            files.add("random/groupby/slt_good_" + i + ".test");
        }
        for (int i = 0; i < 130; i++) {
            files.add("random/aggregates/slt_good_" + i + ".test");
        }
        long started = System.nanoTime();
        int total = 0;
        List<String> failures = new ArrayList<>();
        for (String file : files) {
            String text;
            try (InputStream in = getClass().getResourceAsStream("/test/" + file)) {
                assertThat(in).as("corpus file %s on the test classpath", file).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<SqlLogicTestRecords.Record> records = SqlLogicTestRecords.read(text);
            total += records.size();
            failures.addAll(failures(file, records));
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
