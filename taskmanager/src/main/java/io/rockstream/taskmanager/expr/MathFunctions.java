package io.rockstream.taskmanager.expr;

import static io.rockstream.jobgraph.type.TypeKind.BIGINT;
import static io.rockstream.jobgraph.type.TypeKind.DOUBLE;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.NUMERIC;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The mathematical functions of PostgreSQL's chapter 9.3 for {@code double precision} and
 * {@code numeric}. Numeric results have PostgreSQL's result scales (at least 16 significant
 * digits for sqrt, ln, log, exp and power); ln/exp/power are computed in arbitrary precision.
 */
final class MathFunctions {
    private static final double RADIANS_PER_DEGREE = 0.0174532925199432957692;
    private static final int MAX_RESULT_SCALE = 2000;

    private MathFunctions() {
    }

    static void register(Implementations registry) {
        registry.add("ceil", (Fn.Fn1) a -> Math.ceil((Double) a), DOUBLE);
        registry.add("floor", (Fn.Fn1) a -> Math.floor((Double) a), DOUBLE);
        registry.add("round", (Fn.Fn1) a -> Math.rint((Double) a), DOUBLE);
        registry.add("trunc", (Fn.Fn1) a -> {
            double value = (Double) a;
            return value >= 0 ? Math.floor(value) : Math.ceil(value);
        }, DOUBLE);
        registry.add("sign", (Fn.Fn1) a -> Math.signum((Double) a) + 0.0, DOUBLE);
        registry.add("sqrt", (Fn.Fn1) a -> {
            double value = (Double) a;
            if (value < 0) {
                throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                        "cannot take square root of a negative number");
            }
            return Math.sqrt(value);
        }, DOUBLE);
        registry.add("cbrt", (Fn.Fn1) a -> Math.cbrt((Double) a), DOUBLE);
        registry.add("exp", (Fn.Fn1) a -> {
            double value = (Double) a;
            double result = Math.exp(value);
            if (Double.isInfinite(result) && !Double.isInfinite(value)) {
                throw Errors.floatOverflow();
            }
            if (result == 0 && !Double.isInfinite(value)) {
                throw Errors.floatUnderflow();
            }
            return result;
        }, DOUBLE);
        registry.add("ln", (Fn.Fn1) a -> StrictMath.log(checkLogArgument((Double) a)), DOUBLE);
        registry.add("log", (Fn.Fn1) a -> StrictMath.log10(checkLogArgument((Double) a)), DOUBLE);
        registry.add("log10", (Fn.Fn1) a -> StrictMath.log10(checkLogArgument((Double) a)), DOUBLE);
        registry.add("power", (Fn.Fn2) (a, b) -> power((Double) a, (Double) b), DOUBLE, DOUBLE);
        registry.add("^", (Fn.Fn2) (a, b) -> power((Double) a, (Double) b), DOUBLE, DOUBLE);
        registry.add("degrees", (Fn.Fn1) a -> checkResult((Double) a / RADIANS_PER_DEGREE, (Double) a), DOUBLE);
        registry.add("radians", (Fn.Fn1) a -> checkResult((Double) a * RADIANS_PER_DEGREE, (Double) a), DOUBLE);
        registry.add("sin", (Fn.Fn1) a -> StrictMath.sin(finiteInput((Double) a)), DOUBLE);
        registry.add("cos", (Fn.Fn1) a -> StrictMath.cos(finiteInput((Double) a)), DOUBLE);
        registry.add("tan", (Fn.Fn1) a -> StrictMath.tan(finiteInput((Double) a)), DOUBLE);
        registry.add("cot", (Fn.Fn1) a -> 1.0 / StrictMath.tan(finiteInput((Double) a)), DOUBLE);
        registry.add("asin", (Fn.Fn1) a -> StrictMath.asin(unitInput((Double) a)), DOUBLE);
        registry.add("acos", (Fn.Fn1) a -> StrictMath.acos(unitInput((Double) a)), DOUBLE);
        registry.add("atan", (Fn.Fn1) a -> StrictMath.atan((Double) a), DOUBLE);
        registry.add("atan2", (Fn.Fn2) (a, b) -> StrictMath.atan2((Double) a, (Double) b), DOUBLE, DOUBLE);
        registry.add("sinh", (Fn.Fn1) a -> StrictMath.sinh((Double) a), DOUBLE);
        registry.add("cosh", (Fn.Fn1) a -> StrictMath.cosh((Double) a), DOUBLE);
        registry.add("tanh", (Fn.Fn1) a -> StrictMath.tanh((Double) a), DOUBLE);
        registry.add("pi", (Fn.Fn0) () -> Math.PI);
        registry.add("random", (Fn.Fn0) () -> ThreadLocalRandom.current().nextDouble());

        registry.add("ceil", (Fn.Fn1) a -> ((BigDecimal) a).setScale(0, RoundingMode.CEILING), NUMERIC);
        registry.add("floor", (Fn.Fn1) a -> ((BigDecimal) a).setScale(0, RoundingMode.FLOOR), NUMERIC);
        registry.add("round", (Fn.Fn1) a -> ((BigDecimal) a).setScale(0, RoundingMode.HALF_UP), NUMERIC);
        registry.add("round", (Fn.Fn2) (a, b) -> rescale((BigDecimal) a, (Integer) b, RoundingMode.HALF_UP),
                NUMERIC, INTEGER);
        registry.add("trunc", (Fn.Fn1) a -> ((BigDecimal) a).setScale(0, RoundingMode.DOWN), NUMERIC);
        registry.add("trunc", (Fn.Fn2) (a, b) -> rescale((BigDecimal) a, (Integer) b, RoundingMode.DOWN),
                NUMERIC, INTEGER);
        registry.add("sign", (Fn.Fn1) a -> BigDecimal.valueOf(((BigDecimal) a).signum()), NUMERIC);
        registry.add("sqrt", (Fn.Fn1) a -> sqrt((BigDecimal) a), NUMERIC);
        registry.add("exp", (Fn.Fn1) a -> exp((BigDecimal) a), NUMERIC);
        registry.add("ln", (Fn.Fn1) a -> ln((BigDecimal) a), NUMERIC);
        registry.add("log", (Fn.Fn1) a -> log(BigDecimal.TEN, (BigDecimal) a), NUMERIC);
        registry.add("log10", (Fn.Fn1) a -> log(BigDecimal.TEN, (BigDecimal) a), NUMERIC);
        registry.add("log", (Fn.Fn2) (a, b) -> log((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("power", (Fn.Fn2) (a, b) -> power((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("^", (Fn.Fn2) (a, b) -> power((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("div", (Fn.Fn2) (a, b) -> {
            if (((BigDecimal) b).signum() == 0) {
                throw Errors.divisionByZero();
            }
            return ((BigDecimal) a).divideToIntegralValue((BigDecimal) b).setScale(0, RoundingMode.DOWN);
        }, NUMERIC, NUMERIC);

        registry.add("gcd", (Fn.Fn2) (a, b) -> Arithmetic.integer(gcd((Integer) a, (Integer) b)), INTEGER, INTEGER);
        registry.add("gcd", (Fn.Fn2) (a, b) -> {
            long result = gcd((Long) a, (Long) b);
            if (result == Long.MIN_VALUE) {
                throw Errors.outOfRange("bigint");
            }
            return result;
        }, BIGINT, BIGINT);
        registry.add("lcm", (Fn.Fn2) (a, b) -> Arithmetic.integer(lcm((Integer) a, (Integer) b, "integer")),
                INTEGER, INTEGER);
        registry.add("lcm", (Fn.Fn2) (a, b) -> lcm((Long) a, (Long) b, "bigint"), BIGINT, BIGINT);
        registry.add("gcd", (Fn.Fn2) (a, b) -> gcd((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
        registry.add("lcm", (Fn.Fn2) (a, b) -> lcm((BigDecimal) a, (BigDecimal) b), NUMERIC, NUMERIC);
    }

    // ---- double precision ----

    private static double checkLogArgument(double value) {
        if (value == 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
        }
        if (value < 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM,
                    "cannot take logarithm of a negative number");
        }
        return value;
    }

    private static double finiteInput(double value) {
        if (Double.isInfinite(value)) {
            throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range");
        }
        return value;
    }

    private static double unitInput(double value) {
        if (value < -1 || value > 1) {
            throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range");
        }
        return value;
    }

    private static double checkResult(double result, double input) {
        if (Double.isInfinite(result) && !Double.isInfinite(input)) {
            throw Errors.floatOverflow();
        }
        return result;
    }

    static double power(double base, double exponent) {
        if (Double.isNaN(base)) {
            return Double.isNaN(exponent) || exponent != 0 ? Double.NaN : 1.0;
        }
        if (Double.isNaN(exponent)) {
            return base != 1 ? Double.NaN : 1.0;
        }
        if (base == 0 && exponent < 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "zero raised to a negative power is undefined");
        }
        if (base < 0 && Math.floor(exponent) != exponent) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "a negative number raised to a non-integer power yields a complex result");
        }
        double result = StrictMath.pow(base, exponent);
        if (Double.isInfinite(result) && !Double.isInfinite(base) && !Double.isInfinite(exponent)) {
            throw Errors.floatOverflow();
        }
        if (result == 0 && base != 0 && !Double.isInfinite(base) && !Double.isInfinite(exponent)) {
            throw Errors.floatUnderflow();
        }
        return result;
    }

    // ---- numeric ----

    private static BigDecimal rescale(BigDecimal value, int scale, RoundingMode mode) {
        int bounded = Math.max(Math.min(scale, MAX_RESULT_SCALE), -MAX_RESULT_SCALE);
        BigDecimal result = value.setScale(bounded, mode);
        return bounded < 0 ? result.setScale(0) : result;
    }

    private static int clampScale(int scale) {
        return Math.min(Math.max(scale, 0), Arithmetic.MAX_DISPLAY_SCALE);
    }

    static BigDecimal sqrt(BigDecimal value) {
        if (value.signum() < 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "cannot take square root of a negative number");
        }
        int weight = Arithmetic.baseDigit(value)[0];
        int sweight = (weight + 1) * 4 / 2 - 1;
        int scale = clampScale(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS - sweight, value.scale()));
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        int digits = scale + Math.max(value.precision() - value.scale(), 1) + 10;
        return value.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN)).setScale(scale, RoundingMode.HALF_UP);
    }

    /** PostgreSQL's {@code estimate_ln_dweight}: the decimal weight of ln(value). */
    private static int lnWeight(BigDecimal value) {
        if (value.compareTo(new BigDecimal("0.9")) >= 0 && value.compareTo(new BigDecimal("1.1")) <= 0) {
            BigDecimal x = value.subtract(BigDecimal.ONE);
            if (x.signum() == 0) {
                return 0;
            }
            return x.precision() - x.scale() - 1;
        }
        double ln = Math.log(value.doubleValue());
        if (Double.isInfinite(ln) || Double.isNaN(ln)) {
            int exponent = value.precision() - value.scale() - 1;
            ln = exponent * Math.log(10);
        }
        return ln == 0 ? 0 : (int) Math.log10(Math.abs(ln));
    }

    private static void checkLogArgument(BigDecimal value) {
        if (value.signum() == 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
        }
        if (value.signum() < 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_LOGARITHM,
                    "cannot take logarithm of a negative number");
        }
    }

    static BigDecimal ln(BigDecimal value) {
        checkLogArgument(value);
        int scale = clampScale(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS - lnWeight(value), value.scale()));
        return BigMath.ln(value, scale + 10).setScale(scale, RoundingMode.HALF_UP);
    }

    static BigDecimal log(BigDecimal base, BigDecimal value) {
        checkLogArgument(base);
        checkLogArgument(value);
        int resultWeight = lnWeight(value) - lnWeight(base);
        int scale = clampScale(Math.max(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS - resultWeight, base.scale()),
                value.scale()));
        BigDecimal lnBase = BigMath.ln(base, scale + 20);
        if (lnBase.signum() == 0) {
            throw Errors.divisionByZero();
        }
        BigDecimal lnValue = BigMath.ln(value, scale + 20);
        return lnValue.divide(lnBase, scale + 10, RoundingMode.HALF_EVEN).setScale(scale, RoundingMode.HALF_UP);
    }

    static BigDecimal exp(BigDecimal value) {
        double estimate = value.doubleValue() * 0.434294481903252;
        if (estimate > 131072) {
            throw Errors.numericOverflow();
        }
        estimate = Math.max(Math.min(estimate, MAX_RESULT_SCALE), -MAX_RESULT_SCALE);
        int scale = clampScale(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS - (int) estimate, value.scale()));
        return BigMath.exp(value, scale + 10).setScale(scale, RoundingMode.HALF_UP);
    }

    static BigDecimal power(BigDecimal base, BigDecimal exponent) {
        if (base.signum() == 0 && exponent.signum() < 0) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "zero raised to a negative power is undefined");
        }
        boolean integral = exponent.signum() == 0 || exponent.stripTrailingZeros().scale() <= 0;
        if (base.signum() < 0 && !integral) {
            throw RockStreamException.of(ErrorCode.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "a negative number raised to a non-integer power yields a complex result");
        }
        if (integral && exponent.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            int n = exponent.intValueExact();
            int scale = clampScale(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS, base.scale()));
            if (base.signum() == 0) {
                return (n == 0 ? BigDecimal.ONE : BigDecimal.ZERO).setScale(scale);
            }
            double weight = Math.abs(n) * Math.log10(base.abs().doubleValue());
            if (weight > 131072) {
                throw Errors.numericOverflow();
            }
            if (n >= 0 && n <= 100_000) {
                return base.pow(n).setScale(scale, RoundingMode.HALF_UP);
            }
            BigDecimal logResult = BigMath.exp(BigMath.ln(base.abs(), scale + 30).multiply(exponent), scale + 10);
            if (base.signum() < 0 && n % 2 != 0) {
                logResult = logResult.negate();
            }
            return logResult.setScale(scale, RoundingMode.HALF_UP);
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(clampScale(Arithmetic.MIN_SIGNIFICANT_DIGITS));
        }
        double estimate = exponent.doubleValue() * Math.log(base.doubleValue()) * 0.434294481903252;
        if (estimate > 131072) {
            throw Errors.numericOverflow();
        }
        estimate = Math.max(Math.min(estimate, MAX_RESULT_SCALE), -MAX_RESULT_SCALE);
        int scale = clampScale(Math.max(Math.max(Arithmetic.MIN_SIGNIFICANT_DIGITS - (int) estimate, base.scale()),
                exponent.scale()));
        int guard = scale + 20 + Math.max(exponent.precision() - exponent.scale(), 0);
        BigDecimal product = BigMath.ln(base, guard).multiply(exponent);
        return BigMath.exp(product, scale + 10).setScale(scale, RoundingMode.HALF_UP);
    }

    // ---- gcd / lcm ----

    private static long gcd(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x == Long.MIN_VALUE ? x : Math.abs(x);
    }

    private static long lcm(long a, long b, String typeName) {
        if (a == 0 || b == 0) {
            return 0;
        }
        long divisor = gcd(a, b);
        if (divisor == Long.MIN_VALUE) {
            throw Errors.outOfRange(typeName);
        }
        long result = Arithmetic.multiplyBigint(a / divisor, b);
        if (result == Long.MIN_VALUE) {
            throw Errors.outOfRange(typeName);
        }
        return Math.abs(result);
    }

    private static BigDecimal gcd(BigDecimal a, BigDecimal b) {
        int scale = Math.max(a.scale(), b.scale());
        BigInteger x = a.setScale(scale).unscaledValue();
        BigInteger y = b.setScale(scale).unscaledValue();
        return new BigDecimal(x.gcd(y), scale);
    }

    private static BigDecimal lcm(BigDecimal a, BigDecimal b) {
        int scale = Math.max(a.scale(), b.scale());
        BigInteger x = a.setScale(scale).unscaledValue();
        BigInteger y = b.setScale(scale).unscaledValue();
        if (x.signum() == 0 || y.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        return new BigDecimal(x.divide(x.gcd(y)).multiply(y).abs(), scale);
    }
}
