package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL's casts between RockStream types, and the application of type modifiers
 * ({@code numeric(p,s)}, {@code varchar(n)}, {@code char(n)}).
 *
 * <ul>
 *   <li>numeric to integer rounds half away from zero; float to integer rounds half to even
 *       ({@code rint}); out of range is 22003 {@code integer out of range}.</li>
 *   <li>float to numeric keeps 15 (real: 6) significant digits, as PostgreSQL's
 *       {@code float8_numeric} does.</li>
 *   <li>text to any type uses the type's input function ({@link PgText#parse}); any type to
 *       text its output function, except boolean, which casts to {@code true}/{@code false}.</li>
 *   <li>{@code char(n)} values are stored padded with spaces; casting them to text or varchar
 *       strips trailing spaces, and their comparisons ignore trailing spaces.</li>
 *   <li>{@code varchar(n)}/{@code char(n)}: an explicit cast truncates; an assignment raises
 *       22001 unless only spaces would be cut.</li>
 * </ul>
 */
public final class Casts {
    private static final MathContext FLOAT8_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);
    private static final MathContext FLOAT4_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

    /** A compiled conversion of a non-null value. */
    @FunctionalInterface
    interface Conversion {
        Object apply(Object value);
    }

    private Casts() {
    }

    /** {@code CAST(value AS to)}; {@code null} stays {@code null}. */
    public static Object cast(Object value, SqlType from, SqlType to) {
        return convert(value, compile(from, to, false));
    }

    /** The assignment flavor (INSERT, UPDATE, COPY): strings too long raise 22001 instead of truncating. */
    public static Object assign(Object value, SqlType from, SqlType to) {
        return convert(value, compile(from, to, true));
    }

    /** A null conversion means the value needs none (same representation, no modifier to check). */
    private static Object convert(Object value, Conversion conversion) {
        return value == null || conversion == null ? value : conversion.apply(value);
    }

    /** The conversion of non-null values from {@code from} to {@code to}, resolved once. */
    static Conversion compile(SqlType from, SqlType to, boolean assignment) {
        Conversion base = convert(from.kind(), to.kind());
        Conversion modifier = modifier(to, assignment);
        if (modifier == null) {
            return base;
        }
        if (base == null) {
            return modifier;
        }
        return value -> modifier.apply(base.apply(value));
    }

    private static Conversion convert(TypeKind from, TypeKind to) {
        if (from == to) {
            return null;
        }
        if (to.isText()) {
            if (from == TypeKind.CHAR) {
                return value -> Strings.rtrimSpaces((String) value);
            }
            if (from.isText() || from == TypeKind.UNKNOWN) {
                return null;
            }
            if (from == TypeKind.BOOLEAN) {
                return value -> ((Boolean) value) ? "true" : "false";
            }
            SqlType source = SqlType.of(from);
            return value -> PgText.format(value, source);
        }
        if (from.isText() || from == TypeKind.UNKNOWN) {
            SqlType target = SqlType.of(to);
            return value -> PgText.parse((String) value, target);
        }
        Conversion conversion = switch (to) {
            case SMALLINT -> toSmallint(from);
            case INTEGER -> toInteger(from);
            case BIGINT -> toBigint(from);
            case NUMERIC -> toNumeric(from);
            case REAL -> toReal(from);
            case DOUBLE -> toDouble(from);
            case BOOLEAN -> from == TypeKind.INTEGER ? value -> ((Integer) value) != 0 : null;
            case DATE -> switch (from) {
                case TIMESTAMP -> value -> ((LocalDateTime) value).toLocalDate();
                case TIMESTAMPTZ -> value -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toLocalDate();
                default -> null;
            };
            case TIME -> switch (from) {
                case TIMESTAMP -> value -> ((LocalDateTime) value).toLocalTime();
                case TIMESTAMPTZ -> value -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toLocalTime();
                case INTERVAL -> value -> LocalTime.ofNanoOfDay(
                        Math.floorMod(((Interval) value).micros(), DateTimeText.MICROS_PER_DAY) * 1000);
                default -> null;
            };
            case TIMESTAMP -> switch (from) {
                case DATE -> value -> ((LocalDate) value).atStartOfDay();
                case TIMESTAMPTZ -> value -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
                default -> null;
            };
            case TIMESTAMPTZ -> switch (from) {
                case DATE -> value -> ((LocalDate) value).atStartOfDay().toInstant(ZoneOffset.UTC);
                case TIMESTAMP -> value -> ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
                default -> null;
            };
            case INTERVAL -> from == TypeKind.TIME
                    ? value -> new Interval(0, 0, ((LocalTime) value).toNanoOfDay() / 1000) : null;
            case UNKNOWN, TEXT, VARCHAR, CHAR, BYTEA -> null;
        };
        if (conversion == null) {
            throw RockStreamException.of(ErrorCode.CANNOT_COERCE, "cannot cast type %s to %s", from.sqlName(),
                    to.sqlName());
        }
        return conversion;
    }

    private static Conversion toSmallint(TypeKind from) {
        Conversion wide = toBigint(from);
        if (wide == null) {
            return null;
        }
        return value -> {
            long result = (Long) wide.apply(value);
            if (result != (short) result) {
                throw Errors.outOfRange("smallint");
            }
            return (short) result;
        };
    }

    private static Conversion toInteger(TypeKind from) {
        if (from == TypeKind.BOOLEAN) {
            return value -> ((Boolean) value) ? 1 : 0;
        }
        Conversion wide = toBigint(from);
        if (wide == null) {
            return null;
        }
        return value -> {
            long result = from == TypeKind.BIGINT ? (Long) value : longOf(from, value, "integer");
            if (result != (int) result) {
                throw Errors.outOfRange("integer");
            }
            return (int) result;
        };
    }

    private static Conversion toBigint(TypeKind from) {
        return switch (from) {
            case SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE -> value -> longOf(from, value, "bigint");
            case UNKNOWN, BOOLEAN, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA -> null;
        };
    }

    /** The value rounded to a long the PostgreSQL way, or 22003 naming {@code typeName}. */
    private static long longOf(TypeKind from, Object value, String typeName) {
        switch (from) {
            case NUMERIC: {
                BigDecimal rounded = ((BigDecimal) value).setScale(0, RoundingMode.HALF_UP);
                if (rounded.toBigInteger().bitLength() > 63) {
                    throw Errors.outOfRange(typeName);
                }
                return rounded.longValue();
            }
            case REAL:
            case DOUBLE: {
                double rounded = Math.rint(((Number) value).doubleValue());
                if (Double.isNaN(rounded) || rounded < -9.223372036854775808E18 || rounded >= 9.223372036854775808E18) {
                    throw Errors.outOfRange(typeName);
                }
                return (long) rounded;
            }
            default:
                return ((Number) value).longValue();
        }
    }

    private static Conversion toNumeric(TypeKind from) {
        return switch (from) {
            case SMALLINT, INTEGER, BIGINT -> value -> BigDecimal.valueOf(((Number) value).longValue());
            case DOUBLE -> value -> floatToNumeric((Double) value, FLOAT8_DIGITS);
            case REAL -> value -> floatToNumeric(((Float) value).doubleValue(), FLOAT4_DIGITS);
            case UNKNOWN, BOOLEAN, NUMERIC, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA -> null;
        };
    }

    static BigDecimal floatToNumeric(double value, MathContext digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot convert %s to numeric",
                    PgText.formatDouble(value));
        }
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal result = new BigDecimal(value).round(digits).stripTrailingZeros();
        return result.scale() < 0 ? result.setScale(0) : result;
    }

    private static Conversion toReal(TypeKind from) {
        return switch (from) {
            case SMALLINT, INTEGER, BIGINT -> value -> ((Number) value).floatValue();
            case NUMERIC -> value -> {
                float result = ((BigDecimal) value).floatValue();
                if (Float.isInfinite(result)) {
                    throw Errors.floatOverflow();
                }
                return result;
            };
            case DOUBLE -> value -> {
                double source = (Double) value;
                float result = (float) source;
                if (Float.isInfinite(result) && !Double.isInfinite(source)) {
                    throw Errors.floatOverflow();
                }
                if (result == 0 && source != 0) {
                    throw Errors.floatUnderflow();
                }
                return result;
            };
            case UNKNOWN, BOOLEAN, REAL, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA -> null;
        };
    }

    private static Conversion toDouble(TypeKind from) {
        return switch (from) {
            case SMALLINT, INTEGER, BIGINT, REAL -> value -> ((Number) value).doubleValue();
            case NUMERIC -> value -> {
                double result = ((BigDecimal) value).doubleValue();
                if (Double.isInfinite(result)) {
                    throw Errors.floatOverflow();
                }
                return result;
            };
            case UNKNOWN, BOOLEAN, DOUBLE, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, BYTEA -> null;
        };
    }

    // ---- type modifiers ----

    private static Conversion modifier(SqlType to, boolean assignment) {
        return switch (to.kind()) {
            case NUMERIC -> to.precision() >= 0 ? numericModifier(to.precision(), Math.max(to.scale(), 0)) : null;
            case VARCHAR -> to.precision() >= 0 ? lengthModifier(to, assignment, false) : null;
            case CHAR -> to.precision() >= 0 ? lengthModifier(to, assignment, true) : null;
            case UNKNOWN, BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, TEXT, DATE, TIME, TIMESTAMP, TIMESTAMPTZ,
                    INTERVAL, BYTEA -> null;
        };
    }

    private static Conversion numericModifier(int precision, int scale) {
        int maxDigits = precision - scale;
        return value -> {
            BigDecimal rounded = ((BigDecimal) value).setScale(scale, RoundingMode.HALF_UP);
            if (rounded.signum() != 0 && rounded.precision() - rounded.scale() > maxDigits) {
                throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow")
                        .withDetail(String.format("A field with precision %d, scale %d must round to an absolute value"
                                + " less than %s%d.", precision, scale, maxDigits != 0 ? "10^" : "",
                                maxDigits != 0 ? maxDigits : 1));
            }
            return rounded;
        };
    }

    private static Conversion lengthModifier(SqlType to, boolean assignment, boolean pad) {
        int length = to.precision();
        return value -> {
            String text = (String) value;
            int codePoints = text.codePointCount(0, text.length());
            if (codePoints > length) {
                int cut = text.offsetByCodePoints(0, length);
                if (assignment) {
                    for (int i = cut; i < text.length(); i++) {
                        if (text.charAt(i) != ' ') {
                            throw RockStreamException.of(ErrorCode.STRING_DATA_RIGHT_TRUNCATION,
                                    "value too long for type " + to.sqlName());
                        }
                    }
                }
                return text.substring(0, cut);
            }
            if (pad && codePoints < length) {
                return text + " ".repeat(length - codePoints);
            }
            return text;
        };
    }
}
