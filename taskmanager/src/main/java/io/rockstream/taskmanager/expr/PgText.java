package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Bytes;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.SqlType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * PostgreSQL's text output and input functions ({@code typoutput} / {@code typinput}) for
 * every RockStream type: what psql shows, what {@code CAST(text AS t)} and COPY accept.
 *
 * <p>Output: booleans {@code t}/{@code f}; {@code real} and {@code double precision} in the
 * shortest form that reads back exactly (PostgreSQL 12+, {@code extra_float_digits = 1}),
 * fixed-point for decimal exponents -4 to 14 (real: -4 to 5), else {@code 1e+100}; numeric
 * with its scale; date/time in ISO style; interval in {@code postgres} style; bytea in hex.
 */
public final class PgText {
    private static final MathContext[] DIGITS = new MathContext[18];

    static {
        for (int i = 1; i < DIGITS.length; i++) {
            DIGITS[i] = new MathContext(i, RoundingMode.HALF_EVEN);
        }
    }

    private PgText() {
    }

    /** The PostgreSQL text form of {@code value}, or {@code null} for SQL NULL. */
    public static String format(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double d) {
            return formatDouble(d);
        }
        if (value instanceof Float f) {
            return formatFloat(f);
        }
        if (value instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (value instanceof LocalDate date) {
            return DateTimeText.formatDate(date);
        }
        if (value instanceof LocalDateTime timestamp) {
            return DateTimeText.formatTimestamp(timestamp);
        }
        if (value instanceof Instant instant) {
            return DateTimeText.formatTimestamptz(instant);
        }
        if (value instanceof LocalTime time) {
            return DateTimeText.formatTime(time);
        }
        if (value instanceof Interval interval) {
            return DateTimeText.formatInterval(interval);
        }
        if (value instanceof Bytes bytes) {
            return bytes.toString();
        }
        throw RockStreamException.internal("no text output for " + value.getClass().getName() + " as " + type, null);
    }

    /** {@code float8out}: the shortest decimal that reads back as the same double. */
    public static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < DIGITS.length; precision++) {
            BigDecimal rounded = exact.round(DIGITS[precision]);
            if (rounded.doubleValue() == value) {
                return formatShortest(rounded, 15);
            }
        }
        return formatShortest(exact.round(DIGITS[17]), 15);
    }

    /** {@code float4out}: the shortest decimal that reads back as the same float. */
    public static String formatFloat(float value) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 9; precision++) {
            BigDecimal rounded = exact.round(DIGITS[precision]);
            if (rounded.floatValue() == value) {
                return formatShortest(rounded, 6);
            }
        }
        return formatShortest(exact.round(DIGITS[9]), 6);
    }

    private static String formatShortest(BigDecimal value, int fixedLimit) {
        BigDecimal stripped = value.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent >= -4 && exponent < fixedLimit) {
            return stripped.toPlainString();
        }
        String digits = stripped.unscaledValue().abs().toString();
        StringBuilder text = new StringBuilder(digits.length() + 8);
        if (stripped.signum() < 0) {
            text.append('-');
        }
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

    /**
     * Parses {@code text} with the input syntax of {@code type} (without applying its type
     * modifier; {@link Casts} does that).
     *
     * @throws RockStreamException 22P02 for bad syntax, 22003 for out-of-range numbers,
     *         22007 / 22008 for bad dates and times
     */
    public static Object parse(String text, SqlType type) {
        if (text == null) {
            return null;
        }
        return switch (type.kind()) {
            case UNKNOWN, TEXT, VARCHAR, CHAR -> text;
            case BOOLEAN -> parseBoolean(text);
            case SMALLINT -> {
                long value = parseInteger(text, "smallint");
                if (value != (short) value) {
                    throw valueOutOfRange(text, "smallint");
                }
                yield (short) value;
            }
            case INTEGER -> {
                long value = parseInteger(text, "integer");
                if (value != (int) value) {
                    throw valueOutOfRange(text, "integer");
                }
                yield (int) value;
            }
            case BIGINT -> parseInteger(text, "bigint");
            case NUMERIC -> parseNumeric(text);
            case REAL -> {
                double value = parseFloat(text, "real");
                float narrowed = (float) value;
                if ((Float.isInfinite(narrowed) && !Double.isInfinite(value)) || (narrowed == 0 && value != 0)) {
                    throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                            "\"" + text.strip() + "\" is out of range for type real");
                }
                yield narrowed;
            }
            case DOUBLE -> parseFloat(text, "double precision");
            case DATE -> DateTimeText.parseDate(text);
            case TIME -> DateTimeText.parseTime(text);
            case TIMESTAMP -> DateTimeText.parseTimestamp(text);
            case TIMESTAMPTZ -> DateTimeText.parseTimestamptz(text);
            case INTERVAL -> DateTimeText.parseInterval(text);
            case BYTEA -> parseBytea(text);
        };
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }

    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static Boolean parseBoolean(String text) {
        String value = trimSpaces(text).toLowerCase(java.util.Locale.ROOT);
        if (!value.isEmpty()) {
            switch (value.charAt(0)) {
                case 't':
                    if ("true".startsWith(value)) {
                        return Boolean.TRUE;
                    }
                    break;
                case 'f':
                    if ("false".startsWith(value)) {
                        return Boolean.FALSE;
                    }
                    break;
                case 'y':
                    if ("yes".startsWith(value)) {
                        return Boolean.TRUE;
                    }
                    break;
                case 'n':
                    if ("no".startsWith(value)) {
                        return Boolean.FALSE;
                    }
                    break;
                case 'o':
                    if (value.length() >= 2 && "on".startsWith(value)) {
                        return Boolean.TRUE;
                    }
                    if (value.length() >= 2 && "off".startsWith(value)) {
                        return Boolean.FALSE;
                    }
                    break;
                case '1':
                    if (value.length() == 1) {
                        return Boolean.TRUE;
                    }
                    break;
                case '0':
                    if (value.length() == 1) {
                        return Boolean.FALSE;
                    }
                    break;
                default:
                    break;
            }
        }
        throw Errors.invalidSyntax("boolean", text);
    }

    /** PostgreSQL's {@code pg_strtoint}: optional whitespace, sign, decimal digits, whitespace. */
    private static long parseInteger(String text, String typeName) {
        int length = text.length();
        int position = 0;
        while (position < length && isSpace(text.charAt(position))) {
            position++;
        }
        boolean negative = false;
        if (position < length && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
            negative = text.charAt(position) == '-';
            position++;
        }
        int digitsStart = position;
        long value = 0;
        boolean overflow = false;
        while (position < length && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            int digit = text.charAt(position) - '0';
            // accumulate negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + digit) / 10) {
                overflow = true;
            } else {
                value = value * 10 - digit;
            }
            position++;
        }
        boolean hasDigits = position > digitsStart;
        while (position < length && isSpace(text.charAt(position))) {
            position++;
        }
        if (!hasDigits || position != length) {
            throw Errors.invalidSyntax(typeName, text);
        }
        if (overflow || (!negative && value == Long.MIN_VALUE)) {
            throw valueOutOfRange(text, typeName);
        }
        return negative ? value : -value;
    }

    private static RockStreamException valueOutOfRange(String text, String typeName) {
        return RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + text + "\" is out of range for type " + typeName);
    }

    private static boolean isDecimalSyntax(String value) {
        int length = value.length();
        int position = 0;
        if (position < length && (value.charAt(position) == '+' || value.charAt(position) == '-')) {
            position++;
        }
        int digits = 0;
        while (position < length && Character.isDigit(value.charAt(position)) && value.charAt(position) < 128) {
            position++;
            digits++;
        }
        if (position < length && value.charAt(position) == '.') {
            position++;
            while (position < length && value.charAt(position) >= '0' && value.charAt(position) <= '9') {
                position++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (position < length && (value.charAt(position) == 'e' || value.charAt(position) == 'E')) {
            position++;
            if (position < length && (value.charAt(position) == '+' || value.charAt(position) == '-')) {
                position++;
            }
            int exponentDigits = 0;
            while (position < length && value.charAt(position) >= '0' && value.charAt(position) <= '9') {
                position++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return position == length;
    }

    static BigDecimal parseNumeric(String text) {
        String value = trimSpaces(text);
        if (!isDecimalSyntax(value)) {
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("nan") || lower.endsWith("infinity") || lower.endsWith("inf")) {
                throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                        "numeric NaN and Infinity are not supported: \"" + text + "\"");
            }
            throw Errors.invalidSyntax("numeric", text);
        }
        try {
            BigDecimal decimal = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
            return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        } catch (NumberFormatException | ArithmeticException invalid) {
            throw Errors.invalidSyntax("numeric", text);
        }
    }

    private static double parseFloat(String text, String typeName) {
        String value = trimSpaces(text);
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "infinity", "+infinity", "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-infinity", "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!isDecimalSyntax(value)) {
            throw Errors.invalidSyntax(typeName, text);
        }
        double result = Double.parseDouble(value);
        if (Double.isInfinite(result) || (result == 0 && hasNonZeroDigit(value))) {
            throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + value + "\" is out of range for type " + typeName);
        }
        return result;
    }

    private static boolean hasNonZeroDigit(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** {@code byteain}: {@code \x} followed by hex digit pairs, or the escape format. */
    static Bytes parseBytea(String text) {
        if (text.startsWith("\\x") || text.startsWith("\\X")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 2);
            int position = 2;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (isSpace(c)) {
                    position++;
                    continue;
                }
                int high = Character.digit(c, 16);
                if (high < 0 || c > 127) {
                    throw RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                            "invalid hexadecimal digit: \"" + c + "\"");
                }
                if (position + 1 >= text.length()) {
                    throw RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                            "invalid hexadecimal data: odd number of digits");
                }
                char next = text.charAt(position + 1);
                int low = Character.digit(next, 16);
                if (low < 0 || next > 127) {
                    throw RockStreamException.of(ErrorCode.INVALID_TEXT_REPRESENTATION,
                            "invalid hexadecimal digit: \"" + next + "\"");
                }
                bytes.write(high * 16 + low);
                position += 2;
            }
            return Bytes.wrap(bytes.toByteArray());
        }
        byte[] source = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(source.length);
        int position = 0;
        while (position < source.length) {
            byte b = source[position];
            if (b != '\\') {
                bytes.write(b);
                position++;
            } else if (position + 1 < source.length && source[position + 1] == '\\') {
                bytes.write('\\');
                position += 2;
            } else if (position + 3 < source.length && isOctal(source[position + 1]) && source[position + 1] <= '3'
                    && isOctal(source[position + 2]) && isOctal(source[position + 3])) {
                bytes.write((source[position + 1] - '0') * 64 + (source[position + 2] - '0') * 8
                        + (source[position + 3] - '0'));
                position += 4;
            } else {
                throw Errors.invalidSyntax("bytea", text);
            }
        }
        return Bytes.wrap(bytes.toByteArray());
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }
}
