package io.rockstream.sqllogictest;

import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * PostgreSQL's text output of a value, for the {@code T} column type. The one place to
 * switch to {@code io.rockstream.taskmanager.expr.PgText.format} once it exists; until
 * then a small formatter that covers the types sqllogictest files produce.
 */
final class TextFormat {
    private TextFormat() {
    }

    /** The text PostgreSQL prints for a non-null {@code value} of {@code type}. */
    static String format(Object value, SqlType type) {
        if (value instanceof Boolean bool) {
            return bool ? "t" : "f";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double number) {
            return formatFloat(number);
        }
        if (value instanceof Float number) {
            return formatFloat(number.doubleValue());
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp.toLocalDate() + " " + formatTime(timestamp.toLocalTime());
        }
        if (value instanceof LocalTime time) {
            return formatTime(time);
        }
        return String.valueOf(value);
    }

    /** Shortest round-trip digits, as PostgreSQL 12+ prints float8 ({@code 1}, {@code 0.1}, {@code 1e+16}). */
    static String formatFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 15) {
            String digits = shortest.unscaledValue().abs().toString();
            StringBuilder text = new StringBuilder(value < 0 ? "-" : "");
            text.append(digits.charAt(0));
            if (digits.length() > 1) {
                text.append('.').append(digits, 1, digits.length());
            }
            text.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                text.append('0');
            }
            return text.append(magnitude).toString();
        }
        return shortest.toPlainString();
    }

    private static String formatTime(LocalTime time) {
        String text = time.toString();
        return time.getSecond() == 0 && time.getNano() == 0 ? text + ":00" : text;
    }
}
