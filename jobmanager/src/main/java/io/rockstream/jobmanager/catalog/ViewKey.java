package io.rockstream.jobmanager.catalog;

import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The unique key of a materialized view's contents, read off the job graph that maintains
 * it, so that the view's contents can be indexed by it ({@link Contents#lookup}).
 *
 * <p>A view has one when its sink is fed, through Calcs only, by a GROUP BY ({@code
 * Aggregate}, not scalar): it holds one row per group, and a group is a value of the
 * group-key columns under grouping equality (NULL equal to NULL, so all NULLs form one
 * group); the key is where those columns come out. A Calc keeps the key when its projections
 * pass every key column through as a plain column reference (its filter only drops rows, and
 * it maps each row to one row). A scalar aggregate has exactly one row and needs no index.
 * A DISTINCT's key would be its whole row: an index on it would store every row twice, for
 * reads that name every column, so it has none. Anything else has no key here.
 *
 * <p>The key is a function of the job graph alone: a view restored from a checkpoint is
 * restored only when it compiles to the very graph checkpointed, so its contents were
 * indexed by the same key; contents a version without view keys checkpointed have their
 * index built when they are opened ({@link StoredContents#open}).
 */
public final class ViewKey {
    private ViewKey() {
    }

    /**
     * The positions of the key columns in the view's rows, in group-key order (the first
     * position where a column comes out), or empty when it has none.
     */
    public static Optional<int[]> of(JobGraph graph) {
        Optional<JobVertex> sink = graph.sink();
        if (sink.isEmpty()) {
            return Optional.empty();
        }
        JobVertex vertex = only(graph, sink.get());
        // origin[i]: the column of `vertex`'s output that view column i passes through unchanged, or -1
        int[] origin = new int[sink.get().output().size()];
        Arrays.setAll(origin, i -> i);
        while (vertex != null && vertex.operator() instanceof OperatorSpec.Calc calc) {
            List<Expr> projections = calc.projections();
            for (int i = 0; i < origin.length; i++) {
                if (origin[i] >= 0) {
                    origin[i] = projections.get(origin[i]) instanceof ColumnRef ref ? ref.index() : -1;
                }
            }
            vertex = only(graph, vertex);
        }
        if (vertex == null || !(vertex.operator() instanceof OperatorSpec.Aggregate aggregate)
                || aggregate.scalar() || aggregate.groupKeys().isEmpty()) {
            return Optional.empty();
        }
        // an Aggregate's output: the group-key columns, then one column per aggregate
        int keyWidth = aggregate.groupKeys().size();
        int[] key = new int[keyWidth];
        for (int column = 0; column < keyWidth; column++) {
            key[column] = position(origin, column);
            if (key[column] < 0) {
                // a key column the view drops or computes on: two groups may share a view row's values
                return Optional.empty();
            }
        }
        return Optional.of(key);
    }

    private static int position(int[] origin, int column) {
        for (int i = 0; i < origin.length; i++) {
            if (origin[i] == column) {
                return i;
            }
        }
        return -1;
    }

    /** The one input of {@code vertex}, or null when it has none or several. */
    private static JobVertex only(JobGraph graph, JobVertex vertex) {
        List<JobEdge> inputs = graph.inputsOf(vertex.id());
        return inputs.size() == 1 ? graph.vertex(inputs.get(0).source()) : null;
    }
}
