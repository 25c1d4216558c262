package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import java.util.function.BiConsumer;

/** A keyed value state: at most one value per key row. */
public interface KeyedValueState<V> {
    /** The value for {@code key}, or null. */
    V get(Row key);

    void put(Row key, V value);

    void remove(Row key);

    long size();

    void forEach(BiConsumer<Row, V> consumer);
}
