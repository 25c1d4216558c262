package io.rockstream.jobgraph.graph;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import java.util.List;

/**
 * What one vertex of a job graph computes, stated as the incremental operator that runs
 * it: every spec consumes deltas on its inputs and produces the delta of its output.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "operator")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OperatorSpec.Source.class, name = "source"),
    @JsonSubTypes.Type(value = OperatorSpec.Values.class, name = "values"),
    @JsonSubTypes.Type(value = OperatorSpec.Calc.class, name = "calc"),
    @JsonSubTypes.Type(value = OperatorSpec.UnionAll.class, name = "union_all"),
    @JsonSubTypes.Type(value = OperatorSpec.Aggregate.class, name = "aggregate"),
    @JsonSubTypes.Type(value = OperatorSpec.Join.class, name = "join"),
    @JsonSubTypes.Type(value = OperatorSpec.Distinct.class, name = "distinct"),
    @JsonSubTypes.Type(value = OperatorSpec.SetOp.class, name = "set_op"),
    @JsonSubTypes.Type(value = OperatorSpec.TopK.class, name = "top_k"),
    @JsonSubTypes.Type(value = OperatorSpec.Window.class, name = "window"),
    @JsonSubTypes.Type(value = OperatorSpec.Sink.class, name = "sink"),
})
public sealed interface OperatorSpec {
    /** How many inputs the operator reads. */
    int inputs();

    /** The change stream of a table or of another materialized view. */
    record Source(String relation) implements OperatorSpec {
        public Source {
            requireNonNull(relation, "relation is null");
        }

        @Override
        public int inputs() {
            return 0;
        }
    }

    /** A constant relation ({@code VALUES}), emitted once in the job's first epoch. */
    record Values(List<List<Literal>> rows) implements OperatorSpec {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
        }

        @Override
        public int inputs() {
            return 0;
        }
    }

    /** Filter then project: linear, stateless. {@code filter} is null when absent. */
    record Calc(Expr filter, List<Expr> projections) implements OperatorSpec {
        public Calc {
            projections = List.copyOf(projections);
        }

        @Override
        public int inputs() {
            return 1;
        }
    }

    /** UNION ALL of {@code count} inputs of one schema: linear, stateless. */
    record UnionAll(int count) implements OperatorSpec {
        @Override
        public int inputs() {
            return count;
        }
    }

    /**
     * GROUP BY: output is the group key columns followed by one column per aggregate.
     * {@code scalar} means no GROUP BY clause: exactly one output row, even for no input.
     */
    record Aggregate(List<Integer> groupKeys, List<AggregateCall> aggregates, boolean scalar) implements OperatorSpec {
        public Aggregate {
            groupKeys = List.copyOf(groupKeys);
            aggregates = List.copyOf(aggregates);
        }

        @Override
        public int inputs() {
            return 1;
        }
    }

    /**
     * A join of input 0 (left) and input 1 (right): rows match when the key columns are
     * equal (NULL never equals, except for keys marked null-safe, from IS NOT DISTINCT FROM)
     * and {@code residual} (over left columns then right columns; null when absent) is true.
     * Output is the left columns followed by the right columns.
     */
    record Join(JoinType type, List<Integer> leftKeys, List<Integer> rightKeys, List<Boolean> nullSafe,
            Expr residual, int leftWidth, int rightWidth) implements OperatorSpec {
        public Join {
            requireNonNull(type, "type is null");
            leftKeys = List.copyOf(leftKeys);
            rightKeys = List.copyOf(rightKeys);
            nullSafe = List.copyOf(nullSafe);
            if (leftKeys.size() != rightKeys.size() || leftKeys.size() != nullSafe.size()) {
                throw new IllegalArgumentException("join key lists differ in length");
            }
        }

        @Override
        public int inputs() {
            return 2;
        }
    }

    /** DISTINCT: weight → presence. */
    record Distinct() implements OperatorSpec {
        @Override
        public int inputs() {
            return 1;
        }
    }

    /** INTERSECT [ALL] or EXCEPT [ALL] of input 0 and input 1. */
    record SetOp(SetOpKind kind, boolean all) implements OperatorSpec {
        public SetOp {
            requireNonNull(kind, "kind is null");
        }

        @Override
        public int inputs() {
            return 2;
        }
    }

    /** The set operations that need state of both inputs. */
    enum SetOpKind { INTERSECT, EXCEPT }

    /**
     * ORDER BY ... LIMIT/OFFSET per partition: keeps the rows ranked {@code [offset,
     * offset + limit)} (limit -1 = all). Ties are broken by the whole row, ascending, so the
     * result is deterministic.
     */
    record TopK(List<Integer> partitionKeys, List<SortKey> order, long limit, long offset) implements OperatorSpec {
        public TopK {
            partitionKeys = List.copyOf(partitionKeys);
            order = List.copyOf(order);
        }

        @Override
        public int inputs() {
            return 1;
        }
    }

    /**
     * Window functions: every input row, followed by one column per call, computed over the
     * row's partition ({@code partitionKeys}) in {@code order} (ties broken by the whole row).
     */
    record Window(List<Integer> partitionKeys, List<SortKey> order, List<WindowCall> calls) implements OperatorSpec {
        public Window {
            partitionKeys = List.copyOf(partitionKeys);
            order = List.copyOf(order);
            calls = List.copyOf(calls);
        }

        @Override
        public int inputs() {
            return 1;
        }
    }

    /** Materializes the view: applies each complete epoch's delta to the view's contents. */
    record Sink(String view) implements OperatorSpec {
        public Sink {
            requireNonNull(view, "view is null");
        }

        @Override
        public int inputs() {
            return 1;
        }
    }
}
