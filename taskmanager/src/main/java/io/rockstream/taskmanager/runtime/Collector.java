package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.row.Row;

/** Where an operator puts its output delta. */
@FunctionalInterface
public interface Collector {
    void add(Row row, long weight);
}
