package io.rockstream.jobmanager.query;

import io.rockstream.compiler.binder.Exprs;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.compiler.planner.JobGraphBuilder;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.Cast;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.TypeKind;
import io.rockstream.jobmanager.catalog.Catalog;
import io.rockstream.jobmanager.catalog.CatalogEntry;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.catalog.ViewKey;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.taskmanager.expr.Evaluator;
import io.rockstream.taskmanager.expr.ExprCompiler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers key-bounded reads without deploying a job: a query that is one filter and
 * projection (one {@code Calc}) over
 * <ul>
 *   <li>a table whose primary key the filter fixes with constants,</li>
 *   <li>a materialized view with a unique key ({@link ViewKey}: a GROUP BY under projections
 *       that keep the group-key columns) that the filter fixes, or</li>
 *   <li>a materialized view that is itself one {@code Calc} over such a table and passes the
 *       key columns through unchanged,</li>
 * </ul>
 * reads the one row with that key from the relation's key index and evaluates the Calcs on
 * it here, as {@link QueryRunner} would run them in a one-epoch job.
 *
 * <p>Why the answer is the same: the query's job graph is built exactly as
 * {@link QueryRunner} builds it, and its Calc is evaluated as the Calc operator does (filter
 * conjuncts in order, a row passes only when each is true, then the projections). A column
 * is fixed only by a conjunct {@code column = c} (or {@code CAST(column AS wider) = c} for an
 * integer column, or {@code column IS NULL} for a view's key) of a type whose {@code =} is
 * the key index's equality ({@link #fixedColumns}), so only rows with the key can pass the
 * filter; and a relation holds at most one: a keyed table by its constraint, a view with a
 * key because its GROUP BY makes one row per group (one for all NULLs too). A projection
 * view's visible contents at an epoch are its Calc applied to its table at that epoch (epochs apply tables and views together, under the coordinator's
 * visibility lock), so the view rows with the key are the view's Calc applied to the table
 * row with the key. The row and the view's health (failure, data errors) are read in one
 * {@link EpochCoordinator#read} call, so they belong to the same complete epoch, the one a job
 * would read: read-your-writes holds as it does for jobs. A group whose rows were all deleted
 * has no row, in the index as in the contents.
 *
 * <p>A query that is one Calc (or none) over a table or materialized view whose filter fixes
 * no key is a scan: the relation's contents at the last complete epoch, read in chunks, the
 * Calc applied to each chunk as the Calc operator applies it to each input batch of the
 * one-epoch job, which is fed the same contents; only the answer is kept on the heap.
 *
 * <p>Anything else is left to {@link QueryRunner}: {@link #run} answers empty, and so it
 * does when an expression raises an error here, so that errors are reported exactly as a job
 * reports them.
 */
public final class PointReads {
    /** What {@link #fixedColumns} gives a column that {@code column IS NULL} fixes. */
    private static final Object NULL = new Object();

    private PointReads() {
    }

    /**
     * The rows of {@code plan}, duplicates repeated, in no particular order, when it is a
     * key-bounded read of a table or a view; empty when it is not (then run it
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

    /** Whether {@code plan} is read by key (not as a scan, nor by a job): for tests and diagnostics. */
    public static boolean keyed(LogicalPlan plan, Catalog catalog) {
        try {
            return plan(plan, catalog).map(read -> read.key() != null).orElse(false);
        } catch (RuntimeException unplannable) {
            return false;
        }
    }

    /**
     * A planned point read: the relation read by {@code key} (a table, or a view with a key
     * index), the view between it and the query whose health the read checks (null when the
     * query reads the keyed relation itself), and the Calcs to run on the row, innermost first.
     */
    record Read(String keyed, Row key, String view, List<Calc> calcs) {
        /** Rows of a whole relation read and filtered at a time: the heap holds the answer, not the relation. */
        private static final int SCAN_CHUNK_ROWS = 4096;

        Optional<List<Row>> run(EpochCoordinator coordinator) {
            Map<String, Contents.Reader> readers = coordinator.read(
                    view == null ? java.util.Set.of(keyed) : java.util.Set.of(keyed, view),
                    // the view is read by a key no row of it has (keys have at least one column):
                    // the read checks its health without copying it; no key: the whole relation
                    relation -> relation.equals(keyed) ? Optional.ofNullable(key) : Optional.of(Row.EMPTY));
            ZSet rows = new ZSet(1);
            try {
                readers.get(keyed).forEachChunk(key == null ? SCAN_CHUNK_ROWS : 16, chunk -> {
                    ZSet out = chunk;
                    for (Calc calc : calcs) {
                        out = calc.apply(out);
                    }
                    rows.addAll(out);
                });
            } catch (RockStreamException error) {
                return Optional.empty();
            } finally {
                readers.values().forEach(Contents.Reader::close);
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

    /**
     * The read {@code plan} is, if it is one: by key when its filter fixes a key, else a scan
     * of the table or materialized view it reads, its Calc applied chunk by chunk.
     */
    static Optional<Read> plan(LogicalPlan plan, Catalog catalog) {
        JobGraph graph = JobGraphBuilder.build(JobId.of("?point-read?"), plan, "?result?", 1);
        Optional<Chain> query = Chain.of(graph);
        if (query.isEmpty()) {
            return Optional.empty();
        }
        Optional<CatalogEntry> scanned = catalog.entry(query.get().source());
        if (scanned.isEmpty()) {
            return Optional.empty();
        }
        if (query.get().calc() == null) {
            return scan(scanned.get(), List.of());
        }
        Optional<Read> keyed = keyedRead(query.get().calc(), scanned.get(), catalog);
        return keyed.isPresent() ? keyed : scan(scanned.get(), List.of(Calc.of(query.get().calc())));
    }

    /**
     * A read of all of a table or materialized view: what the query's job would be fed, as one
     * epoch, before its Calc. (A plain view never gets here: it is inlined into the query.)
     */
    private static Optional<Read> scan(CatalogEntry scanned, List<Calc> calcs) {
        RelationEntry relation = scanned.relation();
        boolean readable = relation.kind() == RelationKind.TABLE
                || relation.kind() == RelationKind.MATERIALIZED_VIEW && scanned.job() != null;
        return readable ? Optional.of(new Read(relation.name(), null, null, calcs)) : Optional.empty();
    }

    /** The read by key {@code calc}'s filter allows on {@code scanned}, if any. */
    private static Optional<Read> keyedRead(OperatorSpec.Calc calc, CatalogEntry scanned, Catalog catalog) {
        Map<Integer, Object> fixed = fixedColumns(calc.filter());
        RelationEntry relation = scanned.relation();
        if (relation.kind() == RelationKind.TABLE) {
            return key(relation.primaryKey(), fixed, false)
                    .map(key -> new Read(relation.name(), key, null, List.of(Calc.of(calc))));
        }
        JobGraph viewGraph = scanned.job();
        if (relation.kind() != RelationKind.MATERIALIZED_VIEW || viewGraph == null) {
            return Optional.empty();
        }
        Optional<int[]> viewKey = ViewKey.of(viewGraph);
        if (viewKey.isPresent()) {
            // the view's contents are indexed by this key (EpochCoordinator derives it from the same graph)
            List<Integer> keyColumns = java.util.Arrays.stream(viewKey.get()).boxed().toList();
            return key(keyColumns, fixed, true)
                    .map(key -> new Read(relation.name(), key, null, List.of(Calc.of(calc))));
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
        return key(table.get().primaryKey(), fixedInTable, false)
                .map(key -> new Read(table.get().name(), key, relation.name(), calcs));
    }

    /**
     * The key with columns {@code keyColumns} when every one is fixed; empty otherwise, and
     * without a key. With {@code nullable}, a column fixed by {@code IS NULL} takes NULL (a
     * GROUP BY's NULL group); otherwise such a key is not used.
     */
    private static Optional<Row> key(List<Integer> keyColumns, Map<Integer, Object> fixed, boolean nullable) {
        if (keyColumns.isEmpty()) {
            return Optional.empty();
        }
        Object[] key = new Object[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            Object value = fixed.get(keyColumns.get(i));
            if (value == null || (value == NULL && !nullable)) {
                return Optional.empty();
            }
            key[i] = value == NULL ? null : value;
        }
        return Optional.of(Row.wrap(key));
    }

    /**
     * The columns a filter fixes, with their values, and the first conjunct of a column wins:
     * <ul>
     *   <li>{@code column = constant} (either side) whose constant has the column's type and
     *       evaluates to a non-null value;</li>
     *   <li>{@code CAST(column AS wider) = constant}, a column of an integer type widened
     *       to a wider integer type or numeric (as a parameter bound as bigint compares with
     *       an integer column), when the constant's value is one of the column's type; it
     *       is fixed to that value in the column's type;</li>
     *   <li>{@code column IS NULL}: fixed to {@link #NULL}.</li>
     * </ul>
     * Only columns of a type whose {@code =} is the key index's equality: not {@code char(n)},
     * whose {@code =} ignores trailing spaces, nor {@code interval}, whose {@code =} compares
     * lengths ({@code '1 month' = '30 days'}) while stored keys keep the fields.
     */
    private static Map<Integer, Object> fixedColumns(Expr filter) {
        Map<Integer, Object> fixed = new HashMap<>();
        if (filter == null) {
            return fixed;
        }
        for (Expr conjunct : Exprs.conjuncts(filter)) {
            if (!(conjunct instanceof Call call)) {
                continue;
            }
            if (call.function().equals("is_null") && call.args().size() == 1
                    && call.args().get(0) instanceof ColumnRef ref && indexable(ref.type().kind())) {
                fixed.putIfAbsent(ref.index(), NULL);
                continue;
            }
            if (!call.function().equals("=") || call.args().size() != 2) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Expr column = call.args().get(side);
                Expr constant = call.args().get(1 - side);
                ColumnRef ref = column instanceof ColumnRef direct ? direct
                        : column instanceof Cast cast && widens(cast) ? (ColumnRef) cast.input() : null;
                if (ref == null || fixed.containsKey(ref.index()) || !indexable(ref.type().kind())
                        || constant.type().kind() != column.type().kind() || !Exprs.isConstant(constant)) {
                    continue;
                }
                Object value;
                try {
                    value = ExprCompiler.compile(constant).evaluate(Row.EMPTY);
                } catch (RockStreamException error) {
                    // not a usable key; the job raises the error when it evaluates the filter
                    continue;
                }
                value = column == ref ? value : narrow(value, ref.type().kind());
                if (value != null) {
                    fixed.put(ref.index(), value);
                }
            }
        }
        return fixed;
    }

    /**
     * Whether the key index's equality is SQL's {@code =} for values of {@code kind}: not for
     * {@code char(n)} (its {@code =} ignores trailing spaces) nor {@code interval} (its
     * {@code =} compares lengths: '1 month' = '30 days'), whose equal values can differ in
     * the index.
     */
    public static boolean indexable(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE, TEXT, VARCHAR, DATE, TIME, TIMESTAMP,
                    TIMESTAMPTZ, BYTEA -> true;
            case UNKNOWN, CHAR, INTERVAL -> false;
        };
    }

    /** A cast of an integer column to a type holding every value of it exactly: equal after it iff equal before. */
    private static boolean widens(Cast cast) {
        if (!(cast.input() instanceof ColumnRef)) {
            return false;
        }
        TypeKind from = cast.input().type().kind();
        TypeKind to = cast.type().kind();
        return from.isInteger() && (to == TypeKind.NUMERIC || to.isInteger() && width(to) >= width(from));
    }

    private static int width(TypeKind integer) {
        return integer == TypeKind.SMALLINT ? 2 : integer == TypeKind.INTEGER ? 4 : 8;
    }

    /**
     * {@code value} (a number of the cast's type) as a value of the integer type {@code kind},
     * or null when it is none (then no row of the column can equal it, but the job says so).
     */
    private static Object narrow(Object value, TypeKind kind) {
        long exact;
        if (value instanceof Short || value instanceof Integer || value instanceof Long) {
            exact = ((Number) value).longValue();
        } else if (value instanceof BigDecimal decimal) {
            try {
                exact = decimal.longValueExact();
            } catch (ArithmeticException notAnInteger) {
                return null;
            }
        } else {
            return null;
        }
        if (kind == TypeKind.SMALLINT) {
            return exact == (short) exact ? (Object) (short) exact : null;
        }
        if (kind == TypeKind.INTEGER) {
            return exact == (int) exact ? (Object) (int) exact : null;
        }
        return exact;
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
