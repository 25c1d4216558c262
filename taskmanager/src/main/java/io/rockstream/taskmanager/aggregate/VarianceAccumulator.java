package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.type.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * var_samp, var_pop, stddev_samp, stddev_pop from n, Σx and Σx², all kept exactly, so the
 * accumulator is abelian: a delete subtracts. Numeric for exact input (PostgreSQL's scale:
 * that of the division (nΣx² − (Σx)²) / (n(n−1))), double for float input.
 */
final class VarianceAccumulator implements Accumulator {
    private final int column;
    private final AggregateKind kind;
    private final TypeKind resultKind;
    private final ExactSum sum = new ExactSum();
    private final ExactSum sumOfSquares = new ExactSum();

    VarianceAccumulator(int column, AggregateKind kind, TypeKind resultKind) {
        this.column = column;
        this.kind = kind;
        this.resultKind = resultKind;
    }

    @Override
    public void add(Row row, long weight) {
        Object value = row.get(column);
        if (value == null) {
            return;
        }
        sum.add(value, weight);
        BigDecimal decimal = value instanceof BigDecimal d ? d
                : (value instanceof Double || value instanceof Float)
                        ? (Double.isFinite(((Number) value).doubleValue()) ? new BigDecimal(((Number) value).doubleValue()) : null)
                        : BigDecimal.valueOf(((Number) value).longValue());
        sumOfSquares.add(decimal == null ? value : decimal.multiply(decimal), weight);
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        sum.writeState(writer);
        sumOfSquares.writeState(writer);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        sum.readState(reader);
        sumOfSquares.readState(reader);
    }

    @Override
    public Object result() {
        long n = sum.count();
        boolean sample = kind == AggregateKind.VAR_SAMP || kind == AggregateKind.STDDEV_SAMP;
        boolean root = kind == AggregateKind.STDDEV_SAMP || kind == AggregateKind.STDDEV_POP;
        if (n <= 0 || (sample && n == 1)) {
            return null;
        }
        if (resultKind == TypeKind.DOUBLE && sum.hasSpecial()) {
            return Double.NaN;
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal numerator = count.multiply(sumOfSquares.decimal()).subtract(sum.decimal().multiply(sum.decimal()));
        BigDecimal denominator = sample ? count.multiply(BigDecimal.valueOf(n - 1)) : count.multiply(count);
        if (resultKind == TypeKind.DOUBLE) {
            if (numerator.signum() <= 0) {
                return 0.0;
            }
            double variance = numerator.divide(denominator, MathContext.DECIMAL128).doubleValue();
            return root ? Math.sqrt(variance) : variance;
        }
        if (numerator.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal variance = NumericDivision.divide(numerator, denominator);
        if (!root) {
            return variance;
        }
        return variance.sqrt(new MathContext(variance.precision() + 20)).setScale(variance.scale(), RoundingMode.HALF_UP);
    }
}
