package io.rockstream.taskmanager.expr;

import static io.rockstream.jobgraph.type.TypeKind.DATE;
import static io.rockstream.jobgraph.type.TypeKind.DOUBLE;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.INTERVAL;
import static io.rockstream.jobgraph.type.TypeKind.TEXT;
import static io.rockstream.jobgraph.type.TypeKind.TIME;
import static io.rockstream.jobgraph.type.TypeKind.TIMESTAMP;
import static io.rockstream.jobgraph.type.TypeKind.TIMESTAMPTZ;

import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.TypeKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Date/time operators and functions (PostgreSQL chapter 9.9) with the session time zone
 * fixed at UTC: date and interval arithmetic, {@code date_trunc}, {@code date_part} and
 * {@code extract} ({@link DateTimeFields}), {@code make_*}, {@code to_timestamp},
 * {@code age}, {@code justify_*}, and the current-time functions.
 */
final class DateTimeFunctions {
    private static final long DAY = DateTimeText.MICROS_PER_DAY;

    private DateTimeFunctions() {
    }

    static void register(Implementations registry) {
        registry.add("+", (Fn.Fn2) (a, b) -> addDays((LocalDate) a, (Integer) b), DATE, INTEGER);
        registry.add("+", (Fn.Fn2) (a, b) -> addDays((LocalDate) b, (Integer) a), INTEGER, DATE);
        registry.add("-", (Fn.Fn2) (a, b) -> addDays((LocalDate) a, -(long) (Integer) b), DATE, INTEGER);
        registry.add("-", (Fn.Fn2) (a, b) -> Arithmetic.integer(ChronoUnit.DAYS.between((LocalDate) b, (LocalDate) a)),
                DATE, DATE);
        registry.add("+", (Fn.Fn2) (a, b) -> add(((LocalDate) a).atStartOfDay(), (Interval) b), DATE, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> add(((LocalDate) b).atStartOfDay(), (Interval) a), INTERVAL, DATE);
        registry.add("-", (Fn.Fn2) (a, b) -> add(((LocalDate) a).atStartOfDay(), negate((Interval) b)),
                DATE, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> ((LocalDate) a).atTime((LocalTime) b), DATE, TIME);
        registry.add("+", (Fn.Fn2) (a, b) -> ((LocalDate) b).atTime((LocalTime) a), TIME, DATE);
        registry.add("+", (Fn.Fn2) (a, b) -> add((LocalDateTime) a, (Interval) b), TIMESTAMP, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> add((LocalDateTime) b, (Interval) a), INTERVAL, TIMESTAMP);
        registry.add("-", (Fn.Fn2) (a, b) -> add((LocalDateTime) a, negate((Interval) b)), TIMESTAMP, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> add((Instant) a, (Interval) b), TIMESTAMPTZ, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> add((Instant) b, (Interval) a), INTERVAL, TIMESTAMPTZ);
        registry.add("-", (Fn.Fn2) (a, b) -> add((Instant) a, negate((Interval) b)), TIMESTAMPTZ, INTERVAL);
        registry.add("-", (Fn.Fn2) (a, b) -> difference(micros((LocalDateTime) a), micros((LocalDateTime) b)),
                TIMESTAMP, TIMESTAMP);
        registry.add("-", (Fn.Fn2) (a, b) -> difference(micros((Instant) a), micros((Instant) b)),
                TIMESTAMPTZ, TIMESTAMPTZ);
        registry.add("+", (Fn.Fn2) (a, b) -> add((Interval) a, (Interval) b), INTERVAL, INTERVAL);
        registry.add("-", (Fn.Fn2) (a, b) -> add((Interval) a, negate((Interval) b)), INTERVAL, INTERVAL);
        registry.add("neg", (Fn.Fn1) a -> negate((Interval) a), INTERVAL);
        registry.add("+", (Fn.Fn1) a -> a, INTERVAL);
        registry.add("*", (Fn.Fn2) (a, b) -> multiply((Interval) a, (Double) b), INTERVAL, DOUBLE);
        registry.add("*", (Fn.Fn2) (a, b) -> multiply((Interval) b, (Double) a), DOUBLE, INTERVAL);
        registry.add("/", (Fn.Fn2) (a, b) -> divide((Interval) a, (Double) b), INTERVAL, DOUBLE);
        registry.add("+", (Fn.Fn2) (a, b) -> addTime((LocalTime) a, ((Interval) b).micros()), TIME, INTERVAL);
        registry.add("+", (Fn.Fn2) (a, b) -> addTime((LocalTime) b, ((Interval) a).micros()), INTERVAL, TIME);
        registry.add("-", (Fn.Fn2) (a, b) -> addTime((LocalTime) a, -((Interval) b).micros()), TIME, INTERVAL);
        registry.add("-", (Fn.Fn2) (a, b) -> new Interval(0, 0,
                (((LocalTime) a).toNanoOfDay() - ((LocalTime) b).toNanoOfDay()) / 1000), TIME, TIME);

        registry.add("now", (Fn.Fn0) () -> Instant.now().truncatedTo(ChronoUnit.MICROS));
        registry.add("clock_timestamp", (Fn.Fn0) () -> Instant.now().truncatedTo(ChronoUnit.MICROS));
        registry.add("current_date", (Fn.Fn0) () -> LocalDate.now(ZoneOffset.UTC));
        registry.add("localtimestamp", (Fn.Fn0) () -> LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        registry.add("localtime", (Fn.Fn0) () -> LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));

        for (TypeKind kind : new TypeKind[] {DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL}) {
            registry.add("extract", (Fn.Fn2) (a, b) -> DateTimeFields.extract((String) a, b, kind), TEXT, kind);
            registry.add("date_part", (Fn.Fn2) (a, b) -> DateTimeFields.datePart((String) a, b, kind), TEXT, kind);
        }
        registry.add("date_trunc", (Fn.Fn2) (a, b) -> DateTimeFields.truncate((String) a, (LocalDateTime) b,
                TIMESTAMP), TEXT, TIMESTAMP);
        registry.add("date_trunc", (Fn.Fn2) (a, b) -> DateTimeFields.truncate((String) a,
                LocalDateTime.ofInstant((Instant) b, ZoneOffset.UTC), TIMESTAMPTZ).toInstant(ZoneOffset.UTC),
                TEXT, TIMESTAMPTZ);
        registry.add("date_trunc", (Fn.Fn2) (a, b) -> DateTimeFields.truncate((String) a, (Interval) b),
                TEXT, INTERVAL);

        registry.add("make_date", (Fn.Fn3) (a, b, c) -> makeDate((Integer) a, (Integer) b, (Integer) c),
                INTEGER, INTEGER, INTEGER);
        registry.add("make_time", (Fn.Fn3) (a, b, c) -> makeTime((Integer) a, (Integer) b, (Double) c),
                INTEGER, INTEGER, DOUBLE);
        Fn.FnN makeTimestamp = arguments -> makeDate((Integer) arguments[0], (Integer) arguments[1],
                (Integer) arguments[2]).atTime(makeTime((Integer) arguments[3], (Integer) arguments[4],
                (Double) arguments[5]));
        registry.add("make_timestamp", makeTimestamp, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE);
        registry.add("make_timestamptz", (Fn.FnN) arguments -> ((LocalDateTime) makeTimestamp.apply(arguments))
                .toInstant(ZoneOffset.UTC), INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE);
        TypeKind[] intervalParts = {INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE};
        for (int count = 0; count <= intervalParts.length; count++) {
            registry.add("make_interval", (Fn.FnN) DateTimeFunctions::makeInterval,
                    java.util.Arrays.copyOf(intervalParts, count));
        }
        registry.add("to_timestamp", (Fn.Fn1) a -> toTimestamp((Double) a), DOUBLE);
        registry.add("age", (Fn.Fn2) (a, b) -> age((LocalDateTime) a, (LocalDateTime) b), TIMESTAMP, TIMESTAMP);
        registry.add("age", (Fn.Fn2) (a, b) -> age(LocalDateTime.ofInstant((Instant) a, ZoneOffset.UTC),
                LocalDateTime.ofInstant((Instant) b, ZoneOffset.UTC)), TIMESTAMPTZ, TIMESTAMPTZ);
        registry.add("justify_days", (Fn.Fn1) a -> justifyDays((Interval) a), INTERVAL);
        registry.add("justify_hours", (Fn.Fn1) a -> justifyHours((Interval) a), INTERVAL);
        registry.add("justify_interval", (Fn.Fn1) a -> justifyInterval((Interval) a), INTERVAL);
    }

    static long micros(LocalDateTime timestamp) {
        return timestamp.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + timestamp.getNano() / 1000;
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static LocalDate addDays(LocalDate date, long days) {
        try {
            LocalDate result = date.plusDays(days);
            if (result.getYear() < -4712 || result.getYear() > 5874897) {
                throw Errors.dateOutOfRange();
            }
            return result;
        } catch (DateTimeException | ArithmeticException overflow) {
            throw Errors.dateOutOfRange();
        }
    }

    /** timestamp + interval: months first (clamping the day to the month's end), then days, then time. */
    static LocalDateTime add(LocalDateTime timestamp, Interval interval) {
        try {
            LocalDateTime result = timestamp.plusMonths(interval.months()).plusDays(interval.days())
                    .plus(interval.micros(), ChronoUnit.MICROS);
            DateTimeText.checkYear(result.getYear());
            return result;
        } catch (DateTimeException | ArithmeticException overflow) {
            throw Errors.timestampOutOfRange();
        }
    }

    private static Instant add(Instant instant, Interval interval) {
        return add(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), interval).toInstant(ZoneOffset.UTC);
    }

    /** timestamp - timestamp: days and time, as PostgreSQL's {@code timestamp_mi} (justify_hours). */
    private static Interval difference(long a, long b) {
        long micros;
        try {
            micros = Math.subtractExact(a, b);
        } catch (ArithmeticException overflow) {
            throw Errors.intervalOutOfRange();
        }
        return new Interval(0, (int) (micros / DAY), micros % DAY);
    }

    static Interval add(Interval a, Interval b) {
        try {
            return new Interval(Math.addExact(a.months(), b.months()), Math.addExact(a.days(), b.days()),
                    Math.addExact(a.micros(), b.micros()));
        } catch (ArithmeticException overflow) {
            throw Errors.intervalOutOfRange();
        }
    }

    static Interval negate(Interval interval) {
        try {
            return new Interval(Math.negateExact(interval.months()), Math.negateExact(interval.days()),
                    Math.negateExact(interval.micros()));
        } catch (ArithmeticException overflow) {
            throw Errors.intervalOutOfRange();
        }
    }

    private static LocalTime addTime(LocalTime time, long micros) {
        long total = Math.floorMod(time.toNanoOfDay() / 1000 + micros % DAY, DAY);
        return LocalTime.ofNanoOfDay(total * 1000);
    }

    private static double round6(double value) {
        return Math.rint(value * 1_000_000.0) / 1_000_000.0;
    }

    /** PostgreSQL's {@code interval_mul}: fractional months cascade into days, fractional days into time. */
    static Interval multiply(Interval span, double factor) {
        double months = span.months() * factor;
        double days = span.days() * factor;
        if (Double.isNaN(factor) || Math.abs(months) > Integer.MAX_VALUE || Math.abs(days) > Integer.MAX_VALUE) {
            throw Errors.intervalOutOfRange();
        }
        int resultMonths = (int) months;
        int resultDays = (int) days;
        double monthRemainderDays = round6((span.months() * factor - resultMonths) * 30);
        double secondRemainder = round6((span.days() * factor - resultDays + monthRemainderDays
                - (int) monthRemainderDays) * 86400);
        if (Math.abs(secondRemainder) >= 86400) {
            resultDays += (int) (secondRemainder / 86400);
            secondRemainder -= (int) (secondRemainder / 86400) * 86400.0;
        }
        resultDays += (int) monthRemainderDays;
        double time = Math.rint(span.micros() * factor + secondRemainder * 1_000_000.0);
        if (Double.isNaN(time) || time < -9.223372036854775808E18 || time >= 9.223372036854775808E18) {
            throw Errors.intervalOutOfRange();
        }
        return new Interval(resultMonths, resultDays, (long) time);
    }

    static Interval divide(Interval span, double factor) {
        if (factor == 0) {
            throw Errors.divisionByZero();
        }
        double months = span.months() / factor;
        double days = span.days() / factor;
        if (Double.isNaN(factor) || Math.abs(months) > Integer.MAX_VALUE || Math.abs(days) > Integer.MAX_VALUE) {
            throw Errors.intervalOutOfRange();
        }
        int resultMonths = (int) months;
        int resultDays = (int) days;
        double monthRemainderDays = round6((span.months() / factor - resultMonths) * 30);
        double secondRemainder = round6((span.days() / factor - resultDays + monthRemainderDays
                - (int) monthRemainderDays) * 86400);
        if (Math.abs(secondRemainder) >= 86400) {
            resultDays += (int) (secondRemainder / 86400);
            secondRemainder -= (int) (secondRemainder / 86400) * 86400.0;
        }
        resultDays += (int) monthRemainderDays;
        double time = Math.rint(span.micros() / factor + secondRemainder * 1_000_000.0);
        return new Interval(resultMonths, resultDays, (long) time);
    }

    private static LocalDate makeDate(int year, int month, int day) {
        try {
            if (year == 0) {
                throw new DateTimeException("year zero");
            }
            return LocalDate.of(year < 0 ? year + 1 : year, month, day);
        } catch (DateTimeException invalid) {
            throw io.rockstream.jobgraph.error.RockStreamException.of(
                    io.rockstream.jobgraph.error.ErrorCode.DATETIME_FIELD_OVERFLOW,
                    "date field value out of range: %d-%02d-%02d", year, month, day);
        }
    }

    private static LocalTime makeTime(int hour, int minute, double second) {
        long micros = Math.round(second * 1_000_000.0);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || micros >= 60_000_000L) {
            throw io.rockstream.jobgraph.error.RockStreamException.of(
                    io.rockstream.jobgraph.error.ErrorCode.DATETIME_FIELD_OVERFLOW,
                    "time field value out of range: %d:%02d:%s", hour, minute, PgText.formatDouble(second));
        }
        return LocalTime.ofNanoOfDay(((hour * 60L + minute) * 60_000_000L + micros) * 1000);
    }

    private static Object makeInterval(Object[] arguments) {
        long[] parts = new long[6];
        for (int i = 0; i < Math.min(arguments.length, 6); i++) {
            parts[i] = (Integer) arguments[i];
        }
        double seconds = arguments.length > 6 ? (Double) arguments[6] : 0;
        long months = parts[0] * 12 + parts[1];
        long days = parts[2] * 7 + parts[3];
        double micros = Math.rint((parts[4] * 3600.0 + parts[5] * 60.0 + seconds) * 1_000_000.0);
        if (months != (int) months || days != (int) days || Double.isNaN(micros) || Double.isInfinite(micros)
                || Math.abs(micros) >= 9.2e18) {
            throw Errors.intervalOutOfRange();
        }
        return new Interval((int) months, (int) days, (long) micros);
    }

    private static Instant toTimestamp(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 9.2e12) {
            throw Errors.timestampOutOfRange();
        }
        long micros = (long) Math.rint(seconds * 1_000_000.0);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** PostgreSQL's symbolic {@code age}: years, months and days, borrowing from the later month. */
    private static Interval age(LocalDateTime first, LocalDateTime second) {
        boolean flip = first.isBefore(second);
        long fsec = first.getNano() / 1000 - second.getNano() / 1000;
        long sec = first.getSecond() - second.getSecond();
        long min = first.getMinute() - second.getMinute();
        long hour = first.getHour() - second.getHour();
        long day = first.getDayOfMonth() - second.getDayOfMonth();
        long month = first.getMonthValue() - second.getMonthValue();
        long year = first.getYear() - second.getYear();
        if (flip) {
            fsec = -fsec;
            sec = -sec;
            min = -min;
            hour = -hour;
            day = -day;
            month = -month;
            year = -year;
        }
        while (fsec < 0) {
            fsec += 1_000_000;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            day--;
        }
        while (day < 0) {
            LocalDateTime reference = flip ? first : second;
            day += reference.toLocalDate().lengthOfMonth();
            month--;
        }
        while (month < 0) {
            month += 12;
            year--;
        }
        long months = year * 12 + month;
        long time = ((hour * 60 + min) * 60 + sec) * 1_000_000L + fsec;
        if (flip) {
            months = -months;
            day = -day;
            time = -time;
        }
        return new Interval((int) months, (int) day, time);
    }

    private static Interval justifyDays(Interval interval) {
        int months = interval.months() + interval.days() / 30;
        int days = interval.days() % 30;
        if (days > 0 && months < 0) {
            days -= 30;
            months++;
        } else if (days < 0 && months > 0) {
            days += 30;
            months--;
        }
        return new Interval(months, days, interval.micros());
    }

    private static Interval justifyHours(Interval interval) {
        long days = interval.days() + interval.micros() / DAY;
        long micros = interval.micros() % DAY;
        if (days > 0 && micros < 0) {
            micros += DAY;
            days--;
        } else if (days < 0 && micros > 0) {
            micros -= DAY;
            days++;
        }
        if (days != (int) days) {
            throw Errors.intervalOutOfRange();
        }
        return new Interval(interval.months(), (int) days, micros);
    }

    private static Interval justifyInterval(Interval interval) {
        long days = interval.days() + interval.micros() / DAY;
        long micros = interval.micros() % DAY;
        long months = interval.months() + days / 30;
        days %= 30;
        if (months > 0 && (days < 0 || (days == 0 && micros < 0))) {
            days += 30;
            months--;
        } else if (months < 0 && (days > 0 || (days == 0 && micros > 0))) {
            days -= 30;
            months++;
        }
        if (days > 0 && micros < 0) {
            micros += DAY;
            days--;
        } else if (days < 0 && micros > 0) {
            micros -= DAY;
            days++;
        }
        if (months != (int) months) {
            throw Errors.intervalOutOfRange();
        }
        return new Interval((int) months, (int) days, micros);
    }
}
