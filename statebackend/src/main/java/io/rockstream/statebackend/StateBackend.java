package io.rockstream.statebackend;

/**
 * Creates the named states of one subtask. Every state is owned by that subtask's thread:
 * implementations need not be thread-safe.
 */
public interface StateBackend {
    /** A map from key row to a value, e.g. one aggregate accumulator per group. */
    <V> KeyedValueState<V> valueState(String name);

    /** key → rows with weights, e.g. one input of a join indexed by the join key. */
    Arrangement arrangement(String name);
}
