package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.RowCodec;

/**
 * The binary form of one kind of state value, for backends that keep state off the heap.
 *
 * <p>Contract: {@code read} consumes exactly the bytes {@code write} produced and returns a
 * value that behaves like the written one in every later operation (a restored operator
 * must produce the same output as the original). Configuration that the operator already
 * knows (aggregate calls, sort orders) is not written: the serializer is built from it.
 * The format is part of checkpoints: change it only compatibly.
 */
public interface StateSerializer<V> {
    void write(RowCodec.Writer writer, V value);

    V read(RowCodec.Reader reader);
}
