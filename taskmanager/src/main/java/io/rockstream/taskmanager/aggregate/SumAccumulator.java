package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.type.TypeKind;

/**
 * sum(x): NULL over no non-NULL values; bigint for smallint/integer input, numeric for
 * bigint/numeric, real/double for floats, as PostgreSQL. Abelian: deletes subtract.
 */
final class SumAccumulator implements Accumulator {
    private final int column;
    private final TypeKind resultKind;
    private final ExactSum sum = new ExactSum();

    SumAccumulator(int column, TypeKind resultKind) {
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
        if (sum.count() <= 0) {
            return null;
        }
        return switch (resultKind) {
            case BIGINT -> {
                Long value = sum.longValue();
                if (value == null) {
                    throw RockStreamException.of(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range");
                }
                yield value;
            }
            case NUMERIC -> sum.decimal();
            case REAL -> (float) sum.doubleValue();
            case DOUBLE -> sum.doubleValue();
            case UNKNOWN, BOOLEAN, SMALLINT, INTEGER, TEXT, VARCHAR, CHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ,
                    INTERVAL, BYTEA -> throw new IllegalStateException("sum cannot return " + resultKind);
        };
    }
}
