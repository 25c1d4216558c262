package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import java.util.Map;

/**
 * An arrangement: for each key, a multiset of rows with non-zero weights. A row whose
 * weight reaches zero disappears; a key with no rows disappears. Keys and rows compare as
 * SQL values ({@link Row#equals}); a row keeps the form in which it was first added.
 */
public interface Arrangement {
    /** Adds {@code weight} to {@code row} under {@code key}. */
    void add(Row key, Row row, long weight);

    /**
     * The rows of {@code key} with their weights; an empty map when none. Read-only, and valid
     * only until the next {@link #add} or the end of the epoch.
     */
    Map<Row, Long> get(Row key);

    /** The sum of weights under {@code key}. */
    long totalWeight(Row key);

    /** The number of keys that have rows. */
    long keyCount();
}
