package io.rockstream.taskmanager.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Bytes;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class CastsAndTextTest {
    private static void assertError(Runnable action, String sqlState, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(RockStreamException.class)
                .hasMessage(message)
                .extracting(error -> ((RockStreamException) error).sqlState()).isEqualTo(sqlState);
    }

    @Test
    void numericToIntegerRoundsHalfAwayFromZeroFloatsHalfEven() {
        assertThat(Casts.cast(new BigDecimal("2.5"), SqlType.NUMERIC, SqlType.INTEGER)).isEqualTo(3);
        assertThat(Casts.cast(new BigDecimal("-2.5"), SqlType.NUMERIC, SqlType.INTEGER)).isEqualTo(-3);
        assertThat(Casts.cast(2.5, SqlType.DOUBLE, SqlType.INTEGER)).isEqualTo(2);
        assertThat(Casts.cast(3.5, SqlType.DOUBLE, SqlType.INTEGER)).isEqualTo(4);
        assertError(() -> Casts.cast(3_000_000_000L, SqlType.BIGINT, SqlType.INTEGER), "22003", "integer out of range");
        assertError(() -> Casts.cast(70000, SqlType.INTEGER, SqlType.SMALLINT), "22003", "smallint out of range");
    }

    @Test
    void floatToNumericKeepsFifteenDigits() {
        assertThat(Casts.cast(0.1, SqlType.DOUBLE, SqlType.NUMERIC)).hasToString("0.1");
        assertThat(Casts.cast(1.0 / 3, SqlType.DOUBLE, SqlType.NUMERIC)).hasToString("0.333333333333333");
        assertThat(Casts.cast(1e20, SqlType.DOUBLE, SqlType.NUMERIC)).hasToString("100000000000000000000");
    }

    @Test
    void textInput() {
        assertThat(Casts.cast("  42 ", SqlType.TEXT, SqlType.INTEGER)).isEqualTo(42);
        assertError(() -> Casts.cast("abc", SqlType.TEXT, SqlType.INTEGER), "22P02",
                "invalid input syntax for type integer: \"abc\"");
        assertError(() -> Casts.cast("1.5", SqlType.TEXT, SqlType.INTEGER), "22P02",
                "invalid input syntax for type integer: \"1.5\"");
        assertError(() -> Casts.cast("99999999999", SqlType.TEXT, SqlType.INTEGER), "22003",
                "value \"99999999999\" is out of range for type integer");
        assertThat(Casts.cast("-9223372036854775808", SqlType.TEXT, SqlType.BIGINT)).isEqualTo(Long.MIN_VALUE);
        for (String yes : new String[] {"t", "TRUE", " yes ", "on", "1", "y"}) {
            assertThat(Casts.cast(yes, SqlType.TEXT, SqlType.BOOLEAN)).isEqualTo(true);
        }
        for (String no : new String[] {"f", "false", "no", "off", "0"}) {
            assertThat(Casts.cast(no, SqlType.TEXT, SqlType.BOOLEAN)).isEqualTo(false);
        }
        assertError(() -> Casts.cast("o", SqlType.TEXT, SqlType.BOOLEAN), "22P02",
                "invalid input syntax for type boolean: \"o\"");
        assertThat(Casts.cast("1e3", SqlType.TEXT, SqlType.NUMERIC)).hasToString("1000");
        assertThat(Casts.cast(" 1.50 ", SqlType.TEXT, SqlType.NUMERIC)).hasToString("1.50");
        assertThat(Casts.cast("-Infinity", SqlType.TEXT, SqlType.DOUBLE)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertError(() -> Casts.cast("1e400", SqlType.TEXT, SqlType.DOUBLE), "22003",
                "\"1e400\" is out of range for type double precision");
    }

    @Test
    void typeModifiers() {
        assertThat(Casts.cast(new BigDecimal("3.14159"), SqlType.NUMERIC, SqlType.numeric(5, 2))).hasToString("3.14");
        assertThat(Casts.cast(new BigDecimal("2.345"), SqlType.NUMERIC, SqlType.numeric(5, 2))).hasToString("2.35");
        assertThatThrownBy(() -> Casts.cast(new BigDecimal("1000"), SqlType.NUMERIC, SqlType.numeric(5, 2)))
                .hasMessage("numeric field overflow")
                .satisfies(error -> assertThat(((RockStreamException) error).detail())
                        .isEqualTo("A field with precision 5, scale 2 must round to an absolute value less than 10^3."));
        assertThat(Casts.cast("abcdef", SqlType.TEXT, SqlType.varchar(3))).isEqualTo("abc");
        assertError(() -> Casts.assign("abcdef", SqlType.TEXT, SqlType.varchar(3)), "22001",
                "value too long for type character varying(3)");
        assertThat(Casts.assign("abc   ", SqlType.TEXT, SqlType.varchar(3))).isEqualTo("abc");
        assertThat(Casts.cast("ab", SqlType.TEXT, SqlType.character(4))).isEqualTo("ab  ");
        assertThat(Casts.cast("ab  ", SqlType.character(4), SqlType.TEXT)).isEqualTo("ab");
        assertThat(Casts.cast(true, SqlType.BOOLEAN, SqlType.TEXT)).isEqualTo("true");
        assertThat(Casts.cast(0, SqlType.INTEGER, SqlType.BOOLEAN)).isEqualTo(false);
    }

    @Test
    void dateTimeInput() {
        assertThat(Casts.cast("2020-01-02", SqlType.TEXT, SqlType.DATE)).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(Casts.cast("2020-01-02 03:04:05.123", SqlType.TEXT, SqlType.TIMESTAMP))
                .isEqualTo(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 123_000_000));
        assertThat(Casts.cast("2020-01-02T03:04:05", SqlType.TEXT, SqlType.TIMESTAMP))
                .isEqualTo(LocalDateTime.of(2020, 1, 2, 3, 4, 5));
        assertThat(Casts.cast("2020-01-02 03:04:05+02", SqlType.TEXT, SqlType.TIMESTAMPTZ))
                .isEqualTo(Instant.parse("2020-01-02T01:04:05Z"));
        assertThat(Casts.cast("2020-01-02T03:04:05Z", SqlType.TEXT, SqlType.TIMESTAMPTZ))
                .isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
        assertThat(Casts.cast("2020-01-02 03:04:05-05:30", SqlType.TEXT, SqlType.TIMESTAMPTZ))
                .isEqualTo(Instant.parse("2020-01-02T08:34:05Z"));
        assertThat(Casts.cast("10:20", SqlType.TEXT, SqlType.TIME)).isEqualTo(LocalTime.of(10, 20));
        assertError(() -> Casts.cast("2020-02-30", SqlType.TEXT, SqlType.DATE), "22008",
                "date/time field value out of range: \"2020-02-30\"");
        assertError(() -> Casts.cast("yesterdayish", SqlType.TEXT, SqlType.DATE), "22007",
                "invalid input syntax for type date: \"yesterdayish\"");
    }

    @Test
    void intervalInputAndOutput() {
        assertThat(interval("1 day")).isEqualTo("1 day");
        assertThat(interval("2 hours 3 minutes")).isEqualTo("02:03:00");
        assertThat(interval("1 year 2 mons")).isEqualTo("1 year 2 mons");
        assertThat(interval("01:02:03")).isEqualTo("01:02:03");
        assertThat(interval("3 days 04:05:06")).isEqualTo("3 days 04:05:06");
        assertThat(interval("-1 days")).isEqualTo("-1 days");
        assertThat(interval("0")).isEqualTo("00:00:00");
        assertThat(interval("1.5 months")).isEqualTo("1 mon 15 days");
        assertThat(interval("1 day ago")).isEqualTo("-1 days");
        assertThat(interval("P1Y2M3DT4H5M6S")).isEqualTo("1 year 2 mons 3 days 04:05:06");
        assertThat(interval("-1 days 2 hours")).isEqualTo("-1 days +02:00:00");
        assertThat(interval("1 day -2 hours")).isEqualTo("1 day -02:00:00");
        assertThat(interval("1.5 seconds")).isEqualTo("00:00:01.5");
        assertThat(PgText.format(new Interval(-14, 0, 0), SqlType.INTERVAL)).isEqualTo("-1 years -2 mons");
    }

    private static String interval(String text) {
        return PgText.format(PgText.parse(text, SqlType.INTERVAL), SqlType.INTERVAL);
    }

    @Test
    void floatOutput() {
        assertThat(PgText.format(0.1, SqlType.DOUBLE)).isEqualTo("0.1");
        assertThat(PgText.format(3.0, SqlType.DOUBLE)).isEqualTo("3");
        assertThat(PgText.format(1e100, SqlType.DOUBLE)).isEqualTo("1e+100");
        assertThat(PgText.format(1.5e-7, SqlType.DOUBLE)).isEqualTo("1.5e-07");
        assertThat(PgText.format(1e15, SqlType.DOUBLE)).isEqualTo("1e+15");
        assertThat(PgText.format(1e14, SqlType.DOUBLE)).isEqualTo("100000000000000");
        assertThat(PgText.format(0.0001, SqlType.DOUBLE)).isEqualTo("0.0001");
        assertThat(PgText.format(0.1 + 0.2, SqlType.DOUBLE)).isEqualTo("0.30000000000000004");
        assertThat(PgText.format(123456789012345678.0, SqlType.DOUBLE)).isEqualTo("1.2345678901234568e+17");
        assertThat(PgText.format(Double.POSITIVE_INFINITY, SqlType.DOUBLE)).isEqualTo("Infinity");
        assertThat(PgText.format(Double.NaN, SqlType.DOUBLE)).isEqualTo("NaN");
        assertThat(PgText.format(-0.0, SqlType.DOUBLE)).isEqualTo("-0");
        assertThat(PgText.format(0.1f, SqlType.REAL)).isEqualTo("0.1");
        assertThat(PgText.format(1234567f, SqlType.REAL)).isEqualTo("1.234567e+06");
        assertThat(PgText.format(123456f, SqlType.REAL)).isEqualTo("123456");
    }

    @Test
    void otherOutput() {
        assertThat(PgText.format(true, SqlType.BOOLEAN)).isEqualTo("t");
        assertThat(PgText.format(new BigDecimal("1.50"), SqlType.NUMERIC)).isEqualTo("1.50");
        assertThat(PgText.format(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 120_000_000), SqlType.TIMESTAMP))
                .isEqualTo("2020-01-02 03:04:05.12");
        assertThat(PgText.format(LocalDateTime.of(2020, 1, 2, 3, 4), SqlType.TIMESTAMP)).isEqualTo("2020-01-02 03:04:00");
        assertThat(PgText.format(Instant.parse("2020-01-02T03:04:05Z"), SqlType.TIMESTAMPTZ))
                .isEqualTo("2020-01-02 03:04:05+00");
        assertThat(PgText.format(LocalDate.of(0, 1, 1), SqlType.DATE)).isEqualTo("0001-01-01 BC");
        assertThat(PgText.format(LocalTime.of(1, 2, 3, 500_000), SqlType.TIME)).isEqualTo("01:02:03.0005");
        assertThat(PgText.format(Bytes.wrap(new byte[] {1, (byte) 0xab}), SqlType.BYTEA)).isEqualTo("\\x01ab");
        assertThat(PgText.parse("\\x01AB", SqlType.BYTEA)).isEqualTo(Bytes.wrap(new byte[] {1, (byte) 0xab}));
        assertThat(PgText.parse("a\\\\b\\001", SqlType.BYTEA)).isEqualTo(Bytes.wrap(new byte[] {'a', '\\', 'b', 1}));
    }
}
