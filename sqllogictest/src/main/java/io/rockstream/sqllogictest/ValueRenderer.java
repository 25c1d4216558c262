package io.rockstream.sqllogictest;

import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Renders a value as SQLite's sqllogictest runner does for a column type character:
 * {@code I} an integer (fractions truncated toward zero, text by its leading integer or 0),
 * {@code R} {@code %.3f}, {@code T} text with characters outside printable ASCII as {@code @};
 * NULL is {@code NULL} and an empty string {@code (empty)} for every type.
 */
public final class ValueRenderer {
    private ValueRenderer() {
    }

    public static String render(Object value, char typeCharacter, SqlType type) {
        if (value == null) {
            return "NULL";
        }
        String rendered;
        switch (typeCharacter) {
            case 'I':
                rendered = integer(value, type);
                break;
            case 'R':
                rendered = real(value, type);
                break;
            default:
                rendered = text(TextFormat.format(value, type));
                break;
        }
        return rendered.isEmpty() ? "(empty)" : rendered;
    }

    private static String integer(Object value, SqlType type) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.setScale(0, RoundingMode.DOWN).toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isNaN(number) ? "0" : Long.toString((long) number);
        }
        if (value instanceof Boolean bool) {
            return bool ? "1" : "0";
        }
        if (value instanceof String text) {
            return Long.toString(leadingInteger(text));
        }
        return Long.toString(leadingInteger(TextFormat.format(value, type)));
    }

    private static String real(Object value, SqlType type) {
        double number;
        if (value instanceof Number numeric) {
            number = numeric.doubleValue();
        } else if (value instanceof Boolean bool) {
            number = bool ? 1 : 0;
        } else {
            number = leadingReal(value instanceof String text ? text : TextFormat.format(value, type));
        }
        return formatReal(number);
    }

    /** C's {@code printf("%.3f")}: the exact binary value rounded half-even, keeping "-0.000". */
    static String formatReal(double number) {
        if (Double.isNaN(number)) {
            return "nan";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "inf" : "-inf";
        }
        BigDecimal rounded = new BigDecimal(number).setScale(3, RoundingMode.HALF_EVEN);
        String text = rounded.toPlainString();
        boolean negative = number < 0 || (number == 0 && 1 / number < 0);
        return negative && rounded.signum() == 0 ? "-" + text : text;
    }

    /** Characters outside printable ASCII become {@code @}, as in the original runner. */
    static String text(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            text.append(c >= ' ' && c <= '~' ? c : '@');
        }
        return text.toString();
    }

    /** Like C's {@code atoll}: optional blanks and sign, then digits; 0 when there are none. */
    static long leadingInteger(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long result = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            result = result * 10 + (text.charAt(i) - '0');
            i++;
        }
        return negative ? -result : result;
    }

    /** Like C's {@code atof}: the longest numeric prefix, 0 when there is none. */
    static double leadingReal(String text) {
        String trimmed = text.strip();
        for (int end = trimmed.length(); end > 0; end--) {
            String prefix = trimmed.substring(0, end);
            if (prefix.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                return Double.parseDouble(prefix);
            }
        }
        return 0;
    }
}
