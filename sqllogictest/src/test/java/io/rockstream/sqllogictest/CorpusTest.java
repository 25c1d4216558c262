package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SQLite's sqllogictest corpus (from {@code net.hydromatic:sql-logic-test}, resources under
 * {@code test/}) against the real engine, every query also as a maintained view. Prints a
 * line per file and asserts that the fraction of passing tests reaches {@code slt.passRatio}
 * (default 0.99). Pick files with {@code -Dslt.corpus=select1.test,random/groupby/slt_good_0.test}.
 */
@Tag("corpus")
class CorpusTest {
    static final List<String> DEFAULT_FILES = defaultFiles();

    private static List<String> defaultFiles() {
        List<String> files = new ArrayList<>(List.of("select1.test", "select2.test", "select3.test"));
        for (int i = 0; i <= 13; i++) {
            files.add("random/groupby/slt_good_" + i + ".test");
        }
        // upstream numbers the aggregates files 0..129; take every one the jar has
        for (int i = 0; i < 130; i++) {
            files.add("random/aggregates/slt_good_" + i + ".test");
        }
        return files;
    }

    @Test
    void corpusPassesInBothModes() throws IOException {
        double threshold = Double.parseDouble(System.getProperty("slt.passRatio", "0.99"));
        String selection = System.getProperty("slt.corpus", "");
        List<String> files = selection.isBlank() ? DEFAULT_FILES : List.of(selection.split(","));
        SltOptions options = SltOptions.fromSystemProperties();
        SltRunner runner = new SltRunner(EngineFactory.inMemory(), options);

        List<FileResult> results = new ArrayList<>();
        for (String file : files) {
            String text = read("test/" + file.strip());
            if (text == null) {
                continue;
            }
            FileResult result = runner.run(SltParser.parse(file.strip(), text));
            Reports.printFile(result, System.out);
            results.add(result);
        }
        Reports.printTotal(results, System.out);

        long passed = results.stream().mapToLong(FileResult::passed).sum();
        long failed = results.stream().mapToLong(FileResult::failed).sum();
        assertThat(results).as("corpus files found on the classpath").isNotEmpty();
        double ratio = passed + failed == 0 ? 0 : (double) passed / (passed + failed);
        assertThat(ratio).as("pass ratio (%d passed, %d failed, seed %d)", passed, failed, options.seed())
                .isGreaterThanOrEqualTo(threshold);
    }

    static String read(String resource) throws IOException {
        try (InputStream in = CorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
