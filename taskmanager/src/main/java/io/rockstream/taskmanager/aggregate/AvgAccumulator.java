package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.type.TypeKind;
import java.math.BigDecimal;

/**
 * avg(x) = sum / count: numeric (with PostgreSQL's division scale) for exact input, double
 * for float input. Abelian: the sum and the count both subtract.
 */
final class AvgAccumulator implements Accumulator {
    private final int column;
    private final TypeKind resultKind;
    private final ExactSum sum = new ExactSum();

    AvgAccumulator(int column, TypeKind resultKind) {
        this.column = column;
        this.resultKind = resultKind;
    }

    @Override
    public void add(Row row, long weight) {
        sum.add(row.get(column), weight);
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        sum.writeState(writer);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        sum.readState(reader);
    }

    @Override
    public Object result() {
        long count = sum.count();
        if (count <= 0) {
            return null;
        }
        if (resultKind == TypeKind.DOUBLE) {
            if (sum.hasSpecial()) {
                return sum.doubleValue();
            }
            return sum.decimal().divide(BigDecimal.valueOf(count), java.math.MathContext.DECIMAL128).doubleValue();
        }
        return NumericDivision.divide(sum.decimal(), BigDecimal.valueOf(count));
    }
}
