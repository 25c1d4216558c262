package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.Values;
import java.util.Comparator;
import java.util.List;

/**
 * The order of ORDER BY keys (direction and NULLS FIRST/LAST per key), then, as a tie
 * breaker, the whole row ascending with NULLs last, so that equal keys still have one
 * deterministic order.
 */
public final class RowOrdering implements Comparator<Row> {
    private final SortKey[] keys;
    private final boolean breakTies;

    private RowOrdering(List<SortKey> keys, boolean breakTies) {
        this.keys = keys.toArray(SortKey[]::new);
        this.breakTies = breakTies;
    }

    /** ORDER BY keys, then the whole row. */
    public static RowOrdering total(List<SortKey> keys) {
        return new RowOrdering(keys, true);
    }

    /** ORDER BY keys only: rows with equal keys compare equal (for stable sorting). */
    public static RowOrdering keysOnly(List<SortKey> keys) {
        return new RowOrdering(keys, false);
    }

    @Override
    public int compare(Row left, Row right) {
        for (SortKey key : keys) {
            Object a = left.get(key.column());
            Object b = right.get(key.column());
            int result;
            if (a == null || b == null) {
                if (a == b) {
                    continue;
                }
                result = (a == null) == key.nullsFirst() ? -1 : 1;
            } else {
                result = Values.compare(a, b);
                if (key.descending()) {
                    result = -result;
                }
            }
            if (result != 0) {
                return result;
            }
        }
        if (!breakTies) {
            return 0;
        }
        int size = Math.min(left.size(), right.size());
        for (int i = 0; i < size; i++) {
            int result = Values.compare(left.get(i), right.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
