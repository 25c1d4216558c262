package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.Arrangement;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inner and outer equi-joins with an optional residual condition.
 *
 * <p>Delta rule (per join key k touched in the epoch): the matched part is
 * {@code ΔL⋈R + (L+ΔL)⋈ΔR}, the bilinear rule; the NULL-padded part of an outer join is
 * {@code pad(L+ΔL, R+ΔR) - pad(L, R)} for that key. Without a residual condition, a row is
 * padded exactly when the other side's key is empty, so padding changes only when a side
 * of k becomes empty or non-empty, or when rows arrive while the other side is empty.
 * Rows whose key has a NULL (in a non-null-safe column) never match: they are padded at
 * once on a preserved side and dropped otherwise.
 *
 * <p>State: both inputs arranged by join key (key → rows with weights). Inputs are hash
 * partitioned by the key, so a subtask sees every row of the keys it owns.
 */
final class JoinOperator implements Operator {
    private final JoinType type;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final boolean[] nullSafe;
    private final Qual residual;
    private final int leftWidth;
    private final int rightWidth;
    private OperatorContext context;
    private Arrangement left;
    private Arrangement right;
    private ZSet pendingLeft = new ZSet();
    private ZSet pendingRight = new ZSet();

    JoinOperator(JoinType type, List<Integer> leftKeys, List<Integer> rightKeys, List<Boolean> nullSafe,
            Expr residual, int leftWidth, int rightWidth) {
        this.type = type;
        this.leftKeys = leftKeys.stream().mapToInt(Integer::intValue).toArray();
        this.rightKeys = rightKeys.stream().mapToInt(Integer::intValue).toArray();
        this.nullSafe = new boolean[nullSafe.size()];
        for (int i = 0; i < this.nullSafe.length; i++) {
            this.nullSafe[i] = nullSafe.get(i);
        }
        this.residual = Qual.of(residual);
        this.leftWidth = leftWidth;
        this.rightWidth = rightWidth;
    }

    @Override
    public void open(OperatorContext operatorContext) {
        this.context = operatorContext;
        this.left = operatorContext.state().arrangement("join-left");
        this.right = operatorContext.state().arrangement("join-right");
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        (input == 0 ? pendingLeft : pendingRight).addAll(delta);
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
        ZSet deltaLeft = pendingLeft.consolidate();
        ZSet deltaRight = pendingRight.consolidate();
        pendingLeft = new ZSet();
        pendingRight = new ZSet();
        Map<Row, ZSet> leftByKey = new HashMap<>();
        Map<Row, ZSet> rightByKey = new HashMap<>();
        Set<Row> touched = new LinkedHashSet<>();
        group(deltaLeft, leftKeys, leftByKey, touched, type.preservesLeft(), true, output);
        group(deltaRight, rightKeys, rightByKey, touched, type.preservesRight(), false, output);
        for (Row key : touched) {
            joinKey(key, leftByKey.get(key), rightByKey.get(key), output);
        }
    }

    private void group(ZSet delta, int[] keys, Map<Row, ZSet> byKey, Set<Row> touched, boolean preserved,
            boolean isLeft, Collector output) {
        for (int i = 0; i < delta.size(); i++) {
            Row row = delta.row(i);
            Row key = row.project(keys);
            if (neverMatches(key)) {
                if (preserved) {
                    output.add(isLeft ? row.padRight(rightWidth) : row.padLeft(leftWidth), delta.weight(i));
                }
                continue;
            }
            byKey.computeIfAbsent(key, k -> new ZSet()).add(row, delta.weight(i));
            touched.add(key);
        }
    }

    private boolean neverMatches(Row key) {
        for (int i = 0; i < nullSafe.length; i++) {
            if (!nullSafe[i] && key.get(i) == null) {
                return true;
            }
        }
        return false;
    }

    private void joinKey(Row key, ZSet deltaLeft, ZSet deltaRight, Collector output) {
        boolean padLeft = type.preservesLeft();
        boolean padRight = type.preservesRight();
        boolean fullPadding = residual != null && (padLeft || padRight);
        Map<Row, Long> leftPadBefore = null;
        Map<Row, Long> rightPadBefore = null;
        if (fullPadding) {
            leftPadBefore = padLeft ? unmatched(left.get(key), right.get(key), true) : null;
            rightPadBefore = padRight ? unmatched(right.get(key), left.get(key), false) : null;
        }
        boolean leftWasEmpty = left.get(key).isEmpty();
        boolean rightWasEmpty = right.get(key).isEmpty();

        // matched part: ΔL ⋈ R, then (L + ΔL) ⋈ ΔR
        if (deltaLeft != null) {
            Map<Row, Long> rights = right.get(key);
            for (int i = 0; i < deltaLeft.size(); i++) {
                Row l = deltaLeft.row(i);
                long w = deltaLeft.weight(i);
                for (Map.Entry<Row, Long> r : rights.entrySet()) {
                    if (matches(l, r.getKey(), w * r.getValue())) {
                        output.add(l.concat(r.getKey()), w * r.getValue());
                    }
                }
            }
            for (int i = 0; i < deltaLeft.size(); i++) {
                left.add(key, deltaLeft.row(i), deltaLeft.weight(i));
            }
        }
        if (deltaRight != null) {
            Map<Row, Long> lefts = left.get(key);
            for (int i = 0; i < deltaRight.size(); i++) {
                Row r = deltaRight.row(i);
                long w = deltaRight.weight(i);
                for (Map.Entry<Row, Long> l : lefts.entrySet()) {
                    if (matches(l.getKey(), r, w * l.getValue())) {
                        output.add(l.getKey().concat(r), w * l.getValue());
                    }
                }
            }
            for (int i = 0; i < deltaRight.size(); i++) {
                right.add(key, deltaRight.row(i), deltaRight.weight(i));
            }
        }

        // padded part
        if (fullPadding) {
            if (padLeft) {
                emitDifference(leftPadBefore, unmatched(left.get(key), right.get(key), true), output);
            }
            if (padRight) {
                emitDifference(rightPadBefore, unmatched(right.get(key), left.get(key), false), output);
            }
            return;
        }
        boolean leftIsEmpty = left.get(key).isEmpty();
        boolean rightIsEmpty = right.get(key).isEmpty();
        if (padLeft) {
            padTransition(rightWasEmpty, rightIsEmpty, deltaLeft, left.get(key), true, output,
                    leftRowsBefore(key, deltaLeft));
        }
        if (padRight) {
            padTransition(leftWasEmpty, leftIsEmpty, deltaRight, right.get(key), false, output,
                    rightRowsBefore(key, deltaRight));
        }
    }

    /** The rows of the current side before this epoch's delta was applied: now − Δ. */
    private Map<Row, Long> leftRowsBefore(Row key, ZSet delta) {
        return subtract(left.get(key), delta);
    }

    private Map<Row, Long> rightRowsBefore(Row key, ZSet delta) {
        return subtract(right.get(key), delta);
    }

    private static Map<Row, Long> subtract(Map<Row, Long> now, ZSet delta) {
        Map<Row, Long> before = new HashMap<>(now);
        if (delta != null) {
            for (int i = 0; i < delta.size(); i++) {
                before.merge(delta.row(i), -delta.weight(i), Long::sum);
            }
        }
        before.values().removeIf(w -> w == 0);
        return before;
    }

    /**
     * Padding of one preserved side for one key without a residual: its rows are padded iff
     * the other side is empty.
     */
    private void padTransition(boolean otherWasEmpty, boolean otherIsEmpty, ZSet delta,
            Map<Row, Long> rowsNow, boolean isLeft, Collector output, Map<Row, Long> rowsBefore) {
        if (otherWasEmpty && otherIsEmpty) {
            if (delta != null) {
                for (int i = 0; i < delta.size(); i++) {
                    output.add(pad(delta.row(i), isLeft), delta.weight(i));
                }
            }
        } else if (otherWasEmpty) {
            rowsBefore.forEach((row, weight) -> output.add(pad(row, isLeft), -weight));
        } else if (otherIsEmpty) {
            rowsNow.forEach((row, weight) -> output.add(pad(row, isLeft), weight));
        }
    }

    private Row pad(Row row, boolean isLeft) {
        return isLeft ? row.padRight(rightWidth) : row.padLeft(leftWidth);
    }

    /** Rows of {@code side} that match no row of {@code other}, padded. */
    private Map<Row, Long> unmatched(Map<Row, Long> side, Map<Row, Long> other, boolean sideIsLeft) {
        Map<Row, Long> result = new HashMap<>();
        for (Map.Entry<Row, Long> entry : side.entrySet()) {
            boolean matched = false;
            for (Row candidate : other.keySet()) {
                Row l = sideIsLeft ? entry.getKey() : candidate;
                Row r = sideIsLeft ? candidate : entry.getKey();
                if (matches(l, r, 0)) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                result.put(pad(entry.getKey(), sideIsLeft), entry.getValue());
            }
        }
        return result;
    }

    private static void emitDifference(Map<Row, Long> before, Map<Row, Long> after, Collector output) {
        for (Map.Entry<Row, Long> entry : after.entrySet()) {
            long change = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (change != 0) {
                output.add(entry.getKey(), change);
            }
        }
        for (Map.Entry<Row, Long> entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                output.add(entry.getKey(), -entry.getValue());
            }
        }
    }

    /** Whether l and r (same key) satisfy the residual; an error counts as no match and is reported. */
    private boolean matches(Row l, Row r, long weight) {
        if (residual == null) {
            return true;
        }
        try {
            return residual.test(l.concat(r));
        } catch (RockStreamException error) {
            if (weight != 0) {
                context.reportError(error, weight);
            }
            return false;
        }
    }
}
