package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.List;

/**
 * A constant relation. Delta rule: the rows in the first epoch, nothing afterwards.
 * State: whether the first epoch has passed. Only subtask 0 emits.
 */
final class ValuesOperator implements Operator {
    private final List<List<Literal>> rows;
    private boolean emitted;

    ValuesOperator(List<List<Literal>> rows) {
        this.rows = rows;
    }

    @Override
    public void open(OperatorContext context) {
        emitted = context.subtask().index() != 0;
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        if (emitted) {
            return;
        }
        emitted = true;
        for (List<Literal> literals : rows) {
            Object[] values = new Object[literals.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = literals.get(i).value();
            }
            output.add(Row.wrap(values), 1);
        }
    }
}
