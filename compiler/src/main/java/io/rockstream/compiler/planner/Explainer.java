package io.rockstream.compiler.planner;

import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.graph.Partitioning;
import io.rockstream.jobgraph.row.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders EXPLAIN (the logical plan) and EXPLAIN INCREMENTAL (the job graph: for every
 * vertex its delta rule, key, state, merge law or why it has none, and parallelism).
 */
public final class Explainer {
    private Explainer() {
    }

    public static List<String> explainLogical(LogicalPlan plan) {
        List<String> lines = new ArrayList<>();
        logical(PushFiltersIntoJoins.apply(plan), 0, lines);
        return lines;
    }

    private static void logical(LogicalPlan plan, int depth, List<String> lines) {
        String indent = "  ".repeat(depth);
        String line;
        if (plan instanceof LogicalPlan.Scan scan) {
            line = "Scan " + scan.relation();
        } else if (plan instanceof LogicalPlan.Values values) {
            line = "Values (" + values.rows().size() + " rows)";
        } else if (plan instanceof LogicalPlan.Filter filter) {
            line = "Filter " + ExprFormatter.format(filter.condition());
        } else if (plan instanceof LogicalPlan.Project project) {
            line = "Project " + names(project.columns());
        } else if (plan instanceof LogicalPlan.Join join) {
            line = "Join " + join.type() + (join.condition() == null ? "" : " on " + ExprFormatter.format(join.condition()));
        } else if (plan instanceof LogicalPlan.Aggregate aggregate) {
            line = "Aggregate keys=" + aggregate.groupKeys() + " " + aggregates(aggregate.aggregates());
        } else if (plan instanceof LogicalPlan.Distinct) {
            line = "Distinct";
        } else if (plan instanceof LogicalPlan.UnionAll) {
            line = "UnionAll";
        } else if (plan instanceof LogicalPlan.SetOp setOp) {
            line = setOp.kind() + (setOp.all() ? " ALL" : "");
        } else if (plan instanceof LogicalPlan.Window window) {
            line = "Window partition=" + window.partitionKeys() + " order=" + order(window.order()) + " "
                    + String.join(", ", window.calls().stream().map(c -> c.kind().sqlName() + c.args()).toList());
        } else {
            LogicalPlan.TopK topK = (LogicalPlan.TopK) plan;
            line = "TopK order=" + order(topK.order()) + " limit=" + topK.limit() + " offset=" + topK.offset();
        }
        lines.add(indent + line);
        for (LogicalPlan input : plan.inputs()) {
            logical(input, depth + 1, lines);
        }
    }

    public static List<String> explainIncremental(JobGraph graph) {
        List<String> lines = new ArrayList<>();
        JobVertex root = graph.vertices().get(graph.vertices().size() - 1);
        incremental(graph, root, null, 0, lines);
        return lines;
    }

    private static void incremental(JobGraph graph, JobVertex vertex, JobEdge via, int depth, List<String> lines) {
        String indent = "  ".repeat(depth);
        String inputs = via == null ? "" : ", sends to its consumer by " + partitioning(via.partitioning(), graph.vertex(via.source()));
        lines.add(indent + vertex.name() + " [" + vertex.id() + ", parallelism " + vertex.parallelism() + inputs + "]");
        String detail = indent + "    ";
        for (String line : describe(vertex)) {
            lines.add(detail + line);
        }
        for (JobEdge edge : graph.inputsOf(vertex.id())) {
            incremental(graph, graph.vertex(edge.source()), edge, depth + 1, lines);
        }
    }

    /** The lines EXPLAIN INCREMENTAL shows under a vertex: its delta rule, key, state and merge law. */
    public static List<String> describeVertex(JobVertex vertex) {
        return describe(vertex);
    }

    /** How an edge from {@code source} partitions rows: forward, hash(columns), broadcast or single. */
    public static String describePartitioning(Partitioning partitioning, JobVertex source) {
        return partitioning(partitioning, source);
    }

    private static List<String> describe(JobVertex vertex) {
        OperatorSpec spec = vertex.operator();
        List<Column> output = vertex.output();
        if (spec instanceof OperatorSpec.Source source) {
            return List.of("delta rule: Δout = Δ" + source.relation() + " (the relation's change stream)",
                    "state: none", "merge law: none needed (linear)");
        }
        if (spec instanceof OperatorSpec.Values) {
            return List.of("delta rule: the constant rows in the first epoch, nothing after", "state: none",
                    "merge law: none needed (constant)");
        }
        if (spec instanceof OperatorSpec.Calc calc) {
            return List.of("delta rule: Δout = project(filter(Δin))" + (calc.filter() == null ? "" : ", filter "
                    + ExprFormatter.format(calc.filter())), "state: none", "merge law: none needed (linear)");
        }
        if (spec instanceof OperatorSpec.UnionAll) {
            return List.of("delta rule: Δout = ΔA + ΔB (linear)", "state: none", "merge law: none needed (linear)");
        }
        if (spec instanceof OperatorSpec.Aggregate aggregate) {
            List<String> lines = new ArrayList<>();
            lines.add("delta rule: per touched group, -old row +new row"
                    + (aggregate.scalar() ? " (one row always, even for no input)" : ""));
            lines.add("key: " + (aggregate.groupKeys().isEmpty() ? "none (one group)" : names(output, aggregate.groupKeys())));
            lines.add("state: one record per group (row count and accumulators)");
            for (int i = 0; i < aggregate.aggregates().size(); i++) {
                AggregateCall call = aggregate.aggregates().get(i);
                lines.add("merge law of " + output.get(aggregate.groupKeys().size() + i).name() + " = "
                        + call.kind().sqlName() + (call.distinct() ? "(DISTINCT)" : "") + ": " + call.law().title()
                        + "; state " + call.law().state());
            }
            return lines;
        }
        if (spec instanceof OperatorSpec.Join join) {
            String keys = join.leftKeys().isEmpty() ? "none (every left row meets every right row)"
                    : "left " + join.leftKeys() + " = right " + join.rightKeys();
            return List.of("delta rule: ΔL⋈R + (L+ΔL)⋈ΔR" + (join.type() == io.rockstream.jobgraph.graph.JoinType.INNER
                    ? "" : "; NULL-padded rows recomputed for touched keys"),
                    "key: " + keys + (join.residual() == null ? "" : ", residual " + ExprFormatter.format(join.residual())),
                    "state: both inputs arranged by key (key → rows with weights)",
                    "merge law: none (a join is bilinear, not an aggregate)");
        }
        if (spec instanceof OperatorSpec.Distinct) {
            return List.of("delta rule: emit ±1 when a row's weight crosses zero", "key: the whole row",
                    "state: row → weight", "merge law: none (presence is not invertible)");
        }
        if (spec instanceof OperatorSpec.SetOp setOp) {
            return List.of("delta rule: per touched row, f(a+Δa, b+Δb) − f(a, b) for " + setOp.kind()
                    + (setOp.all() ? " ALL" : ""), "key: the whole row", "state: row → (weight in A, weight in B)",
                    "merge law: none (min/max of weights is not invertible)");
        }
        if (spec instanceof OperatorSpec.TopK topK) {
            return List.of("delta rule: recompute ranks [" + topK.offset() + ", "
                    + (topK.limit() < 0 ? "∞" : String.valueOf(topK.offset() + topK.limit()))
                    + ") of each touched partition, emit the difference; order " + order(topK.order()),
                    "key: " + (topK.partitionKeys().isEmpty() ? "none (one partition)" : names(output, topK.partitionKeys())),
                    "state: the partition's rows, sorted, with weights", "merge law: none (holistic)");
        }
        if (spec instanceof OperatorSpec.Window window) {
            return List.of("delta rule: recompute the window functions of each touched partition, emit the difference;"
                    + " order " + order(window.order()),
                    "key: " + (window.partitionKeys().isEmpty() ? "none (one partition)"
                            : names(output, window.partitionKeys())),
                    "state: the partition's rows, sorted, with weights",
                    "merge law: none (window functions depend on their neighbours)");
        }
        OperatorSpec.Sink sink = (OperatorSpec.Sink) spec;
        return List.of("delta rule: applies each complete epoch's delta to view " + sink.view(),
                "state: the view's rows", "merge law: none needed");
    }

    private static String partitioning(Partitioning partitioning, JobVertex source) {
        if (partitioning instanceof Partitioning.Hash hash) {
            return "hash(" + names(source.output(), hash.keys()) + ")";
        }
        if (partitioning instanceof Partitioning.Broadcast) {
            return "broadcast";
        }
        return partitioning instanceof Partitioning.Forward ? "forward" : "single";
    }

    private static String names(List<Column> columns) {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    private static String names(List<Column> columns, List<Integer> indexes) {
        return String.join(", ", indexes.stream().map(i -> columns.get(i).name()).toList());
    }

    private static String order(List<SortKey> keys) {
        return String.join(", ", keys.stream().map(k -> "#" + k.column() + (k.descending() ? " desc" : "")
                + (k.nullsFirst() ? " nulls first" : "")).toList());
    }

    private static String aggregates(List<AggregateCall> calls) {
        return String.join(", ", calls.stream().map(c -> c.kind().sqlName() + (c.distinct() ? "(distinct " : "(")
                + c.args() + ")").toList());
    }
}
