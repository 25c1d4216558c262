package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;

/** bool_and / bool_or from counts of true and false values: abelian. */
final class BoolAccumulator implements Accumulator {
    private final int column;
    private final boolean and;
    private long trues;
    private long falses;

    BoolAccumulator(int column, boolean and) {
        this.column = column;
        this.and = and;
    }

    @Override
    public void add(Row row, long weight) {
        Object value = row.get(column);
        if (Boolean.TRUE.equals(value)) {
            trues += weight;
        } else if (Boolean.FALSE.equals(value)) {
            falses += weight;
        }
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        writer.signed(trues).signed(falses);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        trues = reader.signed();
        falses = reader.signed();
    }

    @Override
    public Object result() {
        if (trues + falses <= 0) {
            return null;
        }
        return and ? falses <= 0 : trues > 0;
    }
}
