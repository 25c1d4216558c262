package io.rockstream.bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's data, a pure function of the key so RockStream and PostgreSQL load the
 * same rows: {@code t(k, g, v)} with keys {@code 1..rows}, {@code g} spread over
 * {@code groups} values and {@code v} in {@code [0, 1_000_000)}; {@code d(g, name)} names
 * every group.
 */
final class Workload {
    static final String CREATE_T = "CREATE TABLE t (k bigint PRIMARY KEY, g int, v bigint)";
    static final String CREATE_D = "CREATE TABLE d (g int PRIMARY KEY, name text)";
    static final String CREATE_AGG = "CREATE MATERIALIZED VIEW agg AS SELECT g, count(*), sum(v), min(v), max(v) "
            + "FROM t GROUP BY g";
    static final String CREATE_J = "CREATE MATERIALIZED VIEW j AS SELECT d.name, sum(t.v) FROM t JOIN d "
            + "ON t.g = d.g GROUP BY d.name";
    static final String RECOMPUTE_AGG = "SELECT g, count(*), sum(v), min(v), max(v) FROM t GROUP BY g";
    static final String RECOMPUTE_J = "SELECT d.name, sum(t.v) FROM t JOIN d ON t.g = d.g GROUP BY d.name";

    private final int groups;

    Workload(int groups) {
        this.groups = groups;
    }

    int groups() {
        return groups;
    }

    int group(long key) {
        return (int) Long.remainderUnsigned(mix(key), groups);
    }

    long value(long key) {
        return Long.remainderUnsigned(mix(key ^ 0x5DEECE66DL), 1_000_000L);
    }

    static String name(int group) {
        return String.format("name-%06d", group);
    }

    /** {@code INSERT INTO t VALUES ...} for keys {@code first .. first + count - 1}. */
    String insertT(long first, int count) {
        StringBuilder sql = new StringBuilder(32 + count * 28).append("INSERT INTO t VALUES ");
        for (long key = first; key < first + count; key++) {
            if (key > first) {
                sql.append(',');
            }
            sql.append('(').append(key).append(',').append(group(key)).append(',').append(value(key)).append(')');
        }
        return sql.toString();
    }

    /** {@code INSERT INTO d VALUES ...} for groups {@code first .. first + count - 1}. */
    String insertD(int first, int count) {
        StringBuilder sql = new StringBuilder(32 + count * 24).append("INSERT INTO d VALUES ");
        for (int group = first; group < first + count; group++) {
            if (group > first) {
                sql.append(',');
            }
            sql.append('(').append(group).append(",'").append(name(group)).append("')");
        }
        return sql.toString();
    }

    /** COPY text format lines of {@code t} for keys {@code first .. first + count - 1}. */
    byte[] copyT(long first, int count) {
        StringBuilder text = new StringBuilder(count * 26);
        for (long key = first; key < first + count; key++) {
            text.append(key).append('\t').append(group(key)).append('\t').append(value(key)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** SplitMix64's finalizer: a fixed, well-spread function of the key. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
