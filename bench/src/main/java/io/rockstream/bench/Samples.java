package io.rockstream.bench;

import java.util.Arrays;

/** Nanosecond samples of one measurement, with order statistics (nearest rank). */
public final class Samples {
    private long[] values = new long[64];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    public long median() {
        return percentile(50);
    }

    /** The nearest-rank percentile, {@code 0 < p <= 100}. */
    public long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public long min() {
        return percentile(0.0001);
    }

    public long max() {
        return percentile(100);
    }
}
