package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The parser reads the corpus files {@link CorpusTest} runs, without an engine (the first 21
 * aggregates files only, as in {@code testdata/sqllogictest}, to keep the default suite fast).
 */
class CorpusParsingTest {
    @Test
    void everyCorpusFileParses() throws Exception {
        int files = 0;
        int queries = 0;
        for (String file : CorpusTest.ALL_FILES) {
            if (file.matches("random/aggregates/slt_good_(2[1-9]|[3-9]\\d|1\\d\\d)\\.test")) {
                continue;
            }
            String text = CorpusTest.read("test/" + file);
            if (text == null) {
                continue;
            }
            files++;
            for (SltRecord record : SltParser.parse(file, text).records()) {
                if (record instanceof SltRecord.Query query) {
                    queries++;
                    assertThat(query.types()).as(file + ":" + query.line()).matches("[ITR]+");
                }
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(3 + 14 + 21);
        assertThat(queries).isGreaterThan(5000);
    }
}
