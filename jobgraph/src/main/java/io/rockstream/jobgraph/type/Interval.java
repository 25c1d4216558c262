package io.rockstream.jobgraph.type;

/**
 * A PostgreSQL interval: months, days and microseconds kept apart, as PostgreSQL does,
 * because a month has no fixed number of days and a day no fixed number of seconds
 * across daylight-saving changes. Equality and ordering follow PostgreSQL: both compare
 * the interval normalized to microseconds with 30-day months and 24-hour days.
 */
public record Interval(int months, int days, long micros) implements Comparable<Interval> {
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    /** The span in microseconds with 30-day months, the key PostgreSQL compares by. */
    public java.math.BigInteger comparisonKey() {
        return java.math.BigInteger.valueOf(months).multiply(java.math.BigInteger.valueOf(30L * MICROS_PER_DAY))
                .add(java.math.BigInteger.valueOf(days).multiply(java.math.BigInteger.valueOf(MICROS_PER_DAY)))
                .add(java.math.BigInteger.valueOf(micros));
    }

    @Override
    public int compareTo(Interval other) {
        return comparisonKey().compareTo(other.comparisonKey());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Interval that && comparisonKey().equals(that.comparisonKey());
    }

    @Override
    public int hashCode() {
        return comparisonKey().hashCode();
    }
}
