package io.rockstream.jobmanager.catalog;

import static java.util.Objects.requireNonNull;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.jobgraph.graph.JobGraph;
import java.util.Set;

/**
 * A catalog object: its relation entry, the names it depends on, and for a materialized
 * view the job graph that maintains it (null otherwise).
 */
public record CatalogEntry(RelationEntry relation, Set<String> dependencies, JobGraph job) {
    public CatalogEntry {
        requireNonNull(relation, "relation is null");
        dependencies = Set.copyOf(dependencies);
    }

    public String name() {
        return relation.name();
    }
}
