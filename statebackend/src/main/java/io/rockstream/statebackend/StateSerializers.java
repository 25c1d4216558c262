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
        // in the order of the rows' encodings, not the map's: equal contents give equal bytes
        // whatever the map's history (its capacity after growth and removals orders a HashMap)
        int size = counts.size();
        Row[] keys = new Row[size];
        byte[][] rows = new byte[size][];
        long[] weights = new long[size];
        Integer[] order = new Integer[size];
        int i = 0;
        for (Map.Entry<Row, long[]> entry : counts.entrySet()) {
            keys[i] = entry.getKey();
            rows[i] = RowCodec.encode(keys[i]);
            weights[i] = entry.getValue()[0];
            order[i] = i;
            i++;
        }
        java.util.Arrays.sort(order, (a, b) -> java.util.Arrays.compareUnsigned(rows[a], rows[b]));
        writer.varint(size);
        for (int index : order) {
            writer.row(keys[index]);
            writer.signed(weights[index]);
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
