package io.rockstream.compiler.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The binder's read access to the catalog. Names are a relation's name in {@code public}
 * (unqualified) or {@code schema.name} for the system schemas {@code pg_catalog} and
 * {@code information_schema}.
 */
public interface CatalogReader {
    Optional<RelationEntry> relation(String name);

    Collection<RelationEntry> relations();

    /**
     * A lookup table of the catalog as it is now (see {@link CatalogLookups} for the names):
     * what catalog functions such as {@code pg_get_indexdef} or a {@code ::regclass} cast
     * read. Empty for a catalog without system relations.
     */
    default Map<String, String> lookup(String table) {
        return Map.of();
    }
}
