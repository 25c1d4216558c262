package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import java.util.Map;

/**
 * An arrangement: for each key, a multiset of rows with non-zero weights. A row whose
 * weight reaches zero disappears; a key with no rows disappears.
 */
public interface Arrangement {
    /** Adds {@code weight} to {@code row} under {@code key}. */
    void add(Row key, Row row, long weight);

    /** The rows of {@code key} with their weights; an empty map when none. Read-only. */
    Map<Row, Long> get(Row key);

    /** The sum of weights under {@code key}. */
    long totalWeight(Row key);

    long keyCount();
}
