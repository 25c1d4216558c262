package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import java.util.function.BiConsumer;

/**
 * A keyed value state: at most one value per key row. Keys compare as SQL values
 * ({@link Row#equals}): {@code 1.0} and {@code 1.00} are one key, NULL equals NULL.
 *
 * <p>A value returned by {@link #get} or given to {@link #put} may be mutated in place
 * until the end of the epoch; the backend writes it back then (see {@link StateBackend}).
 */
public interface KeyedValueState<V> {
    /** The value for {@code key}, or null. */
    V get(Row key);

    void put(Row key, V value);

    void remove(Row key);

    /** The number of keys with a value. */
    long size();

    /**
     * Every key and value, in no particular order, for inspection: values passed to
     * {@code consumer} must not be mutated.
     */
    void forEach(BiConsumer<Row, V> consumer);
}
