package io.rockstream.bench;

import java.util.SplittableRandom;

/**
 * The checkpoint benchmark's rows: {@code t(k, g, v, pad)}, about {@value #ROW_BYTES} bytes
 * each (8 + 4 + 8 bytes of numbers and {@value #PAD_LENGTH} characters of pad), a pure
 * function of the key so that a crashed writer and the program checking it agree on what
 * was written. {@code g} and {@code v} are those of {@link Workload}; the pad is random hex
 * (not a run of one character, which compression would make nearly free).
 */
final class PaddedRows {
    static final int PAD_LENGTH = 80;
    static final int ROW_BYTES = 8 + 4 + 8 + PAD_LENGTH;
    static final String CREATE_T = "CREATE TABLE t (k bigint PRIMARY KEY, g int, v bigint, pad text)";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Workload workload;

    PaddedRows(int groups) {
        this.workload = new Workload(groups);
    }

    Workload workload() {
        return workload;
    }

    int group(long key) {
        return workload.group(key);
    }

    long value(long key) {
        return workload.value(key);
    }

    /** {@code INSERT INTO t VALUES ...} for keys {@code first .. first + count - 1}. */
    String insert(long first, int count) {
        StringBuilder sql = new StringBuilder(32 + count * (PAD_LENGTH + 40)).append("INSERT INTO t VALUES ");
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

    private static void appendPad(StringBuilder sql, long key) {
        SplittableRandom random = new SplittableRandom(key);
        long bits = 0;
        for (int i = 0; i < PAD_LENGTH; i++) {
            if (i % 16 == 0) {
                bits = random.nextLong();
            }
            sql.append(HEX[(int) (bits & 0xF)]);
            bits >>>= 4;
        }
    }
}
