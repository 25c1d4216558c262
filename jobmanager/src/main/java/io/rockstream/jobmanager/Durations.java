package io.rockstream.jobmanager;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;

/** Durations as PostgreSQL's settings read them ({@code statement_timeout = '5s'}). */
public final class Durations {
    private Durations() {
    }

    /**
     * A duration setting in milliseconds: a number of milliseconds or a number with a
     * unit (us, ms, s, min, h, d), as PostgreSQL reads {@code statement_timeout}.
     */
    public static long millis(String name, String value) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|min|h|d)?\\s*").matcher(value);
        if (!matcher.matches()) {
            throw RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid value for parameter \"%s\": \"%s\"", name, value);
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        double factor = switch (unit) {
            case "us" -> 0.001;
            case "s" -> 1_000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1;
        };
        double millis = amount * factor;
        if (millis > Integer.MAX_VALUE) {
            throw RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "%s is outside the valid range for parameter \"%s\" (0 .. %d)", value, name,
                    Integer.MAX_VALUE);
        }
        return millis > 0 && millis < 1 ? 1 : (long) millis;
    }
}
