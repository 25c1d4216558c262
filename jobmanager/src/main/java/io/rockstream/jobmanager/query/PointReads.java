package io.rockstream.jobmanager.query;

import io.rockstream.compiler.binder.Exprs;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.compiler.planner.JobGraphBuilder;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Catalog;
import io.rockstream.jobmanager.catalog.CatalogEntry;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.taskmanager.expr.Evaluator;
import io.rockstream.taskmanager.expr.ExprCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers key-bounded reads without deploying a job: a query that is one filter and
 * projection (one {@code Calc}) over a table whose primary key the filter fixes with
 * constants, or over a materialized view that is itself one {@code Calc} over such a table
 * and passes the key columns through unchanged, reads the one table row with that key and
 * evaluates the Calcs on it here, as {@link QueryRunner} would run them in a one-epoch job.
 *
 * <p>Why the answer is the same: the query's job graph is built exactly as
 * {@link QueryRunner} builds it, and its Calc is evaluated as the Calc operator does (filter
 * conjuncts in order, a row passes only when each is true, then the projections). Only a row
 * with the key can pass the filter, and a keyed table holds at most one. A view's visible
 * contents at an epoch are its Calc applied to its table at that epoch (epochs apply tables
 * and views together, under the coordinator's visibility lock), so the view rows with the key
 * are the view's Calc applied to the table row with the key. The table row and the view's
 * health (failure, data errors) are read in one {@link EpochCoordinator#read} call, so they
 * belong to the same complete epoch, the one a job would read: read-your-writes holds as it
 * does for jobs.
 *
 * <p>Anything else is left to {@link QueryRunner}: {@link #run} answers empty, and so it
 * does when an expression raises an error here, so that errors are reported exactly as a job
 * reports them.
 */
public final class PointReads {
    private PointReads() {
    }

    /**
     * The rows of {@code plan}, duplicates repeated, in no particular order, when it is a
     * key-bounded read of a table or of a view over one; empty when it is not (then run it
     * with {@link QueryRunner}).
     */
    public static Optional<List<Row>> run(LogicalPlan plan, Catalog catalog, EpochCoordinator coordinator) {
        Optional<Read> read;
        try {
            read = plan(plan, catalog);
        } catch (RuntimeException unplannable) {
            // the job's planner or expression compiler refuses it: QueryRunner reports that as it always has
            return Optional.empty();
        }
        if (read.isEmpty()) {
            return Optional.empty();
        }
        return read.get().run(coordinator);
    }

    /**
     * A planned point read: the table read by {@code key}, the view between it and the query
     * (null when the query reads the table), and the Calcs to run on the row, innermost first.
     */
    record Read(String table, Row key, String view, List<Calc> calcs) {
        Optional<List<Row>> run(EpochCoordinator coordinator) {
            Map<String, Contents.Reader> readers = coordinator.read(
                    view == null ? java.util.Set.of(table) : java.util.Set.of(table, view),
                    // a view is read by a key it cannot hold (views have no primary-key index, so
                    // lookup answers null): the read checks its health without copying it
                    relation -> Optional.of(relation.equals(table) ? key : Row.EMPTY));
            ZSet rows = new ZSet(1);
            try {
                readers.get(table).forEachChunk(16, rows::addAll);
            } finally {
                readers.values().forEach(Contents.Reader::close);
            }
            try {
                for (Calc calc : calcs) {
                    rows = calc.apply(rows);
                }
            } catch (RockStreamException error) {
                return Optional.empty();
            }
            List<Row> result = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                long weight = rows.weight(i);
                if (weight < 0) {
                    return Optional.empty();
                }
                for (long w = 0; w < weight; w++) {
                    result.add(rows.row(i));
                }
            }
            return Optional.of(result);
        }
    }

    /** One Calc: its filter's conjuncts (none: every row passes) and its projections. */
    record Calc(List<Evaluator> conjuncts, List<Evaluator> projections) {
        static Calc of(OperatorSpec.Calc spec) {
            List<Evaluator> conjuncts = new ArrayList<>();
            if (spec.filter() != null) {
                for (Expr conjunct : Exprs.conjuncts(spec.filter())) {
                    conjuncts.add(ExprCompiler.compile(conjunct));
                }
            }
            return new Calc(conjuncts, spec.projections().stream().map(ExprCompiler::compile).toList());
        }

        /** As the Calc operator processes a batch: filter, then project, weights kept. */
        ZSet apply(ZSet input) {
            ZSet output = new ZSet(Math.max(1, input.size()));
            for (int i = 0; i < input.size(); i++) {
                Row row = input.row(i);
                if (!passes(row)) {
                    continue;
                }
                Object[] values = new Object[projections.size()];
                for (int p = 0; p < values.length; p++) {
                    values[p] = projections.get(p).evaluate(row);
                }
                output.add(Row.wrap(values), input.weight(i));
            }
            return output;
        }

        private boolean passes(Row row) {
            for (Evaluator conjunct : conjuncts) {
                if (!Boolean.TRUE.equals(conjunct.evaluate(row))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The point read {@code plan} is, if it is one. */
    static Optional<Read> plan(LogicalPlan plan, Catalog catalog) {
        JobGraph graph = JobGraphBuilder.build(JobId.of("?point-read?"), plan, "?result?", 1);
        Optional<Chain> query = Chain.of(graph);
        if (query.isEmpty() || query.get().calc() == null) {
            return Optional.empty();
        }
        OperatorSpec.Calc calc = query.get().calc();
        Optional<CatalogEntry> scanned = catalog.entry(query.get().source());
        if (scanned.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, Object> fixed = fixedColumns(calc.filter());
        RelationEntry relation = scanned.get().relation();
        if (relation.kind() == RelationKind.TABLE) {
            return key(relation, fixed).map(key -> new Read(relation.name(), key, null, List.of(Calc.of(calc))));
        }
        JobGraph viewGraph = scanned.get().job();
        if (relation.kind() != RelationKind.MATERIALIZED_VIEW || viewGraph == null) {
            return Optional.empty();
        }
        Optional<Chain> view = Chain.of(viewGraph);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        // entries only: a system relation (pg_catalog) has no contents to read by key
        Optional<RelationEntry> table = catalog.entry(view.get().source()).map(CatalogEntry::relation);
        if (table.isEmpty() || table.get().kind() != RelationKind.TABLE) {
            return Optional.empty();
        }
        // the table columns that view columns pass through unchanged
        Map<Integer, Object> fixedInTable = new HashMap<>();
        OperatorSpec.Calc viewCalc = view.get().calc();
        for (Map.Entry<Integer, Object> column : fixed.entrySet()) {
            int viewColumn = column.getKey();
            if (viewCalc == null) {
                fixedInTable.put(viewColumn, column.getValue());
            } else if (viewCalc.projections().get(viewColumn) instanceof ColumnRef ref) {
                fixedInTable.putIfAbsent(ref.index(), column.getValue());
            }
        }
        List<Calc> calcs = viewCalc == null ? List.of(Calc.of(calc)) : List.of(Calc.of(viewCalc), Calc.of(calc));
        return key(table.get(), fixedInTable).map(key -> new Read(table.get().name(), key, relation.name(), calcs));
    }

    /** The table's primary key when every key column is fixed; empty otherwise. */
    private static Optional<Row> key(RelationEntry table, Map<Integer, Object> fixed) {
        List<Integer> primaryKey = table.primaryKey();
        if (primaryKey.isEmpty()) {
            return Optional.empty();
        }
        Object[] key = new Object[primaryKey.size()];
        for (int i = 0; i < key.length; i++) {
            Object value = fixed.get(primaryKey.get(i));
            if (value == null) {
                return Optional.empty();
            }
            key[i] = value;
        }
        return Optional.of(Row.wrap(key));
    }

    /**
     * The columns a filter fixes: conjuncts {@code column = constant} (either side) whose
     * constant evaluates to a non-null value; the first such conjunct of a column wins.
     */
    private static Map<Integer, Object> fixedColumns(Expr filter) {
        Map<Integer, Object> fixed = new HashMap<>();
        if (filter == null) {
            return fixed;
        }
        for (Expr conjunct : Exprs.conjuncts(filter)) {
            if (!(conjunct instanceof Call call) || !call.function().equals("=") || call.args().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                if (!(call.args().get(side) instanceof ColumnRef ref) || fixed.containsKey(ref.index())) {
                    continue;
                }
                Expr constant = call.args().get(1 - side);
                if (!Exprs.isConstant(constant)) {
                    continue;
                }
                try {
                    Object value = ExprCompiler.compile(constant).evaluate(Row.EMPTY);
                    if (value != null) {
                        fixed.put(ref.index(), value);
                    }
                } catch (RockStreamException error) {
                    // not a usable key; the job raises the error when it evaluates the filter
                }
            }
        }
        return fixed;
    }

    /** A job graph that is a source, at most one Calc, and the sink, in a line. */
    private record Chain(String source, OperatorSpec.Calc calc) {
        static Optional<Chain> of(JobGraph graph) {
            Optional<JobVertex> sink = graph.sink();
            if (sink.isEmpty()) {
                return Optional.empty();
            }
            JobVertex vertex = only(graph, sink.get());
            OperatorSpec.Calc calc = null;
            if (vertex != null && vertex.operator() instanceof OperatorSpec.Calc spec) {
                calc = spec;
                vertex = only(graph, vertex);
            }
            if (vertex == null || !(vertex.operator() instanceof OperatorSpec.Source source)
                    || !graph.inputsOf(vertex.id()).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Chain(source.relation(), calc));
        }

        /** The one input of {@code vertex}, or null when it has none or several. */
        private static JobVertex only(JobGraph graph, JobVertex vertex) {
            List<JobEdge> inputs = graph.inputsOf(vertex.id());
            return inputs.size() == 1 ? graph.vertex(inputs.get(0).source()) : null;
        }
    }
}
