package io.rockstream.taskmanager.expr;

import static io.rockstream.jobgraph.type.TypeKind.BIGINT;
import static io.rockstream.jobgraph.type.TypeKind.DOUBLE;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.NUMERIC;
import static io.rockstream.jobgraph.type.TypeKind.REAL;
import static io.rockstream.jobgraph.type.TypeKind.SMALLINT;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * {@code + - * / %}, unary minus and {@code abs} on the numeric types, with PostgreSQL's
 * errors: 22003 on integer overflow ({@code integer out of range}) and float overflow
 * ({@code value out of range: overflow}), 22012 on division by zero. Numeric arithmetic is
 * exact; numeric division has PostgreSQL's result scale ({@link #divide}).
 */
final class Arithmetic {
    /** PostgreSQL's NUMERIC_MIN_SIG_DIGITS: a quotient has at least this many significant digits. */
    static final int MIN_SIGNIFICANT_DIGITS = 16;
    static final int MAX_DISPLAY_SCALE = 1000;
    private static final BigInteger NBASE = BigInteger.valueOf(10_000);

    private Arithmetic() {
    }

    static void register(Implementations registry) {
        registry.add("+", (Fn.Fn2) (a, b) -> smallint((Short) a + (Short) b), SMALLINT, SMALLINT);
        registry.add("-", (Fn.Fn2) (a, b) -> smallint((Short) a - (Short) b), SMALLINT, SMALLINT);
        registry.add("*", (Fn.Fn2) (a, b) -> smallint((Short) a * (Short) b), SMALLINT, SMALLINT);
        registry.add("/", (Fn.Fn2) (a, b) -> smallint((int) divide((Short) a, (Short) b)), SMALLINT, SMALLINT);
        registry.add("%", (Fn.Fn2) (a, b) -> (short) remainder((Short) a, (Short) b), SMALLINT, SMALLINT);
        registry.add("neg", (Fn.Fn1) a -> smallint(-(Short) a), SMALLINT);
        registry.add("abs", (Fn.Fn1) a -> smallint(Math.abs((int) (Short) a)), SMALLINT);

        registry.add("+", (Fn.Fn2) (a, b) -> integer((long) (Integer) a + (Integer) b), INTEGER, INTEGER);
        registry.add("-", (Fn.Fn2) (a, b) -> integer((long) (Integer) a - (Integer) b), INTEGER, INTEGER);
        registry.add("*", (Fn.Fn2) (a, b) -> integer((long) (Integer) a * (Integer) b), INTEGER, INTEGER);
        registry.add("/", (Fn.Fn2) (a, b) -> integer(divide((Integer) a, (Integer) b)), INTEGER, INTEGER);
        registry.add("%", (Fn.Fn2) (a, b) -> (int) remainder((Integer) a, (Integer) b), INTEGER, INTEGER);
        registry.add("neg", (Fn.Fn1) a -> integer(-(long) (Integer) a), INTEGER);
        registry.add("abs", (Fn.Fn1) a -> integer(Math.abs((long) (Integer) a)), INTEGER);

        registry.add("+", (Fn.Fn2) (a, b) -> addBigint((Long) a, (Long) b), BIGINT, BIGINT);
        registry.add("-", (Fn.Fn2) (a, b) -> subtractBigint((Long) a, (Long) b), BIGINT, BIGINT);
        registry.add("*", (Fn.Fn2) (a, b) -> multiplyBigint((Long) a, (Long) b), BIGINT, BIGINT);
        registry.add("/", (Fn.Fn2) (a, b) -> {
            long divisor = (Long) b;
            if (divisor == -1 && (Long) a == Long.MIN_VALUE) {
                throw Errors.outOfRange("bigint");
            }
            return divide((Long) a, divisor);
        }, BIGINT, BIGINT);
        registry.add("%", (Fn.Fn2) (a, b) -> remainder((Long) a, (Long) b), BIGINT, BIGINT);
        registry.add("neg", (Fn.Fn1) a -> subtractBigint(0L, (Long) a), BIGINT);
        registry.add("abs", (Fn.Fn1) a -> (Long) a < 0 ? subtractBigint(0L, (Long) a) : a, BIGINT);

        registry.add("+", (Fn.Fn2) (a, b) -> ((BigDecimal) a).add((BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("-", (Fn.Fn2) (a, b) -> ((BigDecimal) a).subtract((BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("*", (Fn.Fn2) (a, b) -> ((BigDecimal) a).multiply((BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("/", (Fn.Fn2) (a, b) -> divide((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("%", (Fn.Fn2) (a, b) -> remainder((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("neg", (Fn.Fn1) a -> ((BigDecimal) a).negate(), NUMERIC);
        registry.add("abs", (Fn.Fn1) a -> ((BigDecimal) a).abs(), NUMERIC);

        registry.add("+", (Fn.Fn2) (a, b) -> checkFloat((Float) a + (Float) b, (Float) a, (Float) b, false), REAL, REAL);
        registry.add("-", (Fn.Fn2) (a, b) -> checkFloat((Float) a - (Float) b, (Float) a, (Float) b, false), REAL, REAL);
        registry.add("*", (Fn.Fn2) (a, b) -> checkFloat((Float) a * (Float) b, (Float) a, (Float) b, true), REAL, REAL);
        registry.add("/", (Fn.Fn2) (a, b) -> {
            float divisor = (Float) b;
            if (divisor == 0 && !Float.isNaN((Float) a)) {
                throw Errors.divisionByZero();
            }
            return checkFloatQuotient((Float) a / divisor, (Float) a, divisor);
        }, REAL, REAL);
        registry.add("neg", (Fn.Fn1) a -> -(Float) a, REAL);
        registry.add("abs", (Fn.Fn1) a -> Math.abs((Float) a), REAL);

        registry.add("+", (Fn.Fn2) (a, b) -> checkDouble((Double) a + (Double) b, (Double) a, (Double) b, false),
                DOUBLE, DOUBLE);
        registry.add("-", (Fn.Fn2) (a, b) -> checkDouble((Double) a - (Double) b, (Double) a, (Double) b, false),
                DOUBLE, DOUBLE);
        registry.add("*", (Fn.Fn2) (a, b) -> checkDouble((Double) a * (Double) b, (Double) a, (Double) b, true),
                DOUBLE, DOUBLE);
        registry.add("/", (Fn.Fn2) (a, b) -> divide((Double) a, (Double) b), DOUBLE, DOUBLE);
        // real with double precision (PostgreSQL's float48/float84 operators): computed in double
        for (String op : new String[] {"+", "-", "*", "/"}) {
            registry.add(op, (Fn.Fn2) (a, b) -> mixedFloat(op, ((Float) a).doubleValue(), (Double) b), REAL, DOUBLE);
            registry.add(op, (Fn.Fn2) (a, b) -> mixedFloat(op, (Double) a, ((Float) b).doubleValue()), DOUBLE, REAL);
        }
        registry.add("neg", (Fn.Fn1) a -> -(Double) a, DOUBLE);
        registry.add("abs", (Fn.Fn1) a -> Math.abs((Double) a), DOUBLE);

        for (var kind : new io.rockstream.jobgraph.type.TypeKind[] {SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE}) {
            registry.add("+", (Fn.Fn1) a -> a, kind);
        }
        registry.add("mod", (Fn.Fn2) (a, b) -> (short) remainder((Short) a, (Short) b), SMALLINT, SMALLINT);
        registry.add("mod", (Fn.Fn2) (a, b) -> (int) remainder((Integer) a, (Integer) b), INTEGER, INTEGER);
        registry.add("mod", (Fn.Fn2) (a, b) -> remainder((Long) a, (Long) b), BIGINT, BIGINT);
        registry.add("mod", (Fn.Fn2) (a, b) -> remainder((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
    }

    static short smallint(int value) {
        if (value != (short) value) {
            throw Errors.outOfRange("smallint");
        }
        return (short) value;
    }

    static int integer(long value) {
        if (value != (int) value) {
            throw Errors.outOfRange("integer");
        }
        return (int) value;
    }

    static long addBigint(long a, long b) {
        long result = a + b;
        if (((a ^ result) & (b ^ result)) < 0) {
            throw Errors.outOfRange("bigint");
        }
        return result;
    }

    static long subtractBigint(long a, long b) {
        long result = a - b;
        if (((a ^ b) & (a ^ result)) < 0) {
            throw Errors.outOfRange("bigint");
        }
        return result;
    }

    static long multiplyBigint(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high != 0 || low < 0) && (high != -1 || low >= 0)) {
            throw Errors.outOfRange("bigint");
        }
        return low;
    }

    /** Integer division truncating toward zero; the caller range-checks MIN / -1. */
    static long divide(long a, long b) {
        if (b == 0) {
            throw Errors.divisionByZero();
        }
        return b == -1 ? -a : a / b;
    }

    /** Integer remainder with the dividend's sign; {@code x % -1 = 0} even for the minimum. */
    static long remainder(long a, long b) {
        if (b == 0) {
            throw Errors.divisionByZero();
        }
        return b == -1 ? 0 : a % b;
    }

    static BigDecimal remainder(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw Errors.divisionByZero();
        }
        return a.remainder(b).setScale(Math.max(a.scale(), b.scale()), RoundingMode.UNNECESSARY);
    }

    /**
     * Numeric division with PostgreSQL's {@code select_div_scale}: at least 16 significant
     * digits, and no fewer decimals than either input; rounded half away from zero.
     * {@code 1/3 = 0.33333333333333333333}, {@code 10/4 = 2.5000000000000000}.
     */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw Errors.divisionByZero();
        }
        return a.divide(b, divisionScale(a, b), RoundingMode.HALF_UP);
    }

    static int divisionScale(BigDecimal a, BigDecimal b) {
        int[] first = baseDigit(a);
        int[] second = baseDigit(b);
        int quotientWeight = first[0] - second[0];
        if (first[1] <= second[1]) {
            quotientWeight--;
        }
        int scale = MIN_SIGNIFICANT_DIGITS - quotientWeight * 4;
        scale = Math.max(scale, Math.max(a.scale(), 0));
        scale = Math.max(scale, Math.max(b.scale(), 0));
        return Math.min(scale, MAX_DISPLAY_SCALE);
    }

    /**
     * The weight (position, in base-10000 digits from the decimal point) and the value of the
     * first non-zero base-10000 digit, as PostgreSQL stores numerics; {0, 0} for zero.
     */
    static int[] baseDigit(BigDecimal value) {
        if (value.signum() == 0) {
            return new int[] {0, 0};
        }
        BigDecimal magnitude = value.abs();
        int decimalExponent = magnitude.precision() - magnitude.scale() - 1;
        int weight = Math.floorDiv(decimalExponent, 4);
        BigInteger digit = magnitude.movePointLeft(weight * 4).toBigInteger().mod(NBASE);
        return new int[] {weight, digit.intValue()};
    }

    static double divide(double a, double b) {
        if (b == 0 && !Double.isNaN(a)) {
            throw Errors.divisionByZero();
        }
        double result = a / b;
        if (Double.isInfinite(result) && !Double.isInfinite(a)) {
            throw Errors.floatOverflow();
        }
        if (result == 0 && a != 0 && !Double.isInfinite(b)) {
            throw Errors.floatUnderflow();
        }
        return result;
    }

    static double checkDouble(double result, double a, double b, boolean zeroCheck) {
        if (Double.isInfinite(result) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
            throw Errors.floatOverflow();
        }
        if (zeroCheck && result == 0 && a != 0 && b != 0) {
            throw Errors.floatUnderflow();
        }
        return result;
    }

    static float checkFloat(float result, float a, float b, boolean zeroCheck) {
        if (Float.isInfinite(result) && !Float.isInfinite(a) && !Float.isInfinite(b)) {
            throw Errors.floatOverflow();
        }
        if (zeroCheck && result == 0 && a != 0 && b != 0) {
            throw Errors.floatUnderflow();
        }
        return result;
    }

    private static float checkFloatQuotient(float result, float a, float b) {
        if (Float.isInfinite(result) && !Float.isInfinite(a)) {
            throw Errors.floatOverflow();
        }
        if (result == 0 && a != 0 && !Float.isInfinite(b)) {
            throw Errors.floatUnderflow();
        }
        return result;
    }

    private static Object mixedFloat(String op, double a, double b) {
        return switch (op) {
            case "+" -> checkDouble(a + b, a, b, false);
            case "-" -> checkDouble(a - b, a, b, false);
            case "*" -> checkDouble(a * b, a, b, true);
            default -> divide(a, b);
        };
    }
}
