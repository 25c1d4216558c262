package io.rockstream.jobmanager.durability;

import io.rockstream.jobmanager.catalog.CatalogEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DDL statement that created each catalog object, so that a checkpoint can store the
 * catalog as statements that recreate it. Updated after every DDL statement on the epoch
 * coordinator's thread.
 */
public final class CatalogTexts {
    /** The statement behind one catalog entry (the entry object identifies a replaced view). */
    private record Tracked(CatalogEntry entry, String sql) {
    }

    private final Map<String, Tracked> byName = new HashMap<>();
    /** The last ALTER of each object (only options that are set whole can be altered), replayed after its creation. */
    private final Map<String, String> amendments = new HashMap<>();

    /** Keeps {@code sql}, an ALTER of {@code name}, to replay after the statement that created it. */
    public void amend(String name, String sql) {
        if (!byName.containsKey(name)) {
            throw new IllegalStateException("no DDL statement is known for catalog object " + name);
        }
        amendments.put(name, sql);
    }

    /**
     * {@code after} replaces {@code before} (same object, altered: e.g. a new job graph at
     * another parallelism); it keeps the statement that created it.
     */
    public void replaced(CatalogEntry before, CatalogEntry after) {
        Tracked tracked = byName.get(before.name());
        if (tracked != null && tracked.entry() == before) {
            byName.put(after.name(), new Tracked(after, tracked.sql()));
        }
    }

    /**
     * Records {@code sql} as the origin of every entry it created or replaced and forgets
     * dropped entries; true when the catalog changed (so the statement must be logged).
     */
    public boolean update(Collection<CatalogEntry> entries, String sql) {
        boolean changed = false;
        Set<String> present = new HashSet<>();
        for (CatalogEntry entry : entries) {
            present.add(entry.name());
            Tracked tracked = byName.get(entry.name());
            if (tracked == null || tracked.entry() != entry) {
                byName.put(entry.name(), new Tracked(entry, sql));
                amendments.remove(entry.name());
                changed = true;
            }
        }
        changed |= byName.keySet().retainAll(present);
        amendments.keySet().retainAll(present);
        return changed;
    }

    /** The statements that recreate {@code entries}, each after the objects it depends on. */
    public List<String> creationOrder(Collection<CatalogEntry> entries) {
        Map<String, CatalogEntry> byEntryName = new HashMap<>();
        entries.forEach(entry -> byEntryName.put(entry.name(), entry));
        List<String> statements = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Map<String, Boolean> emitted = new IdentityHashMap<>();
        byEntryName.keySet().stream().sorted().forEach(name -> visit(name, byEntryName, visited, statements, emitted));
        return statements;
    }

    private void visit(String name, Map<String, CatalogEntry> entries, Set<String> visited, List<String> statements,
            Map<String, Boolean> emitted) {
        CatalogEntry entry = entries.get(name);
        if (entry == null || !visited.add(name)) {
            return;
        }
        entry.dependencies().stream().sorted().forEach(dependency -> visit(dependency, entries, visited, statements,
                emitted));
        Tracked tracked = byName.get(name);
        if (tracked == null) {
            throw new IllegalStateException("no DDL statement is known for catalog object " + name);
        }
        // one statement may have created several objects; emit it once
        if (emitted.put(tracked.sql(), Boolean.TRUE) == null) {
            statements.add(tracked.sql());
        }
        String amendment = amendments.get(name);
        if (amendment != null) {
            statements.add(amendment);
        }
    }
}
