package io.rockstream.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValueRendererTest {
    @Test
    void nullAndEmptyForEveryType() {
        for (char type : new char[] {'I', 'R', 'T'}) {
            assertThat(ValueRenderer.render(null, type, SqlType.INTEGER)).isEqualTo("NULL");
        }
        assertThat(ValueRenderer.render("", 'T', SqlType.TEXT)).isEqualTo("(empty)");
    }

    @Test
    void integersTruncateTowardZero() {
        assertThat(ValueRenderer.render(42L, 'I', SqlType.BIGINT)).isEqualTo("42");
        assertThat(ValueRenderer.render(new BigDecimal("-7.9"), 'I', SqlType.NUMERIC)).isEqualTo("-7");
        assertThat(ValueRenderer.render(new BigDecimal("7.9"), 'I', SqlType.NUMERIC)).isEqualTo("7");
        assertThat(ValueRenderer.render(-2.5, 'I', SqlType.DOUBLE)).isEqualTo("-2");
        assertThat(ValueRenderer.render(true, 'I', SqlType.BOOLEAN)).isEqualTo("1");
    }

    @Test
    void textAsIntegerTakesTheLeadingDigitsLikeTheOriginalRunner() {
        assertThat(ValueRenderer.render("12abc", 'I', SqlType.TEXT)).isEqualTo("12");
        assertThat(ValueRenderer.render(" -3.5", 'I', SqlType.TEXT)).isEqualTo("-3");
        assertThat(ValueRenderer.render("abc", 'I', SqlType.TEXT)).isEqualTo("0");
    }

    @Test
    void realsPrintLikeCPrintf() {
        assertThat(ValueRenderer.render(1, 'R', SqlType.INTEGER)).isEqualTo("1.000");
        assertThat(ValueRenderer.render(new BigDecimal("2.34567"), 'R', SqlType.NUMERIC)).isEqualTo("2.346");
        // 1.0005 is 1.000499999... in binary: printf rounds the exact value, not the decimal text
        assertThat(ValueRenderer.render(1.0005, 'R', SqlType.DOUBLE)).isEqualTo("1.000");
        assertThat(ValueRenderer.render(0.1235, 'R', SqlType.DOUBLE)).isEqualTo("0.123");
        assertThat(ValueRenderer.render(0.0005, 'R', SqlType.DOUBLE)).isEqualTo("0.001");
        assertThat(ValueRenderer.render(-0.0001, 'R', SqlType.DOUBLE)).isEqualTo("-0.000");
        assertThat(ValueRenderer.render("1.5x", 'R', SqlType.TEXT)).isEqualTo("1.500");
    }

    @Test
    void textReplacesCharactersOutsidePrintableAscii() {
        assertThat(ValueRenderer.render("a\tb\u00e9\uD83D\uDE00~", 'T', SqlType.TEXT)).isEqualTo("a@b@@~");
        assertThat(ValueRenderer.render(false, 'T', SqlType.BOOLEAN)).isEqualTo("f");
        assertThat(ValueRenderer.render(new BigDecimal("1.50"), 'T', SqlType.NUMERIC)).isEqualTo("1.50");
        assertThat(ValueRenderer.render(LocalDate.of(2024, 1, 2), 'T', SqlType.DATE)).isEqualTo("2024-01-02");
    }

    @Test
    void floatsPrintShortestLikePostgres() {
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(1.0)).isEqualTo("1");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(-2.5)).isEqualTo("-2.5");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(1e16)).isEqualTo("1e+16");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(123456789012345.0)).isEqualTo("123456789012345");
        assertThat(io.rockstream.taskmanager.expr.PgText.formatDouble(Double.NaN)).isEqualTo("NaN");
    }
}
