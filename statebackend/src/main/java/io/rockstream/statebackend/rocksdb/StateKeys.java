package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.statebackend.KeyGroups;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The RocksDB keys of state entries:
 *
 * <pre>
 * value state entry   := keyGroup(2 bytes, big-endian) canonical(key)
 * arrangement key     := keyGroup canonical(key)                   → zigzag(total) varint(rows)
 * arrangement row     := keyGroup canonical(key) canonical(row)    → zigzag(weight) row
 * counter             := 0xFF 0xFF                                 → zigzag(count)
 * </pre>
 *
 * <p>{@code canonical} is the {@link RowCodec} row form of the values after normalization,
 * so that rows equal as SQL values ({@link Row#equals}) have identical bytes: integers of
 * every width become bigint; a numeric or float with an integral value of at most 18 digits
 * becomes that bigint (as {@code Values.hash} does); other numerics drop trailing zeros
 * ({@code 1.50} → {@code 1.5}); real widens to double; {@code -0.0} becomes 0 and every NaN
 * the same NaN. The form is one-way: the exact row is stored in the value. A RowCodec row
 * is self-delimiting, so no canonical key is a prefix of another and a prefix scan over
 * {@code keyGroup canonical(key)} finds exactly that key's rows. Key groups stay below
 * 0xFFFF, which is the counter's prefix.
 */
final class StateKeys {
    static final byte[] COUNTER = {(byte) 0xFF, (byte) 0xFF};
    private static final double LONG_DIGITS_LIMIT = 1e18;

    private StateKeys() {
    }

    /** {@code keyGroup canonical(key)}. */
    static byte[] key(Row key, int maxParallelism) {
        int keyGroup = KeyGroups.keyGroup(key, maxParallelism);
        RowCodec.Writer writer = new RowCodec.Writer(16 + key.size() * 8);
        writer.varint(0);
        writer.varint(0);
        writeCanonical(writer, key);
        byte[] bytes = writer.toByteArray();
        bytes[0] = (byte) (keyGroup >>> 8);
        bytes[1] = (byte) keyGroup;
        return bytes;
    }

    /** {@code prefix canonical(row)}, where prefix is an arrangement key from {@link #key}. */
    static byte[] rowKey(byte[] prefix, Row row) {
        RowCodec.Writer writer = new RowCodec.Writer(16 + row.size() * 8);
        writeCanonical(writer, row);
        byte[] canonical = writer.toByteArray();
        byte[] bytes = Arrays.copyOf(prefix, prefix.length + canonical.length);
        System.arraycopy(canonical, 0, bytes, prefix.length, canonical.length);
        return bytes;
    }

    static boolean isCounter(byte[] key) {
        return key.length == COUNTER.length && key[0] == COUNTER[0] && key[1] == COUNTER[1];
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    static void writeCanonical(RowCodec.Writer writer, Row row) {
        writer.varint(row.size());
        for (int i = 0; i < row.size(); i++) {
            writer.value(canonical(row.get(i)));
        }
    }

    /** The representative of the value's SQL equality class. */
    static Object canonical(Object value) {
        if (value instanceof Short || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal decimal) {
            if (decimal.signum() == 0) {
                return 0L;
            }
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
                return stripped.longValueExact();
            }
            return stripped;
        }
        if (value instanceof Float || value instanceof Double) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return Double.NaN;
            }
            if (number == Math.rint(number) && Math.abs(number) < LONG_DIGITS_LIMIT) {
                return (long) number;
            }
            return number;
        }
        return value;
    }
}
