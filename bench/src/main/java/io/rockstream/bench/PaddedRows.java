package io.rockstream.bench;

import java.util.SplittableRandom;

/**
 * The checkpoint benchmark's rows: {@code t(k, g, v, pad)}, {@link #rowBytes()} bytes each
 * (8 + 4 + 8 bytes of numbers and {@link #padLength()} characters of pad, by default
 * {@value #DEFAULT_PAD_LENGTH}), a pure function of the key so that a crashed writer and the
 * program checking it agree on what was written. {@code g} and {@code v} are those of
 * {@link Workload}; the pad is random hex (not a run of one character, which compression
 * would make nearly free; LZ4, which the RocksDB store uses, does not shrink random hex).
 */
final class PaddedRows {
    static final int DEFAULT_PAD_LENGTH = 80;
    static final int NUMBER_BYTES = 8 + 4 + 8;
    static final String CREATE_T = "CREATE TABLE t (k bigint PRIMARY KEY, g int, v bigint, pad text)";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Workload workload;
    private final int padLength;

    PaddedRows(int groups, int padLength) {
        if (padLength < 0) {
            throw new IllegalArgumentException("negative pad length " + padLength);
        }
        this.workload = new Workload(groups);
        this.padLength = padLength;
    }

    Workload workload() {
        return workload;
    }

    int padLength() {
        return padLength;
    }

    /** The logical size of a row: its numbers and its pad. */
    int rowBytes() {
        return NUMBER_BYTES + padLength;
    }

    int group(long key) {
        return workload.group(key);
    }

    long value(long key) {
        return workload.value(key);
    }

    /** {@code INSERT INTO t VALUES ...} for keys {@code first .. first + count - 1}. */
    String insert(long first, int count) {
        StringBuilder sql = new StringBuilder(32 + count * (padLength + 40)).append("INSERT INTO t VALUES ");
        for (long key = first; key < first + count; key++) {
            if (key > first) {
                sql.append(',');
            }
            sql.append('(').append(key).append(',').append(group(key)).append(',').append(value(key)).append(",'");
            appendPad(sql, key);
            sql.append("')");
        }
        return sql.toString();
    }

    private void appendPad(StringBuilder sql, long key) {
        SplittableRandom random = new SplittableRandom(key);
        long bits = 0;
        for (int i = 0; i < padLength; i++) {
            if (i % 16 == 0) {
                bits = random.nextLong();
            }
            sql.append(HEX[(int) (bits & 0xF)]);
            bits >>>= 4;
        }
    }
}
