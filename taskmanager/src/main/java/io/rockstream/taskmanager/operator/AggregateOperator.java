package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateSerializer;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.taskmanager.aggregate.Accumulator;
import io.rockstream.taskmanager.aggregate.Accumulators;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY with aggregates. Delta rule: for each group touched in the epoch, emit
 * {@code -(old row)} and {@code +(new row)} when they differ; the group's row exists while
 * its count of input rows is positive. A scalar aggregate (no GROUP BY) always has exactly
 * one row, emitted in the first epoch even when there is no input.
 *
 * <pre>
 * epoch | input (k, v)      | output
 *   1   | (a,1,+1),(a,2,+1)  | (a, sum=3, +1)
 *   2   | (a,1,-1)           | (a, 3, -1), (a, 2, +1)
 *   3   | (a,2,-1)           | (a, 2, -1)
 * </pre>
 *
 * State: one group record per key (row count and one accumulator per aggregate); for a
 * scalar aggregate also whether its first epoch has passed, so that an operator opened over
 * restored state does not emit the empty row again. Input is hash partitioned by the group
 * key (a scalar aggregate runs as one subtask).
 */
final class AggregateOperator implements Operator {
    private final int[] groupKeys;
    private final List<AggregateCall> aggregates;
    private final boolean scalar;
    private KeyedValueState<Group> groups;
    /** Scalar aggregates only: holds TRUE under the empty key once the first epoch passed. */
    private KeyedValueState<Boolean> startedState;
    private OperatorContext context;
    private ZSet pending = new ZSet();
    private boolean started;

    /** One group's state. */
    private static final class Group {
        long rows;
        final Accumulator[] accumulators;

        Group(List<AggregateCall> aggregates) {
            accumulators = new Accumulator[aggregates.size()];
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i] = Accumulators.create(aggregates.get(i));
            }
        }
    }

    /** {@code zigzag(rows)} then each accumulator's state, in call order. */
    private static final class GroupSerializer implements StateSerializer<Group> {
        private final List<AggregateCall> aggregates;

        GroupSerializer(List<AggregateCall> aggregates) {
            this.aggregates = aggregates;
        }

        @Override
        public void write(RowCodec.Writer writer, Group group) {
            writer.signed(group.rows);
            for (Accumulator accumulator : group.accumulators) {
                accumulator.writeState(writer);
            }
        }

        @Override
        public Group read(RowCodec.Reader reader) {
            Group group = new Group(aggregates);
            group.rows = reader.signed();
            for (Accumulator accumulator : group.accumulators) {
                accumulator.readState(reader);
            }
            return group;
        }
    }

    AggregateOperator(List<Integer> groupKeys, List<AggregateCall> aggregates, boolean scalar) {
        this.groupKeys = groupKeys.stream().mapToInt(Integer::intValue).toArray();
        this.aggregates = aggregates;
        this.scalar = scalar;
    }

    @Override
    public void open(OperatorContext operatorContext) {
        this.context = operatorContext;
        this.groups = operatorContext.state().valueState("aggregate", new GroupSerializer(aggregates));
        if (scalar) {
            this.startedState = operatorContext.state().valueState("aggregate-started", StateSerializers.BOOLEAN);
            this.started = startedState.get(Row.EMPTY) != null;
        }
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        pending.addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        Map<Row, ZSet> byGroup = pending.consolidate().groupBy(groupKeys);
        pending = new ZSet();
        if (scalar && !started && context.subtask().index() == 0) {
            byGroup.computeIfAbsent(Row.EMPTY, k -> new ZSet());
        }
        if (scalar && !started) {
            startedState.put(Row.EMPTY, Boolean.TRUE);
        }
        started = true;
        for (Map.Entry<Row, ZSet> entry : byGroup.entrySet()) {
            Row key = entry.getKey();
            Group group = groups.get(key);
            boolean isNew = group == null;
            if (isNew) {
                group = new Group(aggregates);
            }
            Row before = isNew || !(scalar || group.rows > 0) ? null : output(key, group, -1);
            ZSet rows = entry.getValue();
            for (int i = 0; i < rows.size(); i++) {
                long weight = rows.weight(i);
                group.rows += weight;
                for (Accumulator accumulator : group.accumulators) {
                    accumulator.add(rows.row(i), weight);
                }
            }
            Row after = scalar || group.rows > 0 ? output(key, group, 1) : null;
            if (!scalar && group.rows == 0) {
                groups.remove(key);
            } else if (isNew) {
                groups.put(key, group);
            }
            if (before != null && after != null && before.equals(after)) {
                continue;
            }
            if (before != null) {
                output.add(before, -1);
            }
            if (after != null) {
                output.add(after, 1);
            }
        }
    }

    /**
     * The group's output row. A data error (bigint overflow, a scalar subquery's second row)
     * goes to the error collection instead, with {@code sign} -1 for the row being replaced
     * and +1 for the new one, so an error disappears once its group is valid again.
     */
    private Row output(Row key, Group group, long sign) {
        Object[] values = new Object[key.size() + group.accumulators.length];
        for (int i = 0; i < key.size(); i++) {
            values[i] = key.get(i);
        }
        try {
            for (int i = 0; i < group.accumulators.length; i++) {
                values[key.size() + i] = group.accumulators[i].result();
            }
        } catch (RockStreamException error) {
            context.reportError(error, sign);
            return null;
        }
        return Row.wrap(values);
    }
}
