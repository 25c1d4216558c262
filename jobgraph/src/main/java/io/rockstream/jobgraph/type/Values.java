package io.rockstream.jobgraph.type;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Equality, hashing and ordering of SQL values as SQL sees them, for grouping, joining,
 * partitioning and sorting. Values of one column share one Java class (see {@link SqlType});
 * mixed numeric classes are still compared numerically so that a planner slip cannot
 * silently split a group.
 *
 * <ul>
 *   <li>Text compares in C collation: by Unicode code point, the byte order of UTF-8.</li>
 *   <li>{@code numeric} ignores scale: {@code 1.0 = 1.00}.</li>
 *   <li>Floating point follows PostgreSQL: {@code -0.0 = 0.0}, and NaN equals itself and
 *       sorts above every other value.</li>
 *   <li>{@code null} (SQL NULL) is equal to {@code null} here (grouping semantics, as in
 *       GROUP BY and DISTINCT) and sorts after every value; SQL's three-valued {@code =} is
 *       the expression evaluator's business, not this class's.</li>
 * </ul>
 */
public final class Values {
    private Values() {
    }

    public static boolean equal(Object left, Object right) {
        if (left == right) {
            return true;
        }
        if (left == null || right == null) {
            return false;
        }
        if (left.getClass() == right.getClass()) {
            if (left instanceof BigDecimal decimal) {
                return decimal.compareTo((BigDecimal) right) == 0;
            }
            if (left instanceof Double d) {
                return compareDouble(d, (Double) right) == 0;
            }
            if (left instanceof Float f) {
                return compareDouble(f, (Float) right) == 0;
            }
            return left.equals(right);
        }
        return compare(left, right) == 0;
    }

    public static int hash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return Long.hashCode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal decimal) {
            return hashDecimal(decimal);
        }
        if (value instanceof Double || value instanceof Float) {
            return hashDouble(((Number) value).doubleValue());
        }
        return value.hashCode();
    }

    private static int hashDecimal(BigDecimal decimal) {
        if (decimal.signum() == 0) {
            return 0;
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return Long.hashCode(stripped.longValueExact());
        }
        return stripped.hashCode();
    }

    private static int hashDouble(double d) {
        if (d == 0.0) {
            return 0;
        }
        if (Double.isNaN(d)) {
            return 0x7ff80000;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e18) {
            return Long.hashCode((long) d);
        }
        return Double.hashCode(d);
    }

    /** Total order; {@code null} sorts last (PostgreSQL's default for ascending order). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object left, Object right) {
        if (left == right) {
            return 0;
        }
        if (left == null) {
            return 1;
        }
        if (right == null) {
            return -1;
        }
        if (left instanceof String a && right instanceof String b) {
            return compareText(a, b);
        }
        if (left instanceof Number a && right instanceof Number b) {
            return compareNumbers(a, b);
        }
        if (left instanceof Boolean a && right instanceof Boolean b) {
            return Boolean.compare(a, b);
        }
        if (left.getClass() == right.getClass() && left instanceof Comparable comparable) {
            return comparable.compareTo(right);
        }
        throw new IllegalArgumentException("cannot compare " + left.getClass().getSimpleName()
                + " with " + right.getClass().getSimpleName());
    }

    /** C collation: Unicode code point order, which is the byte order of UTF-8. */
    public static int compareText(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xs = Character.isSurrogate(x);
                boolean ys = Character.isSurrogate(y);
                if (xs == ys) {
                    return Character.compare(x, y);
                }
                // a surrogate (a code point above U+FFFF) sorts after every BMP character
                return xs ? 1 : -1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            return compareDouble(a.doubleValue(), b.doubleValue());
        }
        return toDecimal(a).compareTo(toDecimal(b));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short;
    }

    private static BigDecimal toDecimal(Number n) {
        return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
    }

    /** PostgreSQL float order: -0 equals 0, NaN equals NaN and is greater than everything. */
    public static int compareDouble(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        boolean aNaN = Double.isNaN(a);
        boolean bNaN = Double.isNaN(b);
        return aNaN == bNaN ? 0 : (aNaN ? 1 : -1);
    }

    /** The Java class values of this kind are represented with. */
    public static Class<?> javaClass(TypeKind kind) {
        return switch (kind) {
            case UNKNOWN, TEXT, VARCHAR, CHAR -> String.class;
            case BOOLEAN -> Boolean.class;
            case SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            case REAL -> Float.class;
            case DOUBLE -> Double.class;
            case NUMERIC -> BigDecimal.class;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMPTZ -> Instant.class;
            case INTERVAL -> Interval.class;
            case BYTEA -> Bytes.class;
        };
    }
}
