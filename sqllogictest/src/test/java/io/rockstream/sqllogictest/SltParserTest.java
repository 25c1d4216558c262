package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SltParserTest {
    @Test
    void parsesEveryRecordKind() {
        String text = String.join("\n",
                "# a comment",
                "hash-threshold 8",
                "",
                "statement ok",
                "CREATE TABLE t1(a INTEGER,",
                "  b INTEGER)",
                "",
                "statement error 22012",
                "SELECT 1/0",
                "",
                "skipif sqlite # why",
                "onlyif postgresql",
                "query IT rowsort label-7",
                "SELECT a, b",
                "FROM t1",
                "----",
                "1",
                "(empty)",
                "",
                "query R nosort",
                "SELECT 1",
                "----",
                "30 values hashing to 0123456789ABCDEF0123456789abcdef",
                "",
                "halt",
                "");
        SltScript script = SltParser.parse("x.test", text);

        assertThat(script.records()).hasSize(6);
        assertThat(script.records().get(0)).isEqualTo(new SltRecord.HashThreshold(2, List.of(), 8));
        assertThat(script.records().get(1)).isEqualTo(
                new SltRecord.Statement(4, List.of(), "CREATE TABLE t1(a INTEGER,\n  b INTEGER)", false, null));
        assertThat(script.records().get(2)).isEqualTo(new SltRecord.Statement(8, List.of(), "SELECT 1/0", true, "22012"));
        SltRecord.Query query = (SltRecord.Query) script.records().get(3);
        assertThat(query.line()).isEqualTo(13);
        assertThat(query.conditions()).containsExactly(
                new SltRecord.Condition(true, "sqlite"), new SltRecord.Condition(false, "postgresql"));
        assertThat(query.sql()).isEqualTo("SELECT a, b\nFROM t1");
        assertThat(query.types()).isEqualTo("IT");
        assertThat(query.sortMode()).isEqualTo(SortMode.ROWSORT);
        assertThat(query.label()).isEqualTo("label-7");
        assertThat(query.expected()).isEqualTo(new ExpectedResult.Values(List.of("1", "(empty)")));
        SltRecord.Query hashed = (SltRecord.Query) script.records().get(4);
        assertThat(hashed.label()).isNull();
        assertThat(hashed.expected()).isEqualTo(new ExpectedResult.Hash(30, "0123456789abcdef0123456789abcdef"));
        assertThat(script.records().get(5)).isInstanceOf(SltRecord.Halt.class);
    }

    @Test
    void conditionsSelectTheEngine() {
        SltScript script = SltParser.parse("x.test", "skipif postgresql\nstatement ok\nSELECT 1\n\n"
                + "onlyif mysql\nstatement ok\nSELECT 1\n\nonlyif postgresql\nskipif sqlite\nstatement ok\nSELECT 1\n");
        assertThat(script.records()).extracting(record -> record.appliesTo("postgresql")).containsExactly(false, false, true);
        assertThat(script.records().get(1).appliesTo("MySQL")).isTrue();
    }

    @Test
    void queryWithoutResultsExpectsNone() {
        SltRecord.Query query = (SltRecord.Query) SltParser.parse("x.test", "query I\nSELECT 1 WHERE false\n").records().get(0);
        assertThat(query.sortMode()).isEqualTo(SortMode.NOSORT);
        assertThat(query.expected()).isEqualTo(new ExpectedResult.Values(List.of()));
    }

    @Test
    void windowsLineEndingsAndTrailingBlanks() {
        SltScript script = SltParser.parse("x.test", "query I valuesort  \r\nSELECT 1\r\n----\r\n1  \r\n\r\n");
        assertThat(((SltRecord.Query) script.records().get(0)).expected()).isEqualTo(new ExpectedResult.Values(List.of("1")));
    }

    @Test
    void rejectsUnknownRecordsWithTheirLine() {
        assertThatThrownBy(() -> SltParser.parse("bad.test", "statement ok\nSELECT 1\n\nloop i 1 2\n"))
                .isInstanceOf(SltParseException.class)
                .hasMessage("bad.test:4: unknown record \"loop\"");
        assertThatThrownBy(() -> SltParser.parse("bad.test", "statement maybe\nSELECT 1\n"))
                .hasMessageContaining("bad.test:1");
    }
}
