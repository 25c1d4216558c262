package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;

/** agg(...) FILTER (WHERE c): only rows whose filter column is true reach the inner accumulator. */
final class FilteredAccumulator implements Accumulator {
    private final Accumulator inner;
    private final int filterColumn;

    FilteredAccumulator(Accumulator inner, int filterColumn) {
        this.inner = inner;
        this.filterColumn = filterColumn;
    }

    @Override
    public void add(Row row, long weight) {
        if (Boolean.TRUE.equals(row.get(filterColumn))) {
            inner.add(row, weight);
        }
    }

    @Override
    public void writeState(RowCodec.Writer writer) {
        inner.writeState(writer);
    }

    @Override
    public void readState(RowCodec.Reader reader) {
        inner.readState(reader);
    }

    @Override
    public Object result() {
        return inner.result();
    }
}
