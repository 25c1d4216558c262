package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.type.Interval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text input and output of {@code date}, {@code time}, {@code timestamp},
 * {@code timestamptz} and {@code interval} (DateStyle ISO, IntervalStyle postgres). The
 * session time zone is UTC: {@code timestamptz} prints with {@code +00}.
 *
 * <p>Input accepts the ISO forms ({@code 2020-01-02}, {@code 2020-01-02 03:04:05.123456},
 * a {@code T} separator, offsets {@code Z}, {@code +02}, {@code +0530}, {@code -05:30},
 * {@code UTC}, a trailing {@code BC}), {@code epoch}, and PostgreSQL's interval syntax
 * ({@code 1 year 2 mons}, {@code 3 days 04:05:06}, {@code 1.5 hours}, {@code ago}, ISO
 * {@code P1Y2M3DT4H5M6S}).
 */
final class DateTimeText {
    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d+)-(\\d{1,2})-(\\d{1,2})"
            + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?)?"
            + "\\s*(Z|z|UTC|utc|GMT|gmt|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)?"
            + "(?:\\s+(BC|bc|AD|ad))?");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?\\s*(Z|z|UTC|utc|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private DateTimeText() {
    }

    // ---- output ----

    static String formatDate(LocalDate date) {
        StringBuilder text = new StringBuilder(16);
        appendDate(text, date);
        if (date.getYear() <= 0) {
            text.append(" BC");
        }
        return text.toString();
    }

    static String formatTime(LocalTime time) {
        StringBuilder text = new StringBuilder(16);
        appendTime(text, time.getHour(), time.getMinute(), time.getSecond(), time.getNano() / 1000);
        return text.toString();
    }

    static String formatTimestamp(LocalDateTime timestamp) {
        StringBuilder text = new StringBuilder(32);
        appendDate(text, timestamp.toLocalDate());
        text.append(' ');
        appendTime(text, timestamp.getHour(), timestamp.getMinute(), timestamp.getSecond(), timestamp.getNano() / 1000);
        if (timestamp.getYear() <= 0) {
            text.append(" BC");
        }
        return text.toString();
    }

    static String formatTimestamptz(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(32);
        appendDate(text, local.toLocalDate());
        text.append(' ');
        appendTime(text, local.getHour(), local.getMinute(), local.getSecond(), local.getNano() / 1000);
        text.append("+00");
        if (local.getYear() <= 0) {
            text.append(" BC");
        }
        return text.toString();
    }

    private static void appendDate(StringBuilder text, LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        pad(text, year, 4);
        text.append('-');
        pad(text, date.getMonthValue(), 2);
        text.append('-');
        pad(text, date.getDayOfMonth(), 2);
    }

    private static void appendTime(StringBuilder text, long hours, int minutes, int seconds, long micros) {
        pad(text, hours, 2);
        text.append(':');
        pad(text, minutes, 2);
        text.append(':');
        appendSeconds(text, seconds, micros);
    }

    /** Two-digit seconds, then the fraction without trailing zeros (PostgreSQL's AppendSeconds). */
    private static void appendSeconds(StringBuilder text, int seconds, long micros) {
        pad(text, seconds, 2);
        if (micros != 0) {
            String fraction = Long.toString(1_000_000 + micros).substring(1);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
    }

    private static void pad(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }

    /** IntervalStyle {@code postgres}: {@code 1 year 2 mons -3 days +04:05:06.5}. */
    static String formatInterval(Interval interval) {
        StringBuilder text = new StringBuilder(32);
        boolean[] state = {true, false}; // is_zero, is_before
        appendPart(text, interval.months() / 12, "year", state);
        appendPart(text, interval.months() % 12, "mon", state);
        appendPart(text, interval.days(), "day", state);
        long time = interval.micros();
        long hours = time / MICROS_PER_HOUR;
        time -= hours * MICROS_PER_HOUR;
        long minutes = time / MICROS_PER_MINUTE;
        time -= minutes * MICROS_PER_MINUTE;
        long seconds = time / MICROS_PER_SECOND;
        long micros = time - seconds * MICROS_PER_SECOND;
        if (state[0] || hours != 0 || minutes != 0 || seconds != 0 || micros != 0) {
            boolean minus = hours < 0 || minutes < 0 || seconds < 0 || micros < 0;
            if (!state[0]) {
                text.append(' ');
            }
            text.append(minus ? "-" : (state[1] ? "+" : ""));
            pad(text, Math.abs(hours), 2);
            text.append(':');
            pad(text, Math.abs(minutes), 2);
            text.append(':');
            appendSeconds(text, (int) Math.abs(seconds), Math.abs(micros));
        }
        return text.toString();
    }

    private static void appendPart(StringBuilder text, int value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            text.append(' ');
        }
        if (state[1] && value > 0) {
            text.append('+');
        }
        text.append(value).append(' ').append(unit);
        if (value != 1) {
            text.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    // ---- input ----

    /** The parts of a date/time literal: a local date-time and an optional UTC offset in seconds. */
    private record Parsed(LocalDateTime local, Integer offsetSeconds) {
    }

    static LocalDate parseDate(String text) {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("epoch")) {
            return LocalDate.of(1970, 1, 1);
        }
        Parsed parsed = parseDateTime(text, trimmed, "date", true);
        return parsed.local().toLocalDate();
    }

    static LocalDateTime parseTimestamp(String text) {
        LocalDateTime canonical = canonicalTimestamp(text);
        if (canonical != null) {
            return canonical;
        }
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("epoch")) {
            return LocalDateTime.of(1970, 1, 1, 0, 0);
        }
        return parseDateTime(text, trimmed, "timestamp", false).local();
    }

    /**
     * The timestamp in the form PostgreSQL prints and bulk loads carry, {@code YYYY-MM-DD
     * HH:MM:SS} with 0 to 6 fraction digits, read digit by digit; null for any other text
     * (other forms, 24:00:00, leap seconds, invalid dates), which the general parser then
     * reads or rejects with its error. COPY reads timestamps here: the regex was 13% of ingest.
     */
    static LocalDateTime canonicalTimestamp(String text) {
        int length = text.length();
        if (length < 19 || length == 20 || length > 26 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (length > 19 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 19 ? digits(text, 20, length) : 0;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || fraction < 0) {
            return null;
        }
        int nanos = fraction;
        for (int scale = length - 20; scale < 9; scale++) {
            nanos *= 10;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, length > 19 ? nanos : 0);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static Instant parseTimestamptz(String text) {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("epoch")) {
            return Instant.EPOCH;
        }
        Parsed parsed = parseDateTime(text, trimmed, "timestamp with time zone", false);
        int offset = parsed.offsetSeconds() == null ? 0 : parsed.offsetSeconds();
        return parsed.local().toInstant(ZoneOffset.UTC).minusSeconds(offset);
    }

    static LocalTime parseTime(String text) {
        String trimmed = text.strip();
        Matcher matcher = TIME.matcher(trimmed);
        if (matcher.matches()) {
            int hour = Integer.parseInt(matcher.group(1));
            int minute = Integer.parseInt(matcher.group(2));
            int second = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
            long micros = fractionMicros(matcher.group(4));
            long total = ((hour * 60L + minute) * 60 + second) * MICROS_PER_SECOND + micros;
            if (hour > 24 || minute > 59 || second > 60 || total > MICROS_PER_DAY) {
                throw Errors.fieldOutOfRange(text);
            }
            if (total == MICROS_PER_DAY) {
                // PostgreSQL accepts 24:00:00; java.time cannot hold it, the nearest value is kept
                total = MICROS_PER_DAY - 1;
            }
            return LocalTime.ofNanoOfDay(total * 1000);
        }
        try {
            return parseDateTime(text, trimmed, "time without time zone", false).local().toLocalTime();
        } catch (io.rockstream.jobgraph.error.RockStreamException notTimestamp) {
            throw Errors.invalidDateTime("time without time zone", text);
        }
    }

    private static Parsed parseDateTime(String original, String text, String typeName, boolean dateOnly) {
        Matcher matcher = DATE_TIME.matcher(text);
        if (!matcher.matches()) {
            throw Errors.invalidDateTime(typeName, original);
        }
        try {
            if (matcher.group(1).length() > 9) {
                throw Errors.fieldOutOfRange(original);
            }
            int year = Integer.parseInt(matcher.group(1));
            int month = Integer.parseInt(matcher.group(2));
            int day = Integer.parseInt(matcher.group(3));
            String era = matcher.group(9);
            if (era != null && era.equalsIgnoreCase("bc")) {
                if (year == 0) {
                    throw Errors.fieldOutOfRange(original);
                }
                year = 1 - year;
            }
            LocalDate date;
            try {
                date = LocalDate.of(year, month, day);
            } catch (DateTimeException invalid) {
                throw Errors.fieldOutOfRange(original);
            }
            LocalDateTime local = date.atStartOfDay();
            if (matcher.group(4) != null) {
                int hour = Integer.parseInt(matcher.group(4));
                int minute = Integer.parseInt(matcher.group(5));
                int second = matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6));
                long micros = fractionMicros(matcher.group(7));
                if (hour > 24 || minute > 59 || second > 60
                        || (hour == 24 && (minute != 0 || second != 0 || micros != 0))) {
                    throw Errors.fieldOutOfRange(original);
                }
                long total = ((hour * 60L + minute) * 60 + second) * MICROS_PER_SECOND + micros;
                local = local.plusNanos(total * 1000);
            }
            Integer offset = parseOffset(matcher.group(8), original);
            checkYear(local.getYear());
            return new Parsed(local, offset);
        } catch (NumberFormatException overflow) {
            throw Errors.fieldOutOfRange(original);
        }
    }

    private static Integer parseOffset(String zone, String original) {
        if (zone == null) {
            return null;
        }
        char first = zone.charAt(0);
        if (first != '+' && first != '-') {
            return 0;
        }
        String digits = zone.substring(1).replace(":", "");
        int hours;
        int minutes = 0;
        int seconds = 0;
        if (digits.length() <= 2) {
            hours = Integer.parseInt(digits);
        } else {
            hours = Integer.parseInt(digits.substring(0, digits.length() - (digits.length() > 4 ? 4 : 2)));
            String rest = digits.substring(digits.length() - (digits.length() > 4 ? 4 : 2));
            minutes = Integer.parseInt(rest.substring(0, 2));
            if (rest.length() == 4) {
                seconds = Integer.parseInt(rest.substring(2));
            }
        }
        if (hours > 15 || minutes > 59 || seconds > 59) {
            throw Errors.fieldOutOfRange(original);
        }
        int total = hours * 3600 + minutes * 60 + seconds;
        return first == '-' ? -total : total;
    }

    /** Digits after the decimal point, rounded to microseconds. */
    private static long fractionMicros(String digits) {
        if (digits == null || digits.isEmpty()) {
            return 0;
        }
        if (digits.length() <= 6) {
            return Long.parseLong((digits + "000000").substring(0, 6));
        }
        return new BigDecimal("0." + digits).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValue();
    }

    /** PostgreSQL's timestamp range, 4714 BC to 294276 AD. */
    static void checkYear(int year) {
        if (year < -4712 || year > 294276) {
            throw Errors.timestampOutOfRange();
        }
    }

    // ---- interval input ----

    static Interval parseInterval(String text) {
        try {
            return decodeInterval(text);
        } catch (ArithmeticException overflow) {
            throw Errors.intervalOutOfRange();
        }
    }

    private static Interval decodeInterval(String text) {
        String input = text.strip().toLowerCase(Locale.ROOT);
        if (input.startsWith("@")) {
            input = input.substring(1).strip();
        }
        if (input.isEmpty()) {
            throw Errors.invalidDateTime("interval", text);
        }
        IntervalBuilder builder = new IntervalBuilder(text);
        if (input.charAt(0) == 'p') {
            parseIsoInterval(input, builder, text);
            return builder.build(false);
        }
        boolean ago = false;
        int position = 0;
        int length = input.length();
        BigDecimal pending = null;
        while (position < length) {
            char c = input.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
                continue;
            }
            if (Character.isLetter(c)) {
                int end = position;
                while (end < length && Character.isLetter(input.charAt(end))) {
                    end++;
                }
                String word = input.substring(position, end);
                position = end;
                if (word.equals("ago")) {
                    if (pending != null) {
                        throw Errors.invalidDateTime("interval", text);
                    }
                    ago = true;
                    continue;
                }
                if (pending == null) {
                    throw Errors.invalidDateTime("interval", text);
                }
                builder.add(pending, word);
                pending = null;
                continue;
            }
            int end = position;
            if (c == '+' || c == '-') {
                end++;
            }
            while (end < length && (Character.isDigit(input.charAt(end)) || input.charAt(end) == '.'
                    || input.charAt(end) == ':')) {
                end++;
            }
            String token = input.substring(position, end);
            position = end;
            if (token.indexOf(':') >= 0) {
                if (pending != null) {
                    builder.add(pending, "day");
                    pending = null;
                }
                builder.addTime(token);
                continue;
            }
            if (pending != null) {
                throw Errors.invalidDateTime("interval", text);
            }
            pending = number(token, text);
        }
        if (pending != null) {
            builder.add(pending, "second");
        }
        return builder.build(ago);
    }

    private static BigDecimal number(String token, String text) {
        try {
            return new BigDecimal(token.startsWith("+") ? token.substring(1) : token);
        } catch (NumberFormatException invalid) {
            throw Errors.invalidDateTime("interval", text);
        }
    }

    private static void parseIsoInterval(String input, IntervalBuilder builder, String text) {
        boolean inTime = false;
        int position = 1;
        if (position >= input.length()) {
            throw Errors.invalidDateTime("interval", text);
        }
        while (position < input.length()) {
            char c = input.charAt(position);
            if (c == 't') {
                inTime = true;
                position++;
                continue;
            }
            int end = position;
            while (end < input.length() && (Character.isDigit(input.charAt(end)) || input.charAt(end) == '.'
                    || input.charAt(end) == '-' || input.charAt(end) == '+')) {
                end++;
            }
            if (end == position || end >= input.length()) {
                throw Errors.invalidDateTime("interval", text);
            }
            BigDecimal value = number(input.substring(position, end), text);
            char designator = input.charAt(end);
            String unit = switch (designator) {
                case 'y' -> "year";
                case 'm' -> inTime ? "minute" : "month";
                case 'w' -> "week";
                case 'd' -> "day";
                case 'h' -> "hour";
                case 's' -> "second";
                default -> throw Errors.invalidDateTime("interval", text);
            };
            builder.add(value, unit);
            position = end + 1;
        }
    }

    /** Accumulates interval fields as PostgreSQL's DecodeInterval does, cascading fractions down. */
    private static final class IntervalBuilder {
        private final String text;
        private long months;
        private long days;
        private BigDecimal micros = BigDecimal.ZERO;

        IntervalBuilder(String text) {
            this.text = text;
        }

        void add(BigDecimal value, String unit) {
            switch (unit) {
                case "microsecond", "microseconds", "us", "usec", "usecs", "usecond", "useconds" ->
                        micros = micros.add(value);
                case "millisecond", "milliseconds", "ms", "msec", "msecs", "msecond", "mseconds" ->
                        micros = micros.add(value.multiply(BigDecimal.valueOf(1000)));
                case "second", "seconds", "s", "sec", "secs" ->
                        micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
                case "minute", "minutes", "m", "min", "mins" ->
                        micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_MINUTE)));
                case "hour", "hours", "h", "hr", "hrs" ->
                        micros = micros.add(value.multiply(BigDecimal.valueOf(MICROS_PER_HOUR)));
                case "day", "days", "d" -> addDays(value);
                case "week", "weeks", "w" -> addDays(value.multiply(BigDecimal.valueOf(7)));
                case "month", "months", "mon", "mons" -> addMonths(value);
                case "year", "years", "y", "yr", "yrs" -> addYears(value, 1);
                case "decade", "decades", "dec", "decs" -> addYears(value, 10);
                case "century", "centuries", "c", "cent" -> addYears(value, 100);
                case "millennium", "millennia", "mil", "mils", "millenniums" -> addYears(value, 1000);
                default -> throw Errors.invalidDateTime("interval", text);
            }
        }

        private void addDays(BigDecimal value) {
            BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
            days += whole.longValueExact();
            micros = micros.add(value.subtract(whole).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
        }

        private void addMonths(BigDecimal value) {
            BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
            months += whole.longValueExact();
            addDays(value.subtract(whole).multiply(BigDecimal.valueOf(30)));
        }

        private void addYears(BigDecimal value, int scale) {
            BigDecimal years = value.multiply(BigDecimal.valueOf(scale));
            BigDecimal whole = years.setScale(0, RoundingMode.DOWN);
            months += whole.longValueExact() * 12;
            months += years.subtract(whole).multiply(BigDecimal.valueOf(12)).setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }

        void addTime(String token) {
            boolean negative = token.startsWith("-");
            String body = negative || token.startsWith("+") ? token.substring(1) : token;
            String[] parts = body.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw Errors.invalidDateTime("interval", text);
            }
            try {
                BigDecimal total = BigDecimal.valueOf(Long.parseLong(parts[0]) * MICROS_PER_HOUR);
                if (parts.length == 2 && parts[1].contains(".")) {
                    // MM:SS.fff
                    total = BigDecimal.valueOf(Long.parseLong(parts[0]) * MICROS_PER_MINUTE)
                            .add(new BigDecimal(parts[1]).multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
                } else {
                    total = total.add(BigDecimal.valueOf(Long.parseLong(parts[1]) * MICROS_PER_MINUTE));
                    if (parts.length == 3) {
                        total = total.add(new BigDecimal(parts[2]).multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
                    }
                }
                micros = micros.add(negative ? total.negate() : total);
            } catch (NumberFormatException invalid) {
                throw Errors.invalidDateTime("interval", text);
            }
        }

        Interval build(boolean ago) {
            long time;
            try {
                time = micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            } catch (ArithmeticException overflow) {
                throw Errors.intervalOutOfRange();
            }
            if (ago) {
                months = -months;
                days = -days;
                time = -time;
            }
            if (months != (int) months || days != (int) days) {
                throw Errors.intervalOutOfRange();
            }
            return new Interval((int) months, (int) days, time);
        }
    }
}
