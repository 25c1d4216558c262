package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.statebackend.StateBackend;
import java.util.HashMap;
import java.util.Map;

/**
 * An operator's context for unit tests: heap state unless given another backend, subtask 0,
 * and the error collection kept as (sqlstate, message) → weight like the view's.
 */
final class FakeOperatorContext implements OperatorContext {
    private final StateBackend state;
    private final Map<Row, Long> errors = new HashMap<>();

    FakeOperatorContext() {
        this(new HeapStateBackend());
    }

    FakeOperatorContext(StateBackend state) {
        this.state = state;
    }

    @Override
    public SubtaskId subtask() {
        return new SubtaskId(JobId.of("test"), VertexId.of(1), 0);
    }

    @Override
    public StateBackend state() {
        return state;
    }

    @Override
    public void reportError(RockStreamException error, long weight) {
        errors.merge(ErrorRows.of(error), weight, Long::sum);
        errors.values().removeIf(count -> count == 0);
    }

    @Override
    public void completeSinkEpoch(long epoch, ZSet delta) {
    }

    /** The error collection: (sqlstate, message) → weight, zero weights removed. */
    Map<Row, Long> errors() {
        return errors;
    }
}
