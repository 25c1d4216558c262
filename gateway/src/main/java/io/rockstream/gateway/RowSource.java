package io.rockstream.gateway;

import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.Subscription;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows behind a cursor or portal, read forward: a query's result, or a subscription's
 * updates that go on until the client stops.
 */
interface RowSource extends AutoCloseable {
    List<Column> columns();

    /**
     * Up to {@code max} rows. A query's result returns what is left (empty at its end). A
     * subscription waits up to {@code timeoutMillis} for the first row ({@code -1}: until one
     * comes) and returns empty when none came.
     *
     * @throws io.rockstream.jobgraph.error.RockStreamException 57014 when {@link #cancel()} stops the wait
     */
    List<Row> next(int max, long timeoutMillis);

    /** Whether rows keep coming (a subscription): reading "all" of it never ends. */
    boolean streaming();

    /** Stops a wait in {@link #next}, from any thread. */
    void cancel();

    @Override
    void close();

    /** A query's rows, already computed. */
    static RowSource of(List<Column> columns, List<Row> rows) {
        return new RowSource() {
            private int position;

            @Override
            public List<Column> columns() {
                return columns;
            }

            @Override
            public List<Row> next(int max, long timeoutMillis) {
                int end = (int) Math.min(rows.size(), (long) position + max);
                List<Row> slice = rows.subList(position, end);
                position = end;
                return slice;
            }

            @Override
            public boolean streaming() {
                return false;
            }

            @Override
            public void cancel() {
                // nothing waits
            }

            @Override
            public void close() {
                position = rows.size();
            }
        };
    }

    /**
     * A subscription's updates as rows: {@code rs_epoch}, {@code rs_weight} (+n for rows
     * added, -n for rows removed), with progress also {@code rs_progressed} (true on a row
     * that only says its epoch is complete, whose other columns are NULL), then the
     * relation's columns.
     */
    static RowSource of(Subscription subscription, boolean progress) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of("rs_epoch", SqlType.BIGINT));
        columns.add(Column.of("rs_weight", SqlType.BIGINT));
        if (progress) {
            columns.add(Column.of("rs_progressed", SqlType.BOOLEAN));
        }
        int offset = columns.size();
        columns.addAll(subscription.columns());
        List<Column> shape = List.copyOf(columns);
        return new RowSource() {
            @Override
            public List<Column> columns() {
                return shape;
            }

            @Override
            public List<Row> next(int max, long timeoutMillis) {
                List<Subscription.Update> updates;
                if (timeoutMillis >= 0) {
                    updates = subscription.poll(max, timeoutMillis);
                } else {
                    do {
                        updates = subscription.poll(max, 1_000);
                    } while (updates.isEmpty());
                }
                List<Row> rows = new ArrayList<>(updates.size());
                for (Subscription.Update update : updates) {
                    Object[] values = new Object[shape.size()];
                    values[0] = update.epoch();
                    if (update.isProgress()) {
                        values[2] = true;
                    } else {
                        values[1] = update.weight();
                        if (progress) {
                            values[2] = false;
                        }
                        for (int i = 0; i < update.row().size(); i++) {
                            values[offset + i] = update.row().get(i);
                        }
                    }
                    rows.add(Row.wrap(values));
                }
                return rows;
            }

            @Override
            public boolean streaming() {
                return true;
            }

            @Override
            public void cancel() {
                subscription.cancelPoll();
            }

            @Override
            public void close() {
                subscription.close();
            }
        };
    }
}
