package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.RowCodec;
import java.math.BigDecimal;

/**
 * An exact, retractable sum of numbers of any Java numeric class: integers in a long while
 * they fit, then a BigDecimal; floats summed exactly as BigDecimals (so inserting and then
 * deleting a value restores the sum bit for bit), with infinities and NaN counted apart.
 */
final class ExactSum {
    private long smallSum;
    private BigDecimal bigSum;
    private long nonNull;
    private long positiveInfinities;
    private long negativeInfinities;
    private long nans;

    void add(Object value, long weight) {
        if (value == null) {
            return;
        }
        nonNull += weight;
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            long v = ((Number) value).longValue();
            if (bigSum == null) {
                try {
                    smallSum = Math.addExact(smallSum, Math.multiplyExact(v, weight));
                    return;
                } catch (ArithmeticException overflow) {
                    bigSum = BigDecimal.valueOf(smallSum);
                }
            }
            bigSum = bigSum.add(BigDecimal.valueOf(v).multiply(BigDecimal.valueOf(weight)));
            return;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                nans += weight;
                return;
            }
            if (Double.isInfinite(d)) {
                if (d > 0) {
                    positiveInfinities += weight;
                } else {
                    negativeInfinities += weight;
                }
                return;
            }
            value = new BigDecimal(d);
        }
        BigDecimal decimal = (BigDecimal) value;
        if (bigSum == null) {
            bigSum = BigDecimal.valueOf(smallSum);
        }
        bigSum = bigSum.add(weight == 1 ? decimal : decimal.multiply(BigDecimal.valueOf(weight)));
    }

    /**
     * {@code zigzag(smallSum) value(bigSum or NULL) zigzag(nonNull) zigzag(+inf) zigzag(-inf)
     * zigzag(nan)}: the exact state, so that a restored sum continues bit for bit.
     */
    void writeState(RowCodec.Writer writer) {
        writer.signed(smallSum).value(bigSum).signed(nonNull).signed(positiveInfinities)
                .signed(negativeInfinities).signed(nans);
    }

    void readState(RowCodec.Reader reader) {
        smallSum = reader.signed();
        bigSum = (BigDecimal) reader.value();
        nonNull = reader.signed();
        positiveInfinities = reader.signed();
        negativeInfinities = reader.signed();
        nans = reader.signed();
    }

    long count() {
        return nonNull;
    }

    BigDecimal decimal() {
        return bigSum == null ? BigDecimal.valueOf(smallSum) : bigSum;
    }

    /** The long sum, or null if it left the long range. */
    Long longValue() {
        if (bigSum == null) {
            return smallSum;
        }
        try {
            return bigSum.longValueExact();
        } catch (ArithmeticException overflow) {
            return null;
        }
    }

    double doubleValue() {
        if (nans > 0 || (positiveInfinities > 0 && negativeInfinities > 0)) {
            return Double.NaN;
        }
        if (positiveInfinities > 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (negativeInfinities > 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return decimal().doubleValue();
    }

    boolean hasSpecial() {
        return nans != 0 || positiveInfinities != 0 || negativeInfinities != 0;
    }
}
