package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.TypeKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * {@code extract} (numeric, PostgreSQL 14+), {@code date_part} (double precision) and
 * {@code date_trunc} over date/time values and intervals, with PostgreSQL's unit names
 * (singular, plural and abbreviations) and its errors: 22023 for an unknown unit, 0A000 for
 * a unit the type does not have ({@code extract(hour from date)}).
 */
final class DateTimeFields {
    private static final long SECOND = DateTimeText.MICROS_PER_SECOND;
    private static final long MINUTE = DateTimeText.MICROS_PER_MINUTE;
    private static final long HOUR = DateTimeText.MICROS_PER_HOUR;
    private static final long DAY = DateTimeText.MICROS_PER_DAY;

    private DateTimeFields() {
    }

    /** The canonical unit for a spelling, or {@code null}. */
    static String unit(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "microsecond", "microseconds", "us", "usec", "usecs", "useconds", "usecond" -> "microseconds";
            case "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds", "msecond" -> "milliseconds";
            case "second", "seconds", "s", "sec", "secs" -> "second";
            case "minute", "minutes", "m", "min", "mins" -> "minute";
            case "hour", "hours", "h", "hr", "hrs" -> "hour";
            case "day", "days", "d" -> "day";
            case "week", "weeks", "w" -> "week";
            case "month", "months", "mon", "mons" -> "month";
            case "quarter", "qtr" -> "quarter";
            case "year", "years", "y", "yr", "yrs" -> "year";
            case "decade", "decades", "dec", "decs" -> "decade";
            case "century", "centuries", "c", "cent" -> "century";
            case "millennium", "millennia", "mil", "mils", "millenniums" -> "millennium";
            case "dow" -> "dow";
            case "isodow" -> "isodow";
            case "doy" -> "doy";
            case "epoch" -> "epoch";
            case "isoyear" -> "isoyear";
            case "julian" -> "julian";
            case "timezone" -> "timezone";
            case "timezone_h", "timezone_hour" -> "timezone_hour";
            case "timezone_m", "timezone_minute" -> "timezone_minute";
            default -> null;
        };
    }

    private static String canonical(String field, TypeKind kind) {
        String unit = unit(field);
        if (unit == null) {
            throw Errors.invalidParameter("unit \"" + field + "\" not recognized for type " + kind.sqlName());
        }
        return unit;
    }

    private static RockStreamException unsupported(String field, TypeKind kind) {
        return RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED,
                "unit \"" + field + "\" not supported for type " + kind.sqlName());
    }

    static Object datePart(String field, Object value, TypeKind kind) {
        if (kind == TypeKind.DATE) {
            // date_part(text, date) is date_part(text, date::timestamp)
            return extract(field, ((LocalDate) value).atStartOfDay(), TypeKind.TIMESTAMP).doubleValue();
        }
        return extract(field, value, kind).doubleValue();
    }

    static BigDecimal extract(String field, Object value, TypeKind kind) {
        String unit = canonical(field, kind);
        return switch (kind) {
            case DATE -> extractDate(field, unit, (LocalDate) value);
            case TIME -> extractTime(field, unit, (LocalTime) value);
            case TIMESTAMP -> extractTimestamp(field, unit, (LocalDateTime) value, kind);
            case TIMESTAMPTZ -> extractTimestamp(field, unit, LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC),
                    kind);
            case INTERVAL -> extractInterval(field, unit, (Interval) value);
            default -> throw RockStreamException.internal("extract from " + kind, null);
        };
    }

    private static BigDecimal seconds(long micros, int scale) {
        return BigDecimal.valueOf(micros, 6).setScale(scale, java.math.RoundingMode.UNNECESSARY);
    }

    private static BigDecimal extractDate(String field, String unit, LocalDate date) {
        return switch (unit) {
            case "epoch" -> BigDecimal.valueOf(date.toEpochDay() * 86400L);
            case "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_hour",
                    "timezone_minute" -> throw unsupported(field, TypeKind.DATE);
            default -> calendarField(field, unit, date, TypeKind.DATE);
        };
    }

    private static BigDecimal calendarField(String field, String unit, LocalDate date, TypeKind kind) {
        int year = date.getYear();
        long result = switch (unit) {
            case "day" -> date.getDayOfMonth();
            case "month" -> date.getMonthValue();
            case "quarter" -> (date.getMonthValue() - 1) / 3 + 1;
            case "year" -> year > 0 ? year : year - 1;
            case "decade" -> year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
            case "century" -> year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
            case "millennium" -> year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
            case "week" -> date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "isoyear" -> {
                int isoYear = date.get(IsoFields.WEEK_BASED_YEAR);
                yield isoYear > 0 ? isoYear : isoYear - 1;
            }
            case "dow" -> date.getDayOfWeek().getValue() % 7;
            case "isodow" -> date.getDayOfWeek().getValue();
            case "doy" -> date.getDayOfYear();
            case "julian" -> date.toEpochDay() + 2440588L;
            default -> throw unsupported(field, kind);
        };
        return BigDecimal.valueOf(result);
    }

    private static BigDecimal extractTime(String field, String unit, LocalTime time) {
        long micros = time.toNanoOfDay() / 1000;
        return switch (unit) {
            case "microseconds" -> BigDecimal.valueOf(micros % MINUTE);
            case "milliseconds" -> BigDecimal.valueOf(micros % MINUTE, 3);
            case "second" -> seconds(micros % MINUTE, 6);
            case "minute" -> BigDecimal.valueOf(time.getMinute());
            case "hour" -> BigDecimal.valueOf(time.getHour());
            case "epoch" -> seconds(micros, 6);
            default -> throw unsupported(field, TypeKind.TIME);
        };
    }

    private static BigDecimal extractTimestamp(String field, String unit, LocalDateTime timestamp, TypeKind kind) {
        long secondMicros = timestamp.getSecond() * SECOND + timestamp.getNano() / 1000;
        return switch (unit) {
            case "microseconds" -> BigDecimal.valueOf(secondMicros);
            case "milliseconds" -> BigDecimal.valueOf(secondMicros, 3);
            case "second" -> BigDecimal.valueOf(secondMicros, 6);
            case "minute" -> BigDecimal.valueOf(timestamp.getMinute());
            case "hour" -> BigDecimal.valueOf(timestamp.getHour());
            case "epoch" -> BigDecimal.valueOf(DateTimeFunctions.micros(timestamp), 6);
            case "julian" -> {
                long dayMicros = timestamp.toLocalTime().toNanoOfDay() / 1000;
                yield BigDecimal.valueOf(timestamp.toLocalDate().toEpochDay() + 2440588L)
                        .add(Arithmetic.divide(BigDecimal.valueOf(dayMicros), BigDecimal.valueOf(DAY)));
            }
            case "timezone", "timezone_hour", "timezone_minute" -> {
                if (kind == TypeKind.TIMESTAMPTZ) {
                    yield BigDecimal.ZERO;
                }
                throw unsupported(field, kind);
            }
            default -> calendarField(field, unit, timestamp.toLocalDate(), kind);
        };
    }

    private static BigDecimal extractInterval(String field, String unit, Interval interval) {
        long micros = interval.micros();
        int years = interval.months() / 12;
        return switch (unit) {
            case "microseconds" -> BigDecimal.valueOf(micros % MINUTE);
            case "milliseconds" -> BigDecimal.valueOf(micros % MINUTE, 3);
            case "second" -> BigDecimal.valueOf(micros % MINUTE, 6);
            case "minute" -> BigDecimal.valueOf((micros % HOUR) / MINUTE);
            case "hour" -> BigDecimal.valueOf(micros / HOUR);
            case "day" -> BigDecimal.valueOf(interval.days());
            case "month" -> BigDecimal.valueOf(interval.months() % 12);
            case "quarter" -> BigDecimal.valueOf((interval.months() % 12) / 3 + 1);
            case "year" -> BigDecimal.valueOf(years);
            case "decade" -> BigDecimal.valueOf(years / 10);
            case "century" -> BigDecimal.valueOf(years / 100);
            case "millennium" -> BigDecimal.valueOf(years / 1000);
            case "epoch" -> {
                java.math.BigInteger total = java.math.BigInteger.valueOf(years).multiply(java.math.BigInteger.valueOf(31_557_600L))
                        .add(java.math.BigInteger.valueOf((interval.months() % 12) * 2_592_000L))
                        .add(java.math.BigInteger.valueOf(interval.days() * 86_400L))
                        .multiply(java.math.BigInteger.valueOf(SECOND))
                        .add(java.math.BigInteger.valueOf(micros));
                yield new BigDecimal(total, 6);
            }
            default -> throw unsupported(field, TypeKind.INTERVAL);
        };
    }

    // ---- date_trunc ----

    static LocalDateTime truncate(String field, LocalDateTime timestamp, TypeKind kind) {
        String unit = canonical(field, kind);
        LocalDate date = timestamp.toLocalDate();
        int year = date.getYear();
        return switch (unit) {
            case "microseconds" -> timestamp;
            case "milliseconds" -> timestamp.withNano(timestamp.getNano() / 1_000_000 * 1_000_000);
            case "second" -> timestamp.withNano(0);
            case "minute" -> timestamp.withSecond(0).withNano(0);
            case "hour" -> timestamp.withMinute(0).withSecond(0).withNano(0);
            case "day" -> date.atStartOfDay();
            case "week" -> date.minusDays(date.getDayOfWeek().getValue() - 1L).atStartOfDay();
            case "month" -> date.withDayOfMonth(1).atStartOfDay();
            case "quarter" -> LocalDate.of(year, (date.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "year" -> LocalDate.of(year, 1, 1).atStartOfDay();
            case "decade" -> LocalDate.of(year > 0 ? year / 10 * 10 : -((8 - (year - 1)) / 10) * 10, 1, 1)
                    .atStartOfDay();
            case "century" -> LocalDate.of(year > 0 ? ((year + 99) / 100) * 100 - 99
                    : -((99 - (year - 1)) / 100) * 100 + 1, 1, 1).atStartOfDay();
            case "millennium" -> LocalDate.of(year > 0 ? ((year + 999) / 1000) * 1000 - 999
                    : -((999 - (year - 1)) / 1000) * 1000 + 1, 1, 1).atStartOfDay();
            default -> throw unsupported(field, kind);
        };
    }

    static Interval truncate(String field, Interval interval) {
        String unit = canonical(field, TypeKind.INTERVAL);
        long micros = interval.micros();
        int months = interval.months();
        return switch (unit) {
            case "microseconds" -> interval;
            case "milliseconds" -> new Interval(months, interval.days(), micros / 1000 * 1000);
            case "second" -> new Interval(months, interval.days(), micros / SECOND * SECOND);
            case "minute" -> new Interval(months, interval.days(), micros / MINUTE * MINUTE);
            case "hour" -> new Interval(months, interval.days(), micros / HOUR * HOUR);
            case "day" -> new Interval(months, interval.days(), 0);
            case "month" -> new Interval(months, 0, 0);
            case "quarter" -> new Interval(months / 12 * 12 + (months % 12) / 3 * 3, 0, 0);
            case "year" -> new Interval(months / 12 * 12, 0, 0);
            case "decade" -> new Interval(months / 120 * 120, 0, 0);
            case "century" -> new Interval(months / 1200 * 1200, 0, 0);
            case "millennium" -> new Interval(months / 12000 * 12000, 0, 0);
            default -> throw unsupported(field, TypeKind.INTERVAL);
        };
    }
}
