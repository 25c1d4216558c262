package io.rockstream.jobmanager.catalog;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import java.util.function.Consumer;

/**
 * The rows of a relation as a multiset (row → positive count), with an index on a unique
 * key when the relation has one: a table's primary key, a materialized view's
 * {@link ViewKey}. Two implementations: {@link HeapContents} for
 * in-memory engines, {@link StoredContents} in the process's RocksDB store for engines with
 * storage, so that contents may be larger than the heap.
 *
 * <p>One writer at a time ({@link #apply}); the owner says which lock guards it (the
 * epoch coordinator's for visible contents). Reads never copy the relation to the heap
 * unless the implementation is the heap: {@link #read} gives a consistent view that is
 * streamed in chunks.
 */
public interface Contents {
    /** Adds a change: each row's count changes by its weight. */
    void apply(ZSet delta);

    /** The count of {@code row} (0 when absent). */
    long count(Row row);

    /**
     * The row whose key columns equal {@code key} as grouping compares them ({@link Row#equals}:
     * NULL equal to NULL, numbers whatever their width or scale), or null (also null without a key).
     */
    Row lookup(Row key);

    /** The number of rows, duplicates counted. */
    long size();

    /**
     * {@link #count} of each row, in order: what a large write checks, read in one batch by
     * contents that are stored.
     */
    default long[] counts(java.util.List<Row> rows) {
        long[] counts = new long[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = count(rows.get(i));
        }
        return counts;
    }

    /** {@link #lookup} of each key, in order (null where none), read in one batch by stored contents. */
    default Row[] lookups(java.util.List<Row> keys) {
        Row[] rows = new Row[keys.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = lookup(keys.get(i));
        }
        return rows;
    }

    /** A consistent read of the rows as they are now; later changes do not show in it. Close it. */
    Reader read();

    /** Deletes the rows and whatever storage holds them; the contents are not used afterwards. */
    void drop();

    /** Rows read in chunks, e.g. to feed a one-epoch job without holding the relation on the heap. */
    interface Reader extends AutoCloseable {
        /** Passes every row with its count to {@code consumer}, in chunks of at most {@code chunkRows} rows. */
        void forEachChunk(int chunkRows, Consumer<ZSet> consumer);

        @Override
        void close();

        /** This reader followed by {@code extra} (e.g. the writes not yet visible). */
        default Reader plus(ZSet extra) {
            if (extra == null || extra.isEmpty()) {
                return this;
            }
            Reader base = this;
            return new Reader() {
                @Override
                public void forEachChunk(int chunkRows, Consumer<ZSet> consumer) {
                    base.forEachChunk(chunkRows, consumer);
                    consumer.accept(extra);
                }

                @Override
                public void close() {
                    base.close();
                }
            };
        }

        /** The rows of a Z-set already on the heap, as one chunk. */
        static Reader of(ZSet rows) {
            return new Reader() {
                @Override
                public void forEachChunk(int chunkRows, Consumer<ZSet> consumer) {
                    if (!rows.isEmpty()) {
                        consumer.accept(rows);
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
