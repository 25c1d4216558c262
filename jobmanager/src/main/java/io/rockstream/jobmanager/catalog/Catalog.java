package io.rockstream.jobmanager.catalog;

import io.rockstream.compiler.catalog.CatalogLookups;
import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.jobmanager.system.CatalogSnapshot;
import io.rockstream.jobmanager.system.SystemRelations;
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

    /**
     * A user relation by name, or a system relation by {@code pg_catalog.name} /
     * {@code information_schema.name} (see {@link SystemRelations}).
     */
    @Override
    public Optional<RelationEntry> relation(String name) {
        if (CatalogLookups.isSystemRelation(name)) {
            return SystemRelations.relation(name);
        }
        CatalogEntry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.relation());
    }

    /** The catalog as pg_catalog shows it now; {@code settings} fill pg_settings. */
    public CatalogSnapshot snapshot(Map<String, String> settings) {
        return CatalogSnapshot.of(relations(), settings);
    }

    @Override
    public Map<String, String> lookup(String table) {
        return snapshot(Map.of()).lookup(table);
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
