package io.rockstream.statebackend;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** Serializers for the state values operators share: counters, flags and sorted row multisets. */
public final class StateSerializers {
    /** A {@code long[]} of any length: {@code varint(length) zigzag(value)*}. */
    public static final StateSerializer<long[]> LONGS = new StateSerializer<>() {
        @Override
        public void write(RowCodec.Writer writer, long[] value) {
            writer.varint(value.length);
            for (long element : value) {
                writer.signed(element);
            }
        }

        @Override
        public long[] read(RowCodec.Reader reader) {
            long[] value = new long[reader.count()];
            for (int i = 0; i < value.length; i++) {
                value[i] = reader.signed();
            }
            return value;
        }
    };

    /** A Boolean: one byte, 0 or 1. */
    public static final StateSerializer<Boolean> BOOLEAN = new StateSerializer<>() {
        @Override
        public void write(RowCodec.Writer writer, Boolean value) {
            writer.varint(value ? 1 : 0);
        }

        @Override
        public Boolean read(RowCodec.Reader reader) {
            long value = reader.varint();
            if (value != 0 && value != 1) {
                throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "corrupt state: boolean %d", value);
            }
            return value == 1;
        }
    };

    private StateSerializers() {
    }

    /**
     * Rows with counts sorted by {@code ordering} (top-k and window partitions):
     * {@code varint(entries) (row zigzag(count))*}, in the map's order.
     */
    public static StateSerializer<TreeMap<Row, long[]>> sortedRowCounts(Comparator<Row> ordering) {
        requireNonNull(ordering, "ordering is null");
        return new StateSerializer<>() {
            @Override
            public void write(RowCodec.Writer writer, TreeMap<Row, long[]> value) {
                writeRowCounts(writer, value);
            }

            @Override
            public TreeMap<Row, long[]> read(RowCodec.Reader reader) {
                TreeMap<Row, long[]> value = new TreeMap<>(ordering);
                readRowCounts(reader, value);
                return value;
            }
        };
    }

    /** Writes a map of rows to one-element counts: {@code varint(entries) (row zigzag(count))*}. */
    public static void writeRowCounts(RowCodec.Writer writer, Map<Row, long[]> counts) {
        writer.varint(counts.size());
        for (Map.Entry<Row, long[]> entry : counts.entrySet()) {
            writer.row(entry.getKey());
            writer.signed(entry.getValue()[0]);
        }
    }

    /** Reads what {@link #writeRowCounts} wrote into {@code into}. */
    public static void readRowCounts(RowCodec.Reader reader, Map<Row, long[]> into) {
        int entries = reader.count();
        for (int i = 0; i < entries; i++) {
            Row row = reader.row();
            into.put(row, new long[] {reader.signed()});
        }
    }
}
