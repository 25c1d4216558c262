package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SQLite's sqllogictest corpus (from {@code net.hydromatic:sql-logic-test}, resources under
 * {@code test/}) against the real engine, every query also as a maintained view. Prints a
 * line per file and asserts that the fraction of passing tests reaches a threshold.
 *
 * <p>The default suite runs select1–3, every random/groupby file and every tenth
 * random/aggregates file (about 60,000 queries, a few minutes) and requires 99.9%; the
 * tagged {@code corpus} run takes all of select1–3, random/groupby and random/aggregates and
 * requires {@code slt.passRatio} (default 0.99, the target). Pick files with
 * {@code -Dslt.corpus=select1.test,random/groupby/slt_good_0.test}.
 */
class CorpusTest {
    static final List<String> ALL_FILES = files(1);
    static final List<String> SAMPLE_FILES = files(10);

    /** select1–3, all groupby files, and every {@code step}-th aggregates file. */
    private static List<String> files(int step) {
        List<String> files = new ArrayList<>(List.of("select1.test", "select2.test", "select3.test"));
        for (int i = 0; i <= 13; i++) {
            files.add("random/groupby/slt_good_" + i + ".test");
        }
        // upstream numbers the aggregates files 0..129; the jar has them all
        for (int i = 0; i < 130; i += step) {
            files.add("random/aggregates/slt_good_" + i + ".test");
        }
        return files;
    }

    @Test
    void sampleOfCorpusPassesInBothModes() throws IOException {
        String selection = System.getProperty("slt.corpus", "");
        run(selection.isBlank() ? SAMPLE_FILES : List.of(selection.split(",")), 0.999);
    }

    @Tag("corpus")
    @Test
    void wholeCorpusPassesInBothModes() throws IOException {
        run(ALL_FILES, Double.parseDouble(System.getProperty("slt.passRatio", "0.99")));
    }

    private static void run(List<String> files, double threshold) throws IOException {
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
        assertThat(results).as("corpus files found on the classpath").hasSize(files.size());
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
