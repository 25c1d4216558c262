package io.rockstream.taskmanager.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Natural logarithm and exponential of numerics to a requested number of decimals. */
final class BigMath {
    private BigMath() {
    }

    /** ln(value) for value > 0, correct to about {@code scale} decimals. */
    static BigDecimal ln(BigDecimal value, int scale) {
        int exponent = value.precision() - value.scale() - 1;
        // value = mantissa * 10^exponent with mantissa in [1, 10)
        BigDecimal mantissa = value.movePointLeft(exponent);
        int precision = scale + 20 + Integer.toString(Math.abs(exponent)).length();
        MathContext context = new MathContext(precision, RoundingMode.HALF_EVEN);
        BigDecimal result = lnNearOne(mantissa, context);
        if (exponent != 0) {
            result = result.add(lnNearOne(BigDecimal.TEN, context).multiply(BigDecimal.valueOf(exponent)), context);
        }
        return result.setScale(scale, RoundingMode.HALF_EVEN);
    }

    /** ln(x) for a moderate x > 0: square roots bring x near 1, then the atanh series. */
    private static BigDecimal lnNearOne(BigDecimal x, MathContext context) {
        MathContext wider = new MathContext(context.getPrecision() + 10, RoundingMode.HALF_EVEN);
        BigDecimal y = x;
        int halvings = 0;
        BigDecimal limit = new BigDecimal("0.001");
        while (y.subtract(BigDecimal.ONE).abs().compareTo(limit) > 0) {
            y = y.sqrt(wider);
            halvings++;
        }
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), wider);
        BigDecimal zSquared = z.multiply(z, wider);
        BigDecimal term = z;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(wider.getPrecision() + 2);
        for (int n = 1; term.abs().compareTo(epsilon) > 0; n += 2) {
            sum = sum.add(term.divide(BigDecimal.valueOf(n), wider), wider);
            term = term.multiply(zSquared, wider);
        }
        return sum.multiply(BigDecimal.valueOf(2L << halvings), wider);
    }

    /** e^value, correct to about {@code scale} decimals. */
    static BigDecimal exp(BigDecimal value, int scale) {
        double magnitude = Math.abs(value.doubleValue()) * 0.434294481903252;
        int precision = scale + 20 + (int) magnitude;
        MathContext context = new MathContext(precision, RoundingMode.HALF_EVEN);
        // e^x = (e^(x / 2^k))^(2^k) with |x / 2^k| < 0.01
        int squarings = 0;
        BigDecimal reduced = value;
        BigDecimal limit = new BigDecimal("0.01");
        while (reduced.abs().compareTo(limit) > 0) {
            reduced = reduced.divide(BigDecimal.valueOf(2), context);
            squarings++;
        }
        MathContext wider = new MathContext(precision + squarings / 3 + 5, RoundingMode.HALF_EVEN);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(wider.getPrecision() + 2);
        for (int n = 1; term.abs().compareTo(epsilon) > 0; n++) {
            term = term.multiply(reduced, wider).divide(BigDecimal.valueOf(n), wider);
            sum = sum.add(term, wider);
        }
        for (int i = 0; i < squarings; i++) {
            sum = sum.multiply(sum, wider);
        }
        return sum.setScale(scale, RoundingMode.HALF_EVEN);
    }
}
