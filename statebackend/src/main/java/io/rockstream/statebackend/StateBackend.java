package io.rockstream.statebackend;

/**
 * Creates the named states of one subtask and makes their changes durable once per epoch.
 * Every state is owned by that subtask's thread: implementations need not be thread-safe.
 *
 * <p><b>Epoch contract.</b> An object obtained from a state by {@code get} (or handed to it
 * by {@code put}) may be mutated in place by the owner until the next {@link #endEpoch};
 * {@code endEpoch} writes back every entry touched since the previous one (a backend off the
 * heap writes them as one atomic batch) so that the stored state is always the state after
 * some complete epoch, never a part of one. Callers must not keep references to state
 * objects across epochs: after {@code endEpoch} the backend may evict and later decode a
 * fresh copy. Backends off the heap may write nothing between two {@code endEpoch} calls.
 *
 * <p>A state is identified by its name within the subtask: opening the same name over
 * restored durable state finds the values written before.
 */
public interface StateBackend {
    /**
     * A map from key row to a value, e.g. one aggregate group per key; {@code serializer}
     * is how the value leaves the heap (a heap backend may ignore it).
     */
    <V> KeyedValueState<V> valueState(String name, StateSerializer<V> serializer);

    /** key → rows with weights, e.g. one input of a join indexed by the join key. */
    Arrangement arrangement(String name);

    /**
     * Ends {@code epoch}: writes back every state entry touched since the previous call. The
     * subtask calls it after its operator finished the epoch and before forwarding the
     * barrier, so once a barrier has passed, the state of its epoch is stored.
     */
    void endEpoch(long epoch);

    /**
     * The approximate size in bytes of this subtask's stored state, for monitoring; -1 when
     * the backend cannot tell cheaply (the heap backend). Called from other threads than the
     * owner's: implementations must make it safe to call concurrently with the owner's work.
     */
    default long approximateBytes() {
        return -1;
    }
}
