package io.rockstream.bench.flink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Applies a query's changelog to a multiset of rows and counts the rows it ends with: +I and +U
 * add one copy of a row (weight +1), -U and -D take one away (weight -1). Owned by the one thread
 * that reads the query's result.
 */
final class ChangelogCounter {

    private final Map<Row, Long> weights = new HashMap<>();
    private long rows;

    /** Applies one change; a retraction of a row that is not there is an error in the changelog. */
    void apply(Row change) {
        RowKind kind = change.getKind();
        Row row = Row.copy(change);
        row.setKind(RowKind.INSERT);
        switch (kind) {
            case INSERT, UPDATE_AFTER -> {
                weights.merge(row, 1L, Long::sum);
                rows++;
            }
            case UPDATE_BEFORE, DELETE -> {
                Long weight = weights.get(row);
                if (weight == null) {
                    throw new IllegalStateException("changelog retracts a row it never inserted: " + row);
                }
                if (weight == 1L) {
                    weights.remove(row);
                } else {
                    weights.put(row, weight - 1);
                }
                rows--;
            }
        }
    }

    /** The number of rows (with multiplicity) after every change applied so far. */
    long rows() {
        return rows;
    }
}
