package io.rockstream.jobmanager.catalog;

import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.compiler.catalog.RelationEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog: tables, views and materialized views by name, with their dependencies.
 * Reads are lock-free; changes happen under the engine's DDL lock.
 */
public final class Catalog implements CatalogReader {
    private final Map<String, CatalogEntry> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<RelationEntry> relation(String name) {
        CatalogEntry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.relation());
    }

    @Override
    public Collection<RelationEntry> relations() {
        return entries.values().stream().map(CatalogEntry::relation).toList();
    }

    public Optional<CatalogEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Collection<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    public void add(CatalogEntry entry) {
        entries.put(entry.name(), entry);
    }

    public void remove(String name) {
        entries.remove(name);
    }

    /** The objects that depend on {@code name} directly. */
    public List<CatalogEntry> dependents(String name) {
        List<CatalogEntry> result = new ArrayList<>();
        for (CatalogEntry entry : entries.values()) {
            if (entry.dependencies().contains(name)) {
                result.add(entry);
            }
        }
        return result;
    }
}
