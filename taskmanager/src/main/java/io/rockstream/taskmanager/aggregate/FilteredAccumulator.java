package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.row.Row;

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
    public Object result() {
        return inner.result();
    }
}
