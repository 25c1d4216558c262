package io.rockstream.compiler.catalog;

import java.util.Collection;
import java.util.Optional;

/** The binder's read access to the catalog. */
public interface CatalogReader {
    Optional<RelationEntry> relation(String name);

    Collection<RelationEntry> relations();
}
