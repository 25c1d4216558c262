package io.rockstream.statebackend.rocksdb;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;

/**
 * Canonical row keys for raw families ({@link RocksDbStore#rawGet}): rows equal as SQL
 * values ({@link Row#equals}: numbers whatever their scale or width, NULL equal to NULL)
 * get identical bytes, the same form the state backend's keys use ({@link StateKeys}).
 */
public final class RowKeys {
    private RowKeys() {
    }

    /** {@code tag canonical(row)}: one tag byte, then the row's canonical form. */
    public static byte[] key(byte tag, Row row) {
        RowCodec.Writer writer = new RowCodec.Writer(16 + row.size() * 8);
        writer.varint(0);
        StateKeys.writeCanonical(writer, row);
        byte[] bytes = writer.toByteArray();
        bytes[0] = tag;
        return bytes;
    }
}
