package io.rockstream.jobmanager.durability;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.row.ZSet;
import java.util.Map;
import java.util.TreeMap;

/** One entry of the durable log: a catalog change or one epoch's table changes. */
public sealed interface LogRecord {
    /** A DDL statement that changed the catalog, as the user wrote it. */
    record Ddl(String sql) implements LogRecord {
        public Ddl {
            requireNonNull(sql, "sql is null");
        }
    }

    /**
     * A process took over the log (written at every start): a previous process still running
     * on the same storage fails its next append instead of writing behind our back.
     */
    record Open(String incarnation) implements LogRecord {
        public Open {
            requireNonNull(incarnation, "incarnation is null");
        }
    }

    /** The consolidated changes of every table written in one epoch: they land together or not at all. */
    record Epoch(long epoch, Map<String, ZSet> deltas) implements LogRecord {
        public Epoch {
            deltas = new TreeMap<>(requireNonNull(deltas, "deltas is null"));
        }
    }
}
