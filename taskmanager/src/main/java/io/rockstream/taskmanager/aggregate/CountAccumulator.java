package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;

/** count(*) (column -1) or count(x): the sum of weights of rows (with x not NULL). Abelian. */
final class CountAccumulator implements Accumulator {
    private final int column;
    private long count;

    CountAccumulator(int column) {
        this.column = column;
    }

    @Override
    public void add(Row row, long weight) {
        if (column < 0 || row.get(column) != null) {
            count += weight;
        }
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        writer.signed(count);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        count = reader.signed();
    }

    @Override
    public Object result() {
        return count;
    }
}
