package io.rockstream.compiler.plan;

import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.expr.Literal;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.graph.OperatorSpec.SetOpKind;
import io.rockstream.jobgraph.row.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * The bound, relational form of a query, before incrementalization: each node states
 * what it computes over whole relations; the planner then chooses each node's delta
 * rule, partitioning and state. Expressions refer to input columns by position.
 */
public sealed interface LogicalPlan {
    List<Column> columns();

    List<LogicalPlan> inputs();

    default int width() {
        return columns().size();
    }

    /** A table or (materialized) view, by name. */
    record Scan(String relation, List<Column> columns) implements LogicalPlan {
        public Scan {
            columns = List.copyOf(columns);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of();
        }
    }

    /** Constant rows. */
    record Values(List<List<Literal>> rows, List<Column> columns) implements LogicalPlan {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
            columns = List.copyOf(columns);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of();
        }
    }

    /** Rows of the input for which the condition is true. */
    record Filter(LogicalPlan input, Expr condition) implements LogicalPlan {
        @Override
        public List<Column> columns() {
            return input.columns();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** One output column per expression. */
    record Project(LogicalPlan input, List<Expr> expressions, List<Column> columns) implements LogicalPlan {
        public Project {
            expressions = List.copyOf(expressions);
            columns = List.copyOf(columns);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** A join; the condition (null = true) is over left columns then right columns. */
    record Join(JoinType type, LogicalPlan left, LogicalPlan right, Expr condition) implements LogicalPlan {
        @Override
        public List<Column> columns() {
            List<Column> columns = new ArrayList<>();
            for (Column column : left.columns()) {
                columns.add(type.preservesRight() ? new Column(column.name(), column.type(), true) : column);
            }
            for (Column column : right.columns()) {
                columns.add(type.preservesLeft() ? new Column(column.name(), column.type(), true) : column);
            }
            return columns;
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(left, right);
        }
    }

    /** GROUP BY: the group key columns, then one column per aggregate. */
    record Aggregate(LogicalPlan input, List<Integer> groupKeys, List<AggregateCall> aggregates, boolean scalar,
            List<Column> columns) implements LogicalPlan {
        public Aggregate {
            groupKeys = List.copyOf(groupKeys);
            aggregates = List.copyOf(aggregates);
            columns = List.copyOf(columns);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** Duplicate elimination. */
    record Distinct(LogicalPlan input) implements LogicalPlan {
        @Override
        public List<Column> columns() {
            return input.columns();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** UNION ALL of inputs with the same column types. */
    record UnionAll(List<LogicalPlan> inputs, List<Column> columns) implements LogicalPlan {
        public UnionAll {
            inputs = List.copyOf(inputs);
            columns = List.copyOf(columns);
        }
    }

    /** INTERSECT / EXCEPT [ALL]. */
    record SetOp(SetOpKind kind, boolean all, LogicalPlan left, LogicalPlan right) implements LogicalPlan {
        @Override
        public List<Column> columns() {
            return left.columns();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(left, right);
        }
    }

    /** Window functions: the input columns followed by one column per call. */
    record Window(LogicalPlan input, List<Integer> partitionKeys, List<SortKey> order, List<WindowCall> calls,
            List<Column> columns) implements LogicalPlan {
        public Window {
            partitionKeys = List.copyOf(partitionKeys);
            order = List.copyOf(order);
            calls = List.copyOf(calls);
            columns = List.copyOf(columns);
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }

    /** The rows ranked [offset, offset + limit) by {@code order} (limit -1 = all), per partition. */
    record TopK(LogicalPlan input, List<Integer> partitionKeys, List<SortKey> order, long limit, long offset)
            implements LogicalPlan {
        public TopK {
            partitionKeys = List.copyOf(partitionKeys);
            order = List.copyOf(order);
        }

        @Override
        public List<Column> columns() {
            return input.columns();
        }

        @Override
        public List<LogicalPlan> inputs() {
            return List.of(input);
        }
    }
}
