package io.rockstream.jobmanager.system;

import io.rockstream.compiler.catalog.CatalogLookups;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Contents;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds a query's reads of system relations: their rows are computed from one catalog
 * snapshot, taken when the query starts, so all system relations a query reads agree with
 * each other. The query's other relations are read as usual.
 */
public final class SystemReads {
    private SystemReads() {
    }

    /**
     * Readers for {@code relations}: system relations from {@code snapshot} (taken only if
     * one is read), the others from {@code others}.
     */
    public static Map<String, Contents.Reader> read(Set<String> relations, Supplier<CatalogSnapshot> snapshot,
            Function<Set<String>, Map<String, Contents.Reader>> others) {
        Set<String> rest = new HashSet<>();
        Map<String, Contents.Reader> readers = new HashMap<>();
        CatalogSnapshot taken = null;
        for (String relation : relations) {
            if (!CatalogLookups.isSystemRelation(relation)) {
                rest.add(relation);
                continue;
            }
            if (taken == null) {
                taken = snapshot.get();
            }
            ZSet rows = new ZSet();
            for (Row row : SystemRelations.rows(relation, taken)) {
                rows.add(row, 1);
            }
            readers.put(relation, Contents.Reader.of(rows));
        }
        if (!rest.isEmpty() || readers.isEmpty()) {
            readers.putAll(others.apply(rest));
        }
        return readers;
    }
}
