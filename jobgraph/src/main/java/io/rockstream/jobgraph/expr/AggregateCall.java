package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * One aggregate of a GROUP BY: its kind, the input columns it reads (the compiler projects
 * argument expressions into columns first), DISTINCT, an ORDER BY inside the call
 * ({@code string_agg(x, ',' ORDER BY y)}), an optional FILTER column (boolean; -1 when
 * absent) and its result type.
 */
public record AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct,
        List<SortKey> orderBy, int filterColumn, SqlType type) {
    public AggregateCall {
        requireNonNull(kind, "kind is null");
        args = List.copyOf(args);
        orderBy = List.copyOf(orderBy);
        requireNonNull(type, "type is null");
    }

    public MergeLaw law() {
        return distinct ? MergeLaw.RETRACTABLE_MULTISET : kind.law();
    }
}
