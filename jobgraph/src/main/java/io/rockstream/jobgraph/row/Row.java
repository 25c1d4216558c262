package io.rockstream.jobgraph.row;

import io.rockstream.jobgraph.type.Values;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable row of SQL values. Equality and hashing follow {@link Values} (grouping
 * semantics: NULL equals NULL, {@code 1.0 = 1.00}), so rows can key hash maps for
 * grouping, joining and consolidation.
 */
public final class Row {
    public static final Row EMPTY = new Row(new Object[0]);

    private final Object[] values;
    private int hash;
    private boolean hashed;

    private Row(Object[] values) {
        this.values = values;
    }

    /** Takes ownership of the array: the caller must not change it afterwards. */
    public static Row wrap(Object[] values) {
        return new Row(values);
    }

    public static Row of(Object... values) {
        return new Row(values.clone());
    }

    public static Row copyOf(List<?> values) {
        return new Row(values.toArray());
    }

    public int size() {
        return values.length;
    }

    public Object get(int index) {
        return values[index];
    }

    /** A copy of the values; the row itself stays immutable. */
    public Object[] toArray() {
        return values.clone();
    }

    /** The values at the given positions, in that order. */
    public Row project(int[] positions) {
        Object[] projected = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            projected[i] = values[positions[i]];
        }
        return new Row(projected);
    }

    public Row concat(Row other) {
        Object[] joined = Arrays.copyOf(values, values.length + other.values.length);
        System.arraycopy(other.values, 0, joined, values.length, other.values.length);
        return new Row(joined);
    }

    /** This row followed by {@code count} NULLs (the padding of an outer join). */
    public Row padRight(int count) {
        return new Row(Arrays.copyOf(values, values.length + count));
    }

    /** {@code count} NULLs followed by this row. */
    public Row padLeft(int count) {
        Object[] padded = new Object[values.length + count];
        System.arraycopy(values, 0, padded, count, values.length);
        return new Row(padded);
    }

    public boolean hasNull() {
        for (Object value : values) {
            if (value == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Row that) || that.values.length != values.length || that.hashCode() != hashCode()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Values.equal(values[i], that.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (!hashed) {
            int h = 1;
            for (Object value : values) {
                h = 31 * h + Values.hash(value);
            }
            hash = h;
            hashed = true;
        }
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
