package io.rockstream.compiler.planner;

import io.rockstream.compiler.binder.Exprs;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.graph.Partitioning;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Incrementalization: turns a logical plan into a job graph of incremental operators.
 * Each node becomes the operator that maintains it under change (its delta rule), with
 * the partitioning its state needs: stateful operators are hash partitioned by their key
 * over {@code parallelism} subtasks; operators with no key (a scalar aggregate, a global
 * top-k, a join without equality) run as one subtask; chains of filters and projections
 * are fused into one Calc that runs where its input runs.
 */
public final class JobGraphBuilder {
    private final int parallelism;
    private final List<JobVertex> vertices = new ArrayList<>();
    private final List<JobEdge> edges = new ArrayList<>();

    private JobGraphBuilder(int parallelism) {
        this.parallelism = parallelism;
    }

    /** The job graph that maintains {@code plan} into the sink {@code sinkName}. */
    public static JobGraph build(JobId id, LogicalPlan plan, String sinkName, int parallelism) {
        if (!sinkName.startsWith("?")) {
            requireNoSystemRelation(plan);
        }
        JobGraphBuilder builder = new JobGraphBuilder(parallelism);
        LogicalPlan optimized = PushFiltersIntoJoins.apply(plan);
        JobVertex root = builder.emit(optimized);
        JobVertex sink = builder.vertex("Sink", new OperatorSpec.Sink(sinkName), root.parallelism(), root.output());
        builder.edge(root, sink, 0, new Partitioning.Forward());
        return new JobGraph(JobGraph.FORMAT_VERSION, id, JobGraph.DEFAULT_KEY_GROUPS, builder.vertices, builder.edges);
    }

    /**
     * System relations (pg_catalog, information_schema) are computed from the catalog when a
     * query reads them; no change stream feeds them, so a maintained view cannot read one.
     */
    private static void requireNoSystemRelation(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Scan scan
                && io.rockstream.compiler.catalog.CatalogLookups.isSystemRelation(scan.relation())) {
            throw io.rockstream.jobgraph.error.RockStreamException.of(
                    io.rockstream.jobgraph.error.ErrorCode.FEATURE_NOT_SUPPORTED,
                    "materialized views over system catalog relations are not supported: %s is computed at query "
                            + "time", scan.relation())
                    .withHint("Query the system relation directly, or define a plain view over it.");
        }
        for (LogicalPlan input : plan.inputs()) {
            requireNoSystemRelation(input);
        }
    }

    private JobVertex vertex(String name, OperatorSpec spec, int vertexParallelism, List<Column> output) {
        JobVertex vertex = new JobVertex(new VertexId(vertices.size() + 1), name, spec, vertexParallelism, output);
        vertices.add(vertex);
        return vertex;
    }

    private void edge(JobVertex source, JobVertex target, int input, Partitioning partitioning) {
        if (partitioning instanceof Partitioning.Forward && source.parallelism() != target.parallelism()) {
            partitioning = target.parallelism() == 1 ? new Partitioning.Single() : new Partitioning.Hash(allColumns(source.output().size()));
        }
        edges.add(new JobEdge(source.id(), target.id(), input, partitioning));
    }

    private static List<Integer> allColumns(int width) {
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            columns.add(i);
        }
        return columns;
    }

    private Partitioning keyed(List<Integer> keys) {
        return keys.isEmpty() ? new Partitioning.Single() : new Partitioning.Hash(keys);
    }

    private int parallelismFor(List<Integer> keys) {
        return keys.isEmpty() ? 1 : parallelism;
    }

    private JobVertex emit(LogicalPlan plan) {
        if (plan instanceof LogicalPlan.Scan scan) {
            return vertex("Source " + scan.relation(), new OperatorSpec.Source(scan.relation()), parallelism,
                    scan.columns());
        }
        if (plan instanceof LogicalPlan.Values values) {
            return vertex("Values", new OperatorSpec.Values(values.rows()), 1, values.columns());
        }
        if (plan instanceof LogicalPlan.Filter || plan instanceof LogicalPlan.Project) {
            return emitCalc(plan);
        }
        if (plan instanceof LogicalPlan.Join join) {
            return emitJoin(join);
        }
        if (plan instanceof LogicalPlan.Aggregate aggregate) {
            JobVertex input = emit(aggregate.input());
            JobVertex vertex = vertex(aggregate.scalar() ? "Aggregate (scalar)" : "Aggregate",
                    new OperatorSpec.Aggregate(aggregate.groupKeys(), aggregate.aggregates(), aggregate.scalar()),
                    parallelismFor(aggregate.groupKeys()), aggregate.columns());
            edge(input, vertex, 0, keyed(aggregate.groupKeys()));
            return vertex;
        }
        if (plan instanceof LogicalPlan.Distinct distinct) {
            JobVertex input = emit(distinct.input());
            List<Integer> keys = allColumns(distinct.width());
            JobVertex vertex = vertex("Distinct", new OperatorSpec.Distinct(), parallelismFor(keys), distinct.columns());
            edge(input, vertex, 0, keyed(keys));
            return vertex;
        }
        if (plan instanceof LogicalPlan.UnionAll union) {
            List<JobVertex> inputs = union.inputs().stream().map(this::emit).toList();
            JobVertex vertex = vertex("UnionAll", new OperatorSpec.UnionAll(inputs.size()), parallelism, union.columns());
            for (int i = 0; i < inputs.size(); i++) {
                edge(inputs.get(i), vertex, i, new Partitioning.Forward());
            }
            return vertex;
        }
        if (plan instanceof LogicalPlan.SetOp setOp) {
            JobVertex left = emit(setOp.left());
            JobVertex right = emit(setOp.right());
            List<Integer> keys = allColumns(setOp.width());
            String name = (setOp.kind() == OperatorSpec.SetOpKind.INTERSECT ? "Intersect" : "Except")
                    + (setOp.all() ? " All" : "");
            JobVertex vertex = vertex(name, new OperatorSpec.SetOp(setOp.kind(), setOp.all()), parallelismFor(keys),
                    setOp.columns());
            edge(left, vertex, 0, keyed(keys));
            edge(right, vertex, 1, keyed(keys));
            return vertex;
        }
        if (plan instanceof LogicalPlan.Window window) {
            JobVertex input = emit(window.input());
            JobVertex vertex = vertex("Window", new OperatorSpec.Window(window.partitionKeys(), window.order(),
                    window.calls()), parallelismFor(window.partitionKeys()), window.columns());
            edge(input, vertex, 0, keyed(window.partitionKeys()));
            return vertex;
        }
        if (plan instanceof LogicalPlan.TopK topK) {
            JobVertex input = emit(topK.input());
            JobVertex vertex = vertex("TopK", new OperatorSpec.TopK(topK.partitionKeys(), topK.order(), topK.limit(),
                    topK.offset()), parallelismFor(topK.partitionKeys()), topK.columns());
            edge(input, vertex, 0, keyed(topK.partitionKeys()));
            return vertex;
        }
        throw new IllegalStateException("cannot plan " + plan.getClass().getSimpleName());
    }

    /** Fuses a chain of filters and projections into one Calc over the chain's input. */
    private JobVertex emitCalc(LogicalPlan top) {
        List<LogicalPlan> chain = new ArrayList<>();
        LogicalPlan base = top;
        while (base instanceof LogicalPlan.Filter || base instanceof LogicalPlan.Project) {
            chain.add(base);
            base = base.inputs().get(0);
        }
        JobVertex input = emit(base);
        Expr filter = null;
        List<Expr> projections = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            LogicalPlan node = chain.get(i);
            if (node instanceof LogicalPlan.Filter f) {
                filter = Exprs.and(filter, substitute(f.condition(), projections));
            } else {
                LogicalPlan.Project p = (LogicalPlan.Project) node;
                List<Expr> composed = new ArrayList<>();
                for (Expr expr : p.expressions()) {
                    composed.add(substitute(expr, projections));
                }
                projections = composed;
            }
        }
        if (projections == null) {
            projections = new ArrayList<>();
            for (int i = 0; i < base.width(); i++) {
                projections.add(new ColumnRef(i, base.columns().get(i).type()));
            }
        }
        JobVertex vertex = vertex(filter == null ? "Project" : "Filter+Project", new OperatorSpec.Calc(filter, projections),
                input.parallelism(), top.columns());
        edge(input, vertex, 0, new Partitioning.Forward());
        return vertex;
    }

    private static Expr substitute(Expr expr, List<Expr> projections) {
        if (projections == null) {
            return expr;
        }
        return Exprs.transform(expr, node -> node instanceof ColumnRef ref ? projections.get(ref.index()) : node);
    }

    /**
     * A join keyed by the equalities of its condition (IS NOT DISTINCT FROM gives null-safe
     * keys); key expressions that are not plain columns are computed by a Calc on their side
     * first, and projected away after the join.
     */
    private JobVertex emitJoin(LogicalPlan.Join join) {
        int leftWidth = join.left().width();
        int rightWidth = join.right().width();
        List<Expr> leftKeyExprs = new ArrayList<>();
        List<Expr> rightKeyExprs = new ArrayList<>();
        List<Boolean> nullSafe = new ArrayList<>();
        List<Expr> residual = new ArrayList<>();
        for (Expr conjunct : Exprs.conjuncts(join.condition())) {
            if (conjunct instanceof Call call && call.args().size() == 2
                    && (call.function().equals("=") || call.function().equals("is_not_distinct_from"))) {
                Expr a = call.args().get(0);
                Expr b = call.args().get(1);
                boolean aLeft = onlyLeft(a, leftWidth);
                boolean bRight = onlyRight(b, leftWidth);
                boolean aRight = onlyRight(a, leftWidth);
                boolean bLeft = onlyLeft(b, leftWidth);
                if ((aLeft && bRight) || (aRight && bLeft)) {
                    Expr l = aLeft ? a : b;
                    Expr r = aLeft ? b : a;
                    leftKeyExprs.add(l);
                    rightKeyExprs.add(Exprs.shift(r, -leftWidth));
                    nullSafe.add(call.function().equals("is_not_distinct_from"));
                    continue;
                }
            }
            residual.add(conjunct);
        }
        JobVertex left = emit(join.left());
        JobVertex right = emit(join.right());
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        left = keyColumns(left, leftKeyExprs, leftKeys);
        right = keyColumns(right, rightKeyExprs, rightKeys);
        int leftExtra = left.output().size() - leftWidth;
        int rightExtra = right.output().size() - rightWidth;
        Expr residualExpr = Exprs.and(residual);
        if (residualExpr != null && leftExtra > 0) {
            residualExpr = Exprs.remap(residualExpr, i -> i < leftWidth ? i : i + leftExtra);
        }
        List<Column> output = new ArrayList<>(left.output());
        output.addAll(right.output());
        int joinParallelism = parallelismFor(leftKeys);
        Partitioning leftInput = keyed(leftKeys);
        Partitioning rightInput = keyed(rightKeys);
        if (leftKeys.isEmpty() && isSingleRow(join.right()) && !join.type().preservesRight()) {
            // one row (a scalar aggregate) joined to many: copy it to every subtask of the big side
            joinParallelism = left.parallelism();
            leftInput = new Partitioning.Forward();
            rightInput = new Partitioning.Broadcast();
        } else if (leftKeys.isEmpty() && isSingleRow(join.left()) && !join.type().preservesLeft()) {
            joinParallelism = right.parallelism();
            leftInput = new Partitioning.Broadcast();
            rightInput = new Partitioning.Forward();
        }
        JobVertex vertex = vertex("Join " + join.type(), new OperatorSpec.Join(join.type(), leftKeys, rightKeys,
                nullSafe, residualExpr, left.output().size(), right.output().size()), joinParallelism,
                nullable(output));
        edge(left, vertex, 0, leftInput);
        edge(right, vertex, 1, rightInput);
        if (leftExtra == 0 && rightExtra == 0) {
            return vertex;
        }
        List<Expr> projections = new ArrayList<>();
        for (int i = 0; i < leftWidth; i++) {
            projections.add(new ColumnRef(i, output.get(i).type()));
        }
        for (int i = 0; i < rightWidth; i++) {
            int at = leftWidth + leftExtra + i;
            projections.add(new ColumnRef(at, output.get(at).type()));
        }
        JobVertex trim = vertex("Project", new OperatorSpec.Calc(null, projections), joinParallelism, join.columns());
        edge(vertex, trim, 0, new Partitioning.Forward());
        return trim;
    }

    /** Whether the plan always has exactly one row: a scalar aggregate under projections. */
    private static boolean isSingleRow(LogicalPlan plan) {
        while (plan instanceof LogicalPlan.Project project) {
            plan = project.input();
        }
        return plan instanceof LogicalPlan.Aggregate aggregate && aggregate.scalar();
    }

    private static List<Column> nullable(List<Column> columns) {
        return columns.stream().map(c -> new Column(c.name(), c.type(), true)).toList();
    }

    /** Key positions for the key expressions, adding a Calc that computes non-column keys. */
    private JobVertex keyColumns(JobVertex input, List<Expr> keyExprs, List<Integer> keys) {
        int width = input.output().size();
        List<Expr> extra = new ArrayList<>();
        for (Expr expr : keyExprs) {
            if (expr instanceof ColumnRef ref) {
                keys.add(ref.index());
            } else {
                keys.add(width + extra.size());
                extra.add(expr);
            }
        }
        if (extra.isEmpty()) {
            return input;
        }
        List<Expr> projections = new ArrayList<>();
        List<Column> output = new ArrayList<>(input.output());
        for (int i = 0; i < width; i++) {
            projections.add(new ColumnRef(i, input.output().get(i).type()));
        }
        for (Expr expr : extra) {
            projections.add(expr);
            output.add(Column.of("?key?", expr.type()));
        }
        JobVertex calc = vertex("Project (join keys)", new OperatorSpec.Calc(null, projections), input.parallelism(),
                output);
        edge(input, calc, 0, new Partitioning.Forward());
        return calc;
    }

    private static boolean onlyLeft(Expr expr, int leftWidth) {
        return Exprs.anyColumn(expr, i -> true) && !Exprs.anyColumn(expr, i -> i >= leftWidth);
    }

    private static boolean onlyRight(Expr expr, int leftWidth) {
        return Exprs.anyColumn(expr, i -> true) && !Exprs.anyColumn(expr, i -> i < leftWidth);
    }
}
